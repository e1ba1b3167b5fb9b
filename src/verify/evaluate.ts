/**
 * The TypeScript evaluator of expectations (expectations.ts) against a tree:
 * `kindling verify --root DIR`. Each probe is a small function that only
 * looks and reports a string; the first-boot agent's sh probes
 * (templates/verify.sh.hbs) report the same strings for the same tree, which
 * test/system/verify-agreement.test.ts checks check by check under dash and
 * busybox sh (test/system/verify-live.test.ts for the systemctl probes).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, type Stats, statSync } from "node:fs";
import { join } from "node:path";
import { type Check, type Expectation, octalMode, type Probe } from "./expectations.js";

interface Account {
  name: string;
  id: string;
  primary: string;
  gecos: string;
  home: string;
  shell: string;
  members: string[];
}

/** The tree being checked, with its account databases read once. */
export class Tree {
  readonly live: boolean;
  private tables = new Map<string, Account[]>();

  constructor(readonly root: string) {
    this.live = (root === "/" || root === "") && existsSync("/run/systemd/system");
  }

  at(path: string): string {
    return join(this.root, path);
  }

  lstat(path: string): Stats | undefined {
    try {
      return lstatSync(this.at(path));
    } catch {
      return undefined;
    }
  }

  accounts(file: "passwd" | "group"): Account[] {
    let table = this.tables.get(file);
    if (!table) {
      const path = this.at(`/etc/${file}`);
      const text = existsSync(path) ? readFileSync(path, "utf8") : "";
      table = text
        .split("\n")
        .filter((l) => l.includes(":"))
        .map((l) => {
          const f = l.split(":");
          return file === "passwd"
            ? { name: f[0]!, id: f[2] ?? "", primary: f[3] ?? "", gecos: f[4] ?? "", home: f[5] ?? "", shell: f[6] ?? "", members: [] }
            : {
                name: f[0]!,
                id: f[2] ?? "",
                primary: "",
                gecos: "",
                home: "",
                shell: "",
                members: (f[3] ?? "").split(",").filter(Boolean),
              };
        });
      this.tables.set(file, table);
    }
    return table;
  }

  account(file: "passwd" | "group", name: string): Account | undefined {
    return this.accounts(file).find((a) => a.name === name);
  }
}

const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

function typeOf(s: Stats | undefined): string {
  if (!s) return "missing";
  return s.isFile() ? "file" : s.isDirectory() ? "directory" : s.isSymbolicLink() ? "link" : "other";
}

/** USER or GROUP of an owner probe: a name when the config named one (else the number), a number otherwise. */
function ownerPart(tree: Tree, file: "passwd" | "group", spec: string, id: number): string {
  if (!spec.startsWith("name:")) return String(id);
  // The named account when it has this id (two names may share one), else the first name the id has.
  const name = spec.slice("name:".length);
  if (tree.account(file, name)?.id === String(id)) return name;
  return tree.accounts(file).find((a) => a.id === String(id))?.name ?? String(id);
}

function systemctl(...args: string[]): string {
  try {
    return execFileSync("systemctl", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? "").trim();
  }
}

function enablementLink(tree: Tree, unit: string): boolean {
  const dir = tree.at("/etc/systemd/system");
  if (!existsSync(dir)) return false;
  return readdirSync(dir)
    .filter((d) => d.endsWith(".wants") || d.endsWith(".requires"))
    .some((d) => tree.lstat(`/etc/systemd/system/${d}/${unit}`) !== undefined);
}

