/**
 * What a config asks of a machine, as a flat list of expectations: each one
 * names a probe (what to look at), its arguments and the exact string the
 * probe must find. Two evaluators read the same list and must agree check
 * by check: `evaluate.ts` (TypeScript, `kindling verify --root`) and the
 * POSIX sh agent rendered from templates/verify.sh.hbs (first boot). So
 * every rule that needs judgement lives here, once; the probes only look.
 *
 * Owners are written the way the config named them: `core:core`, `0:0`,
 * `core:1000`; a probe reports the owner it finds in the same form (names
 * looked up in the tree's own /etc/passwd and /etc/group).
 */

import type { Owner, Plan } from "../emit/legacy/plan.js";
import { finalContents } from "../emit/legacy/plan.js";
import type { CheckedJson } from "../ignition/decode.js";
import { crypto } from "../lazy-builtins.js";
import type { CheckKind } from "./report.js";

/** A result: an expectation with what was found (a report's check, schemas/report.json). */
export type { Check, CheckKind } from "./report.js";

/**
 * The probes, each with its arguments and what it reports:
 * - type PATH: file | directory | link | other | missing (not following links)
 * - sha256 PATH: hex sha256 of a regular file, else missing
 * - tail-sha256 PATH N: hex sha256 of the file's last N bytes, else missing
 * - mode PATH: 0644-style permission bits (following links)
 * - owner PATH USER GROUP: the owner as USER:GROUP, each part a name when the
 *   config gave a name (that name when it has the file's id, else the id's
 *   first name in /etc/passwd or /etc/group, else the number) and a number
 *   otherwise; USER and GROUP are `name:NAME` or `id:N`
 * - readlink PATH: the link's target, `not a link`, or missing
 * - hardlink PATH TARGET: TARGET when both are the same inode, else
 *   `another file` or missing
 * - group-gid NAME / user-uid NAME / user-gecos NAME / user-home NAME /
 *   user-shell NAME: the field, or missing
 * - group-exists NAME / user-exists NAME: true | false
 * - user-primary-group NAME: the primary group's name, else its number
 * - user-in-group NAME GROUP: true | false (the group's member list)
 * - ssh-key NAME KEY: true | false (one whole line of ~/.ssh/authorized_keys
 *   or of a file in ~/.ssh/authorized_keys.d/, home from /etc/passwd)
 * - unit-enabled NAME: true | false (live: systemctl is-enabled; else a
 *   .wants/ or .requires/ link under /etc/systemd/system)
 * - unit-started NAME: started, or the unit's ActiveState/Result (live only)
 * - failed-units: none, or the failed units' names, comma-separated (live only)
 * - hostname: the kernel's hostname when ROOT is /, else /etc/hostname's first line
 * - cmdline ARG: present | absent, as one word of ROOT/proc/cmdline
 *   (or `unknown` when there is none)
 * - ignition-result: userConfigProvided from /etc/.ignition-result.json
 *   (skipped when that file is absent)
 */
export type Probe =
  | "type"
  | "sha256"
  | "tail-sha256"
  | "mode"
  | "owner"
  | "readlink"
  | "hardlink"
  | "group-exists"
  | "group-gid"
  | "user-exists"
  | "user-uid"
  | "user-gecos"
  | "user-home"
  | "user-shell"
  | "user-primary-group"
  | "user-in-group"
  | "ssh-key"
  | "unit-enabled"
  | "unit-started"
  | "failed-units"
  | "hostname"
  | "cmdline"
  | "ignition-result";

/** One thing a config asked for, as the agent and `kindling verify` check it: its kind, its path or name, and the probes to run. */
export interface Expectation {
  kind: CheckKind;
  /** The path, user, group, unit or argument checked. */
  subject: string;
  property: string;
  expected: string;
  probe: Probe;
  args: string[];
  /** Only on a running systemd host (ROOT is / and /run/systemd/system exists). */
  live?: true;
  /** Checked only when this file exists under ROOT. */
  ifExists?: string;
  /**
   * Checked only when the probe named here passes first (its index in the
   * list): a file's hash and mode are checked only when it is a file.
   */
  after?: number;
}

export interface ExpectationOptions {
  /** Kernel arguments the machine must have booted with, beyond the config's own (a serve profile's boot args). */
  kernelArguments?: string[];
}

const sha256 = (b: Uint8Array): string => crypto().createHash("sha256").update(b).digest("hex");
export const octalMode = (m: number): string => "0" + (m & 0o7777).toString(8).padStart(3, "0");
const spec = (o: Owner): string => (o.name !== undefined ? `name:${o.name}` : `id:${o.id ?? 0}`);
const shown = (o: Owner): string => (o.name !== undefined ? o.name : String(o.id ?? 0));

