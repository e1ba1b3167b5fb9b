/**
 * cloud-init's `#cloud-config`: hostname, groups, users (with sudo rules
 * lifted from sudoers.d files that hold only theirs), write_files (with
 * append, deferred when a file belongs to a user the config creates), mounts
 * lifted from plain mount units, and `runcmd` for what cloud-init has no key
 * for (directories, links, chown by id, systemctl).
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { parseUnitOptions } from "../../gocompat/unitfile.js";
import {
  cloudConfigDocument,
  contentsOf,
  dropinPath,
  encodeContent,
  isRoot,
  liftedHostname,
  modeString,
  ownerPart,
  unitPath,
  userFields,
} from "./common.js";
import type { Owner, Plan, PlanFile, PlanUnit, PlanUser } from "./plan.js";
import { shQuote } from "./sh.js";

type Doc = Record<string, unknown>;

/** cloud-init resolves owners by name; a non-root id is set with chown from runcmd instead. */
const byId = (o: Owner): boolean => o.name === undefined && o.id !== undefined && o.id !== 0;

/** A command as the line `sh` runs: words quoted only where they need it. */
const shellWord = (s: string): string => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : shQuote(s));
const commandLine = (argv: string[]): string => argv.map(shellWord).join(" ");

/** An owner by id named after the user the config creates with that uid, when there is one. */
function named(o: Owner, users: PlanUser[]): Owner {
  if (!byId(o)) return o;
  const u = users.find((u) => u.uid === o.id);
  return u ? { name: u.name } : o;
}

function writeFile(plan: Plan, given: PlanFile, runcmd: string[][]): Doc {
  const file = { ...given, user: named(given.user, plan.users) };
  const append = file.contents === undefined && file.appends.length > 0;
  const bytes = append ? Buffer.concat(file.appends) : contentsOf(file);
  const { content, encoding } = encodeContent(bytes);
  const byName = { user: byId(file.user) ? {} : file.user, group: byId(file.group) ? {} : file.group };
  const owner = isRoot(byName.user) && isRoot(byName.group) ? undefined : `${ownerPart(byName.user)}:${ownerPart(byName.group)}`;
  if (byId(file.user) || byId(file.group)) runcmd.push(["chown", `${ownerPart(file.user)}:${ownerPart(file.group)}`, file.path]);
  return {
    path: file.path,
    ...(owner ? { owner, defer: true } : {}),
    permissions: modeString(file.mode),
    ...(encoding ? { encoding } : {}),
    content,
    ...(append ? { append: true } : {}),
  };
}

/**
 * sudo rules for the config's users, from sudoers.d files that hold nothing
 * else (root-owned, 0440, every line "USER RULE" for a user the config
 * creates, one rule per user): cloud-init writes them itself from each
 * user's `sudo`.
 */
function liftSudoers(plan: Plan): { files: Set<PlanFile>; rules: Map<string, string> } {
  const files = new Set<PlanFile>();
  const rules = new Map<string, string>();
  const names = new Set(plan.users.map((u) => u.name));
  for (const f of plan.files) {
    if (
      !/^\/etc\/sudoers\.d\/[^/]+$/.test(f.path) ||
      f.contents === undefined ||
      f.appends.length ||
      f.mode !== 0o440 ||
      !isRoot(f.user) ||
      !isRoot(f.group)
    )
      continue;
    const lines = Buffer.from(f.contents)
      .toString("utf8")
      .split("\n")
      .filter((l) => l !== "");
    const parsed = lines.map((l) => /^([a-z_][a-z0-9_.-]*)\s+(\S.*)$/.exec(l));
    // cloud-init's schema takes one rule per user as a string.
    const users = parsed.map((m) => m?.[1]);
    if (
      !parsed.length ||
      parsed.some((m) => !m || !names.has(m[1]) || m[2].includes("\\") || rules.has(m[1])) ||
      new Set(users).size !== users.length
    )
      continue;
    files.add(f);
    for (const m of parsed) rules.set(m![1], m![2].trimEnd());
  }
  return { files, rules };
}

function user(u: PlanUser, sudo: string | undefined): Doc {
  return {
    name: u.name,
    ...(u.uid !== undefined ? { uid: u.uid } : {}),
    ...userFields(u),
    ...(u.passwordHash !== undefined ? { hashed_passwd: u.passwordHash, lock_passwd: false } : {}),
    ...(sudo ? { sudo } : {}),
    ...(u.sshAuthorizedKeys.length ? { ssh_authorized_keys: u.sshAuthorizedKeys } : {}),
  };
}