function authorizedKeyLines(tree: Tree, home: string): string[] {
  const ssh = `${home}/.ssh`;
  const files = [`${ssh}/authorized_keys`];
  if (tree.lstat(`${ssh}/authorized_keys.d`)?.isDirectory())
    for (const f of readdirSync(tree.at(`${ssh}/authorized_keys.d`)).sort()) files.push(`${ssh}/authorized_keys.d/${f}`);
  return files.filter((f) => statOrUndefined(tree.at(f))?.isFile()).flatMap((f) => readFileSync(tree.at(f), "utf8").split("\n"));
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

const PROBES: Record<Probe, (tree: Tree, args: string[]) => string> = {
  type: (t, [p]) => typeOf(t.lstat(p!)),
  sha256: (t, [p]) => (t.lstat(p!)?.isFile() ? sha256(readFileSync(t.at(p!))) : "missing"),
  "tail-sha256": (t, [p, n]) => {
    if (!t.lstat(p!)?.isFile()) return "missing";
    const bytes = readFileSync(t.at(p!));
    return sha256(bytes.subarray(Math.max(0, bytes.length - Number(n))));
  },
  mode: (t, [p]) => {
    const s = statOrUndefined(t.at(p!));
    return s ? octalMode(s.mode) : "missing";
  },
  owner: (t, [p, user, group]) => {
    const s = t.lstat(p!);
    return s ? `${ownerPart(t, "passwd", user!, s.uid)}:${ownerPart(t, "group", group!, s.gid)}` : "missing";
  },
  readlink: (t, [p]) => {
    const s = t.lstat(p!);
    return !s ? "missing" : s.isSymbolicLink() ? readlinkSync(t.at(p!)) : "not a link";
  },
  hardlink: (t, [p, target]) => {
    const s = t.lstat(p!);
    const o = t.lstat(target!);
    if (!s) return "missing";
    return o && !s.isSymbolicLink() && s.ino === o.ino && s.dev === o.dev ? target! : "another file";
  },
  "group-exists": (t, [g]) => String(t.account("group", g!) !== undefined),
  "group-gid": (t, [g]) => t.account("group", g!)?.id ?? "missing",
  "user-exists": (t, [u]) => String(t.account("passwd", u!) !== undefined),
  "user-uid": (t, [u]) => t.account("passwd", u!)?.id ?? "missing",
  "user-gecos": (t, [u]) => t.account("passwd", u!)?.gecos ?? "missing",
  "user-home": (t, [u]) => t.account("passwd", u!)?.home ?? "missing",
  "user-shell": (t, [u]) => t.account("passwd", u!)?.shell ?? "missing",
  "user-primary-group": (t, [u]) => {
    const found = t.account("passwd", u!);
    if (!found) return "missing";
    return t.accounts("group").find((g) => g.id === found.primary)?.name ?? found.primary;
  },
  "user-in-group": (t, [u, g]) => String(t.account("group", g!)?.members.includes(u!) ?? false),
  "ssh-key": (t, [u, key]) => {
    const found = t.account("passwd", u!);
    const home = found?.home || `/home/${u}`;
    return String(authorizedKeyLines(t, home).includes(key!));
  },
  "unit-enabled": (t, [u]) =>
    t.live ? String(["enabled", "enabled-runtime", "alias"].includes(systemctl("is-enabled", u!))) : String(enablementLink(t, u!)),
  "unit-started": (_t, [u]) => {
    const [state, result] = systemctl("show", "--property=ActiveState", "--property=Result", "--value", u!).split("\n");
    if (state === "active" || state === "reloading" || (state === "inactive" && result === "success")) return "started";
    return `${state}/${result}`;
  },
  "failed-units": () => {
    const failed = systemctl("list-units", "--state=failed", "--no-legend", "--plain")
      .split("\n")
      .map((l) => l.trim().split(/\s+/)[0]!)
      .filter(Boolean);
    return failed.length ? failed.join(",") : "none";
  },
  hostname: (t) => readFirstLine(t.at(t.root === "/" || t.root === "" ? "/proc/sys/kernel/hostname" : "/etc/hostname")),
  cmdline: (t, [arg]) => {
    const path = t.at("/proc/cmdline");
    if (!existsSync(path)) return "unknown";
    return readFileSync(path, "utf8").trim().split(/\s+/).includes(arg!) ? "present" : "absent";
  },
  "ignition-result": (t) => {
    const m = /"userConfigProvided"\s*:\s*(true|false)/.exec(readFileSync(t.at("/etc/.ignition-result.json"), "utf8"));
    return m ? m[1]! : "missing";
  },
};

function readFirstLine(path: string): string {
  try {
    return readFileSync(path, "utf8").split("\n")[0]!.trim();
  } catch {
    return "missing";
  }
}

/** Runs every expectation that applies to this tree, in order. */
export function evaluate(expectations: Expectation[], root: string): Check[] {
  const tree = new Tree(root);
  const checks: Check[] = [];
  const passed: boolean[] = [];
  expectations.forEach((e, i) => {
    passed[i] = false;
    if (e.live && !tree.live) return;
    if (e.ifExists && !tree.lstat(e.ifExists)) return;
    if (e.after !== undefined && !passed[e.after]) return;
    const actual = PROBES[e.probe](tree, e.args);
    passed[i] = actual === e.expected;
    checks.push({ kind: e.kind, subject: e.subject, property: e.property, expected: e.expected, actual, pass: passed[i]! });
  });
  return checks;
}
