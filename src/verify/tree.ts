/**
 * Checks a directory tree against what a config asked for: every file
 * (content hash, mode, owner), directory, link, user, group and unit of the
 * plan, each check a value with what was expected and what was found. Names
 * of users and groups are resolved in the tree's own /etc/passwd and
 * /etc/group, as on the machine.
 */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Owner, Plan } from "../emit/legacy/plan.js";
import { finalContents } from "../emit/legacy/plan.js";

export type CheckKind = "file" | "directory" | "link" | "user" | "group" | "unit";

export interface Check {
  kind: CheckKind;
  /** The path, user, group or unit checked. */
  subject: string;
  property: string;
  expected: string;
  actual: string;
  pass: boolean;
}

interface Account {
  name: string;
  id: number;
  primary?: number;
  gecos?: string;
  home?: string;
  shell?: string;
  members?: string[];
}

function table(root: string, file: string): Account[] {
  const path = join(root, file);
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.includes(":"))
    .map((l) => {
      const f = l.split(":");
      return file.endsWith("passwd")
        ? { name: f[0]!, id: Number(f[2]), primary: Number(f[3]), gecos: f[4], home: f[5], shell: f[6] }
        : { name: f[0]!, id: Number(f[2]), members: (f[3] ?? "").split(",").filter(Boolean) };
    });
}

const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");
const octal = (m: number): string => "0" + (m & 0o7777).toString(8).padStart(3, "0");

export function checkTree(plan: Plan, root: string): Check[] {
  const checks: Check[] = [];
  const at = (p: string) => join(root, p);
  const add = (kind: CheckKind, subject: string, property: string, expected: unknown, actual: unknown) =>
    checks.push({ kind, subject, property, expected: String(expected), actual: String(actual), pass: String(expected) === String(actual) });
  const passwd = table(root, "etc/passwd");
  const group = table(root, "etc/group");
  const id = (o: Owner, accounts: Account[]): number | string => (o.name !== undefined ? (accounts.find((a) => a.name === o.name)?.id ?? `unknown ${o.name}`) : (o.id ?? 0));
  const stat = (p: string, follow = true) => {
    try {
      return follow ? statSync(at(p)) : lstatSync(at(p));
    } catch {
      return undefined;
    }
  };
  const owner = (kind: CheckKind, path: string, o: { user: Owner; group: Owner }, s: { uid: number; gid: number }) => {
    add(kind, path, "owner", `${id(o.user, passwd)}:${id(o.group, group)}`, `${s.uid}:${s.gid}`);
  };

  for (const f of plan.files) {
    const s = stat(f.path, false);
    add("file", f.path, "type", "file", s ? (s.isFile() ? "file" : s.isSymbolicLink() ? "link" : s.isDirectory() ? "directory" : "other") : "missing");
    if (!s?.isFile()) continue;
    const bytes = readFileSync(at(f.path));
    const whole = finalContents(f);
    if (whole !== undefined) add("file", f.path, "sha256", sha256(whole), sha256(bytes));
    else if (f.appends.length) {
      const tail = Buffer.concat(f.appends);
      add("file", f.path, "ends with appends (sha256)", sha256(tail), sha256(bytes.subarray(Math.max(0, bytes.length - tail.length))));
    }
    add("file", f.path, "mode", octal(f.mode), octal(s.mode));
    owner("file", f.path, f, s);
  }
  for (const d of plan.directories) {
    const s = stat(d.path, false);
    add("directory", d.path, "type", "directory", s ? (s.isDirectory() ? "directory" : "other") : "missing");
    if (!s?.isDirectory()) continue;
    add("directory", d.path, "mode", octal(d.mode), octal(s.mode));
    owner("directory", d.path, d, s);
  }
  for (const l of plan.links) {
    const s = stat(l.path, false);
    if (l.hard) {
      const t = stat(l.target, false);
      add("link", l.path, "hard link to", l.target, s && t && s.ino === t.ino && s.dev === t.dev ? l.target : s ? "another file" : "missing");
      continue;
    }
    add("link", l.path, "target", l.target, s?.isSymbolicLink() ? readlinkSync(at(l.path)) : s ? "not a link" : "missing");
    if (s?.isSymbolicLink()) owner("link", l.path, l, s);
  }
  for (const g of plan.groups) {
    const found = group.find((a) => a.name === g.name);
    add("group", g.name, "exists", true, !!found);
    if (found && g.gid !== undefined) add("group", g.name, "gid", g.gid, found.id);
  }
  for (const u of plan.users) {
    const found = passwd.find((a) => a.name === u.name);
    add("user", u.name, "exists", true, !!found);
    if (!found) continue;
    if (u.uid !== undefined) add("user", u.name, "uid", u.uid, found.id);
    if (u.gecos !== undefined) add("user", u.name, "gecos", u.gecos, found.gecos);
    if (u.homeDir !== undefined) add("user", u.name, "home", u.homeDir, found.home);
    if (u.shell !== undefined) add("user", u.name, "shell", u.shell, found.shell);
    if (u.primaryGroup !== undefined) add("user", u.name, "primary group", u.primaryGroup, group.find((g) => g.id === found.primary)?.name ?? found.primary);
    for (const g of u.groups) add("user", u.name, `in group ${g}`, true, !!group.find((a) => a.name === g)?.members?.includes(u.name));
    if (u.sshAuthorizedKeys.length) {
      const keys = authorizedKeys(root, found.home ?? `/home/${u.name}`);
      for (const k of u.sshAuthorizedKeys) add("user", u.name, `ssh key ${k.slice(0, 40)}`, true, keys.includes(k));
    }
  }
  for (const u of plan.units) {
    const path = `etc/systemd/system/${u.name}`;
    if (u.mask) {
      add("unit", u.name, "masked", "/dev/null", stat(path, false)?.isSymbolicLink() ? readlinkSync(at(path)) : "not masked");
      continue;
    }
    if (u.contents !== undefined) add("unit", u.name, "sha256", sha256(Buffer.from(u.contents)), existsSync(at(path)) ? sha256(readFileSync(at(path))) : "missing");
    for (const d of u.dropins) {
      const p = `etc/systemd/system/${u.name}.d/${d.name}`;
      add("unit", u.name, `drop-in ${d.name} sha256`, sha256(Buffer.from(d.contents ?? "")), existsSync(at(p)) ? sha256(readFileSync(at(p))) : "missing");
    }
    if (u.enabled !== undefined && u.contents !== undefined && /^\s*\[Install\]/m.test(u.contents)) {
      add("unit", u.name, "enabled", u.enabled, enablementLinks(root, u.name).length > 0);
    }
  }
  return checks;
}

function authorizedKeys(root: string, home: string): string[] {
  const ssh = join(root, home, ".ssh");
  const files = [join(ssh, "authorized_keys")];
  if (existsSync(join(ssh, "authorized_keys.d"))) for (const f of readdirSync(join(ssh, "authorized_keys.d"))) files.push(join(ssh, "authorized_keys.d", f));
  return files.filter((f) => existsSync(f)).flatMap((f) => readFileSync(f, "utf8").split("\n"));
}

/** The .wants/.requires symlinks that enable a unit. */
function enablementLinks(root: string, unit: string): string[] {
  const dir = join(root, "etc/systemd/system");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => d.endsWith(".wants") || d.endsWith(".requires"))
    .filter((d) => lstatExists(join(dir, d, unit)))
    .map((d) => join(d, unit));
}

function lstatExists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