const MOUNT_ALLOWED: Record<string, (value: string) => boolean> = {
  "Unit.Description": () => true,
  "Unit.Documentation": () => true,
  "Unit.Before": (v) => v === "local-fs.target" || v === "remote-fs.target",
  "Mount.What": (v) => v !== "",
  "Mount.Where": (v) => v.startsWith("/"),
  "Mount.Type": (v) => /^[\w.+-]+$/.test(v),
  "Mount.Options": (v) => /^\S+$/.test(v),
  "Install.WantedBy": (v) => v === "local-fs.target" || v === "remote-fs.target" || v === "multi-user.target",
  "Install.RequiredBy": (v) => v === "local-fs.target" || v === "remote-fs.target",
};

/**
 * An fstab row for an enabled mount unit that says nothing fstab cannot
 * (What, Where, Type, Options, a description, the usual targets); any other
 * mount unit is written as a unit.
 */
function mountRow(u: PlanUnit): string[] | undefined {
  if (!u.name.endsWith(".mount") || !u.enabled || u.mask || u.dropins.length || u.contents === undefined) return undefined;
  const parsed = parseUnitOptions(u.contents);
  if (!parsed.ok) return undefined;
  const fields: Record<string, string> = {};
  for (const o of parsed.options) {
    const key = `${o.section}.${o.name}`;
    const allowed = MOUNT_ALLOWED[key];
    if (!allowed?.(o.value) || (key.startsWith("Mount.") && key in fields)) return undefined;
    fields[key] = o.value;
  }
  if (!fields["Mount.What"] || !fields["Mount.Where"]) return undefined;
  return [fields["Mount.What"], fields["Mount.Where"], fields["Mount.Type"] ?? "auto", fields["Mount.Options"] ?? "defaults", "0", "0"];
}

function unitCommands(units: PlanUnit[], runcmd: string[][]): void {
  if (units.some((u) => u.contents !== undefined || u.dropins.length)) runcmd.push(["systemctl", "daemon-reload"]);
  for (const u of units) {
    if (u.mask) runcmd.push(["systemctl", "mask", u.name]);
    if (u.enabled === true) runcmd.push(["systemctl", "enable", u.name]);
    if (u.enabled === false) runcmd.push(["systemctl", "disable", u.name]);
  }
  // --no-block: runcmd runs inside cloud-final.service; waiting for a unit ordered after it would hang.
  for (const u of units) if (u.enabled === true && !u.mask) runcmd.push(["systemctl", "start", "--no-block", u.name]);
}

export function renderCloudInit(plan: Plan): { output: string; diagnostics: Diagnostic[] } {
  const hostname = liftedHostname(plan);
  const runcmd: string[][] = [];
  const mounts: string[][] = [];
  const units: PlanUnit[] = [];
  for (const u of plan.units) {
    const row = mountRow(u);
    if (row) mounts.push(row);
    else units.push(u);
  }

  for (const d of plan.directories) {
    runcmd.push(["mkdir", "-p", d.path], ["chmod", modeString(d.mode), d.path]);
    const user = named(d.user, plan.users);
    if (!isRoot(user) || !isRoot(d.group)) runcmd.push(["chown", `${ownerPart(user)}:${ownerPart(d.group)}`, d.path]);
  }
  const sudoers = liftSudoers(plan);
  const writeFiles = plan.files.filter((f) => f !== hostname?.file && !sudoers.files.has(f)).map((f) => writeFile(plan, f, runcmd));
  for (const u of units) {
    if (u.contents !== undefined) writeFiles.push({ path: unitPath(u.name), permissions: "0644", content: u.contents });
    for (const d of u.dropins) writeFiles.push({ path: dropinPath(u, d.name), permissions: "0644", content: d.contents ?? "" });
  }
  for (const l of plan.links) {
    const parent = l.path.slice(0, l.path.lastIndexOf("/")) || "/";
    runcmd.push(["mkdir", "-p", parent], l.hard ? ["ln", "-f", l.target, l.path] : ["ln", "-sfn", l.target, l.path]);
    // Ignition ignores user/group on hard links: chown would change the target's owner.
    const user = named(l.user, plan.users);
    if (!l.hard && (!isRoot(user) || !isRoot(l.group))) runcmd.push(["chown", "-h", `${ownerPart(user)}:${ownerPart(l.group)}`, l.path]);
  }
  unitCommands(units, runcmd);

  const doc: Doc = {};
  if (hostname) doc.hostname = hostname.hostname;
  if (plan.groups.length) doc.groups = plan.groups.map((g) => g.name);
  if (plan.users.length) doc.users = plan.users.map((u) => user(u, sudoers.rules.get(u.name)));
  if (writeFiles.length) doc.write_files = writeFiles;
  if (mounts.length) doc.mounts = mounts;
  if (runcmd.length) doc.runcmd = runcmd.map(commandLine);
  return { output: cloudConfigDocument(doc), diagnostics: [] };
}
