/**
 * The plan as the script template reads it: every value the template puts in
 * the script (names, paths, owners, modes, file contents as sh source), in
 * the order the script applies them. Owners are `id:N` or `name:NAME`, flags
 * are `yes`/`no`, and absent values are empty strings, so the template needs
 * no logic of its own beyond loops.
 */
import type { Owner, Plan, PlanFile, PlanUnit, PlanUser } from "./plan.js";
import { finalContents } from "./plan.js";
import { writeBytes } from "./sh.js";

const yesNo = (b: boolean | undefined): "yes" | "no" => (b ? "yes" : "no");
const text = (s: string | undefined): string => s ?? "";
const TMP = '"$K_TMP"';

export const modeArg = (mode: number): string => mode.toString(8).padStart(4, "0");
export const ownerArg = (o: Owner): string => (o.name !== undefined ? `name:${o.name}` : `id:${o.id ?? 0}`);

const enc = new TextEncoder();

function fileModel(f: PlanFile) {
  const whole = finalContents(f);
  const appends = whole === undefined && f.appends.some((a) => a.length) ? Buffer.concat(f.appends) : undefined;
  return {
    step: `file ${f.path}`,
    path: f.path,
    mode: modeArg(f.mode),
    user: ownerArg(f.user),
    group: ownerArg(f.group),
    overwrite: f.overwrite === false ? "no" : "yes",
    contents: whole === undefined ? "" : writeBytes(whole, TMP),
    appends: appends === undefined ? "" : writeBytes(appends, '"$K_APP"'),
  };
}

function userModel(u: PlanUser) {
  return {
    step: `user ${u.name}`,
    name: u.name,
    uid: u.uid === undefined ? "" : String(u.uid),
    hashSet: yesNo(u.passwordHash !== undefined),
    hash: text(u.passwordHash),
    gecosSet: yesNo(u.gecos !== undefined),
    gecos: text(u.gecos),
    home: text(u.homeDir),
    shell: text(u.shell),
    primaryGroup: text(u.primaryGroup),
    noUserGroup: yesNo(u.noUserGroup),
    noCreateHome: yesNo(u.noCreateHome),
    system: yesNo(u.system),
    groups: u.groups,
    // One key a line: a key with line breaks in it is several lines of the file.
    sshKeys: u.sshAuthorizedKeys.flatMap((k) => k.split(/\r?\n/)).filter((k) => k.trim() !== ""),
  };
}

function unitModel(u: PlanUnit) {
  const dir = "/etc/systemd/system";
  const files = [
    ...(u.contents !== undefined && !u.mask ? [{ path: `${dir}/${u.name}`, contents: u.contents }] : []),
    ...u.dropins.flatMap((d) => (d.contents !== undefined ? [{ path: `${dir}/${u.name}.d/${d.name}`, contents: d.contents }] : [])),
  ];
  return {
    step: `unit ${u.name}`,
    name: u.name,
    files: files.map((f) => ({ path: f.path, contents: writeBytes(enc.encode(f.contents), TMP) })),
    mask: u.mask === true,
    // Enablement is left alone unless the config says; a masked unit is not enabled.
    enable: u.enabled === undefined || (u.mask && u.enabled) ? "" : yesNo(u.enabled),
  };
}

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function scriptModel(plan: Plan) {
  const units = plan.units.map(unitModel);
  const start = plan.units.filter((u) => u.enabled === true && !u.mask).map((u) => ({ step: `start ${u.name}`, name: u.name }));
  const hostname = plan.files.some((f) => f.path === "/etc/hostname");
  return {
    summary: [
      `${count(plan.groups.length, "group")}, ${count(plan.users.length, "user")}`,
      `${count(plan.directories.length, "directory", "directories")}, ${count(plan.files.length, "file")}, ${count(plan.links.length, "link")}`,
      `${count(plan.units.length, "systemd unit")}${hostname ? ", the hostname" : ""}`,
    ],
    groups: plan.groups.map((g) => ({
      step: `group ${g.name}`,
      name: g.name,
      gid: g.gid === undefined ? "" : String(g.gid),
      system: yesNo(g.system),
      hashSet: yesNo(g.passwordHash !== undefined),
      hash: text(g.passwordHash),
    })),
    users: plan.users.map(userModel),
    directories: plan.directories.map((d) => ({
      step: `directory ${d.path}`,
      path: d.path,
      mode: modeArg(d.mode),
      user: ownerArg(d.user),
      group: ownerArg(d.group),
    })),
    files: plan.files.map(fileModel),
    links: plan.links.map((l) => ({
      step: `link ${l.path}`,
      path: l.path,
      target: l.target,
      hard: yesNo(l.hard),
      user: ownerArg(l.user),
      group: ownerArg(l.group),
      overwrite: l.overwrite === false ? "no" : "yes",
    })),
    units,
    hostname,
    live: units.length > 0,
    start,
  };
}