type Json = CheckedJson;

/** Collects expectations in order; `add` returns an expectation's index, for `after`. */
class Collector {
  readonly list: Expectation[] = [];
  add(e: Expectation): number {
    return this.list.push(e) - 1;
  }
  /** The node's owner and group, checked once the node itself is there. */
  owner(kind: CheckKind, path: string, o: { user: Owner; group: Owner }, after: number): void {
    this.add({
      kind,
      subject: path,
      property: "owner",
      expected: `${shown(o.user)}:${shown(o.group)}`,
      probe: "owner",
      args: [path, spec(o.user), spec(o.group)],
      after,
    });
  }
}

/** Everything a config asks of a machine (files, directories, links, users, groups, units, hostname, …) as expectations to check. */
export function expectationsOf(plan: Plan, config: Json, options: ExpectationOptions = {}): Expectation[] {
  const c = new Collector();
  for (const f of plan.files) fileExpectations(c, f);
  for (const d of plan.directories) directoryExpectations(c, d);
  for (const l of plan.links) linkExpectations(c, l);
  for (const g of plan.groups) groupExpectations(c, g);
  for (const u of plan.users) userExpectations(c, u);
  for (const u of plan.units) unitExpectations(c, u);
  hostnameExpectation(c, plan);
  kernelArgumentExpectations(c, config, options);
  machineExpectations(c);
  return c.list;
}

type PlanItem<K extends "files" | "directories" | "links" | "groups" | "users" | "units"> = Plan[K][number];

function fileExpectations(c: Collector, f: PlanItem<"files">): void {
  const isFile = c.add({ kind: "file", subject: f.path, property: "type", expected: "file", probe: "type", args: [f.path] });
  const whole = finalContents(f);
  if (whole !== undefined)
    c.add({ kind: "file", subject: f.path, property: "sha256", expected: sha256(whole), probe: "sha256", args: [f.path], after: isFile });
  else if (f.appends.some((a) => a.length)) {
    const tail = Buffer.concat(f.appends);
    c.add({
      kind: "file",
      subject: f.path,
      property: "ends with appends (sha256)",
      expected: sha256(tail),
      probe: "tail-sha256",
      args: [f.path, String(tail.length)],
      after: isFile,
    });
  }
  c.add({ kind: "file", subject: f.path, property: "mode", expected: octalMode(f.mode), probe: "mode", args: [f.path], after: isFile });
  c.owner("file", f.path, f, isFile);
}

function directoryExpectations(c: Collector, d: PlanItem<"directories">): void {
  const isDir = c.add({ kind: "directory", subject: d.path, property: "type", expected: "directory", probe: "type", args: [d.path] });
  c.add({ kind: "directory", subject: d.path, property: "mode", expected: octalMode(d.mode), probe: "mode", args: [d.path], after: isDir });
  c.owner("directory", d.path, d, isDir);
}

function linkExpectations(c: Collector, l: PlanItem<"links">): void {
  if (l.hard) {
    c.add({ kind: "link", subject: l.path, property: "hard link to", expected: l.target, probe: "hardlink", args: [l.path, l.target] });
    return;
  }
  const isLink = c.add({ kind: "link", subject: l.path, property: "target", expected: l.target, probe: "readlink", args: [l.path] });
  c.owner("link", l.path, l, isLink);
}

function groupExpectations(c: Collector, g: PlanItem<"groups">): void {
  const exists = c.add({ kind: "group", subject: g.name, property: "exists", expected: "true", probe: "group-exists", args: [g.name] });
  if (g.gid !== undefined)
    c.add({ kind: "group", subject: g.name, property: "gid", expected: String(g.gid), probe: "group-gid", args: [g.name], after: exists });
}

function userExpectations(c: Collector, u: PlanItem<"users">): void {
  const exists = c.add({ kind: "user", subject: u.name, property: "exists", expected: "true", probe: "user-exists", args: [u.name] });
  const field = (property: string, probe: Probe, value: string | number | bigint | undefined) => {
    if (value !== undefined)
      c.add({ kind: "user", subject: u.name, property, expected: String(value), probe, args: [u.name], after: exists });
  };
  field("uid", "user-uid", u.uid);
  field("gecos", "user-gecos", u.gecos);
  field("home", "user-home", u.homeDir);
  field("shell", "user-shell", u.shell);
  field("primary group", "user-primary-group", u.primaryGroup);
  for (const g of u.groups)
    c.add({
      kind: "user",
      subject: u.name,
      property: `in group ${g}`,
      expected: "true",
      probe: "user-in-group",
      args: [u.name, g],
      after: exists,
    });
  // One key a line: a key with line breaks in it is several lines of the file.
  for (const k of u.sshAuthorizedKeys.flatMap((k) => k.split(/\r?\n/)).filter((k) => k.trim() !== "")) {
    c.add({
      kind: "user",
      subject: u.name,
      property: `ssh key ${keyLabel(k)}`,
      expected: "true",
      probe: "ssh-key",
      args: [u.name, k],
      after: exists,
    });
  }
}

function unitExpectations(c: Collector, u: PlanItem<"units">): void {
  const path = `/etc/systemd/system/${u.name}`;
  if (u.mask) {
    c.add({ kind: "unit", subject: u.name, property: "masked", expected: "/dev/null", probe: "readlink", args: [path] });
    return;
  }
  if (u.contents !== undefined)
    c.add({ kind: "unit", subject: u.name, property: "sha256", expected: sha256(Buffer.from(u.contents)), probe: "sha256", args: [path] });
  for (const d of u.dropins) {
    if (d.contents === undefined) continue;
    c.add({
      kind: "unit",
      subject: u.name,
      property: `drop-in ${d.name} sha256`,
      expected: sha256(Buffer.from(d.contents)),
      probe: "sha256",
      args: [`${path}.d/${d.name}`],
    });
  }
  if (u.enabled !== undefined) {
    // Without systemd, enablement is a link made from [Install]; a unit the OS ships is judged by systemctl only.
    const fromInstall = u.contents !== undefined && /^\s*\[Install\]/m.test(u.contents);
    c.add({
      kind: "unit",
      subject: u.name,
      property: "enabled",
      expected: String(u.enabled),
      probe: "unit-enabled",
      args: [u.name],
      ...(fromInstall ? {} : { live: true as const }),
    });
  }
  if (u.enabled === true)
    c.add({ kind: "unit", subject: u.name, property: "started", expected: "started", probe: "unit-started", args: [u.name], live: true });
}

/** The hostname the machine should have: the first line of the /etc/hostname the config writes. */
function hostnameExpectation(c: Collector, plan: Plan): void {
  const hostname = plan.files.find((f) => f.path === "/etc/hostname");
  const hostnameBytes = hostname && finalContents(hostname);
  if (!hostnameBytes) return;
  const name = Buffer.from(hostnameBytes).toString("utf8").split("\n")[0]!.trim();
  if (name) c.add({ kind: "hostname", subject: "hostname", property: "name", expected: name, probe: "hostname", args: [] });
}

/** Kernel arguments the machine must (the profile's and the config's shouldExist) and must not have booted with. */
function kernelArgumentExpectations(c: Collector, config: Json, options: ExpectationOptions): void {
  const kargs = (config.kernelArguments ?? {}) as Json;
  const wanted = [...(options.kernelArguments ?? []), ...((kargs.shouldExist as string[] | undefined) ?? [])];
  for (const a of [...new Set(wanted)])
    c.add({ kind: "kernel-argument", subject: a, property: "present", expected: "present", probe: "cmdline", args: [a] });
  for (const a of (kargs.shouldNotExist as string[] | undefined) ?? [])
    c.add({ kind: "kernel-argument", subject: a, property: "absent", expected: "absent", probe: "cmdline", args: [a] });
}

/** What every machine is checked for: no failed units, and Ignition's own record that it ran the config. */
function machineExpectations(c: Collector): void {
  c.add({
    kind: "failed-units",
    subject: "systemd",
    property: "failed units",
    expected: "none",
    probe: "failed-units",
    args: [],
    live: true,
  });
  c.add({
    kind: "ignition-result",
    subject: "/etc/.ignition-result.json",
    property: "userConfigProvided",
    expected: "true",
    probe: "ignition-result",
    args: [],
    ifExists: "/etc/.ignition-result.json",
  });
}

/** An SSH key as a label: its type and comment, or the start of its data. */
function keyLabel(key: string): string {
  const words = key.trim().split(/\s+/);
  const typeAt = words.findIndex((w) => /^(ssh-|ecdsa-|sk-)/.test(w));
  if (typeAt >= 0 && words.length > typeAt + 2) return `${words[typeAt]} ${words.slice(typeAt + 2).join(" ")}`;
  return key.trim().slice(0, 40);
}
