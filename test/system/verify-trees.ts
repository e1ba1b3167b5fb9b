// The corpus both evaluators of expectations are run on: a config, a tree
// that has everything it asks for, and spoilt copies of that tree, each with
// the exact checks it must fail (kind, subject, property, what is found).
import { createHash } from "node:crypto";
import { chmodSync, chownSync, lchownSync, linkSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { BOOT_ID, MACHINE_ID } from "./verify-agent.js";

export const WEIRD = '/etc/we ird/"q" \\ é.conf';
export const WEIRD_LINK = "/etc/link 'to' é";
export const GECOS = 'Zoë "Z" O\'Brien \\ 日本';
const APP_SERVICE = "[Unit]\nDescription=app\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n";
const OFF_SERVICE = "[Service]\nExecStart=/bin/false\n[Install]\nWantedBy=multi-user.target\n";
export const KEY_ONE = "ssh-ed25519 AAAAC3one core@laptop";
export const KEY_TWO = "ssh-rsa AAAAB3two second key";

export const CONFIG = {
  ignition: { version: "3.4.0" },
  kernelArguments: { shouldExist: ["quiet", "console=ttyS0,115200n8"], shouldNotExist: ["debug"] },
  passwd: {
    users: [
      {
        name: "core",
        uid: 1000,
        primaryGroup: "core",
        groups: ["ops"],
        gecos: GECOS,
        homeDir: "/var/home/core",
        shell: "/bin/bash",
        sshAuthorizedKeys: [KEY_ONE, KEY_TWO],
      },
      { name: "svc", uid: 1001, shell: "/sbin/nologin" },
    ],
    groups: [
      { name: "core", gid: 1000 },
      { name: "ops", gid: 4000 },
    ],
  },
  storage: {
    files: [
      { path: "/etc/app.conf", mode: 0o640, user: { name: "core" }, group: { id: 1000 }, contents: { source: "data:,hello%0A" } },
      { path: "/usr/local/bin/tool", mode: 0o4755, contents: { source: "data:,%23!%2Fbin%2Fsh%0A" } },
      { path: WEIRD, mode: 0o600, user: { name: "core" }, group: { name: "core" }, contents: { source: "data:,x" } },
      { path: "/etc/motd", append: [{ source: "data:,bye%0A" }] },
      { path: "/etc/hostname", mode: 0o644, contents: { source: "data:,node-1%0A" } },
    ],
    directories: [{ path: "/var/lib/app", mode: 0o750, user: { id: 1000 }, group: { name: "ops" } }],
    links: [
      { path: "/etc/current", target: "app.conf" },
      { path: WEIRD_LINK, target: 'we ird/"q" \\ é.conf' },
      { path: "/etc/hard", target: "/etc/app.conf", hard: true },
    ],
  },
  systemd: {
    units: [
      {
        name: "app.service",
        enabled: true,
        contents: APP_SERVICE,
        dropins: [{ name: "10-env.conf", contents: "[Service]\nEnvironment=A=1\n" }],
      },
      { name: "off.service", enabled: false, contents: OFF_SERVICE },
      { name: "bad.service", mask: true },
    ],
  },
};

// admin shares core's uid, listed first: the owner "core" must still be core.
export const PASSWD = [
  "root:x:0:0:root:/root:/bin/sh",
  "admin:x:1000:1000:shares core's uid:/root:/bin/sh",
  `core:x:1000:1000:${GECOS}:/var/home/core:/bin/bash`,
  "svc:x:1001:1001::/home/svc:/sbin/nologin",
  "",
].join("\n");
export const GROUP = ["root:x:0:", "core:x:1000:", "svc:x:1001:", "ops:x:4000:svc,core", ""].join("\n");

export function put(root: string, path: string, text: string | Uint8Array, mode = 0o644, owner: [number, number] = [0, 0]): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  chownSync(join(root, path), ...owner); // before chmod: chown clears setuid bits
  chmodSync(join(root, path), mode);
}

/** A tree with everything CONFIG asks for (owners need root). */
export function goodTree(root: string): void {
  put(root, "/etc/machine-id", MACHINE_ID + "\n", 0o444);
  put(root, "/proc/sys/kernel/random/boot_id", BOOT_ID + "\n");
  put(root, "/proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/vda quiet console=ttyS0,115200n8\n");
  put(root, "/etc/passwd", PASSWD);
  put(root, "/etc/group", GROUP);
  put(root, "/etc/app.conf", "hello\n", 0o640, [1000, 1000]);
  put(root, "/usr/local/bin/tool", "#!/bin/sh\n", 0o4755);
  put(root, WEIRD, "x", 0o600, [1000, 1000]);
  put(root, "/etc/motd", "welcome\nbye\n");
  put(root, "/etc/hostname", "node-1\n");
  mkdirSync(join(root, "var/lib/app"), { recursive: true });
  chmodSync(join(root, "var/lib/app"), 0o750);
  chownSync(join(root, "var/lib/app"), 1000, 4000);
  symlinkSync("app.conf", join(root, "etc/current"));
  symlinkSync('we ird/"q" \\ é.conf', join(root, WEIRD_LINK));
  linkSync(join(root, "etc/app.conf"), join(root, "etc/hard"));
  put(root, "/var/home/core/.ssh/authorized_keys", `# keys\n${KEY_ONE}\n`, 0o600, [1000, 1000]);
  put(root, "/var/home/core/.ssh/authorized_keys.d/ignition", `${KEY_TWO}\n`, 0o600, [1000, 1000]);
  put(root, "/etc/systemd/system/app.service", APP_SERVICE);
  put(root, "/etc/systemd/system/app.service.d/10-env.conf", "[Service]\nEnvironment=A=1\n");
  put(root, "/etc/systemd/system/off.service", OFF_SERVICE);
  mkdirSync(join(root, "etc/systemd/system/multi-user.target.wants"));
  symlinkSync("/etc/systemd/system/app.service", join(root, "etc/systemd/system/multi-user.target.wants/app.service"));
  symlinkSync("/dev/null", join(root, "etc/systemd/system/bad.service"));
  put(root, "/etc/.ignition-result.json", '{\n  "provisioningBootID": "x",\n  "userConfigProvided": true\n}\n');
}

/** kind, subject, property and the actual value of a failed check. */
export type Failure = [string, string, string, string];

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

const at = (root: string, path: string) => join(root, path);
const edit = (root: string, path: string, text: string) => writeFileSync(at(root, path), text);
const relink = (root: string, path: string, target: string) => {
  rmSync(at(root, path));
  symlinkSync(target, at(root, path));
};

export interface Spoil {
  name: string;
  spoil: (root: string) => void;
  fails: Failure[];
  /** The checks expected to be absent from the report (skipped), as "kind subject property". */
  skipped?: string[];
}

export const SPOILS: Spoil[] = [
  { name: "content", spoil: (r) => edit(r, "/etc/app.conf", "HELLO\n"), fails: [["file", "/etc/app.conf", "sha256", sha("HELLO\n")]] },
  { name: "mode", spoil: (r) => chmodSync(at(r, "/etc/app.conf"), 0o644), fails: [["file", "/etc/app.conf", "mode", "0644"]] },
  {
    name: "setuid bit lost",
    spoil: (r) => chmodSync(at(r, "/usr/local/bin/tool"), 0o755),
    fails: [["file", "/usr/local/bin/tool", "mode", "0755"]],
  },
  {
    name: "setgid and sticky bits added",
    spoil: (r) => chmodSync(at(r, "/var/lib/app"), 0o3750),
    fails: [["directory", "/var/lib/app", "mode", "03750"]],
  },
  { name: "no permission bits", spoil: (r) => chmodSync(at(r, WEIRD), 0), fails: [["file", WEIRD, "mode", "0000"]] },
  {
    name: "owner by name",
    spoil: (r) => chownSync(at(r, "/etc/app.conf"), 1001, 1000),
    fails: [["file", "/etc/app.conf", "owner", "svc:1000"]],
  },
  {
    name: "owner by id",
    spoil: (r) => chownSync(at(r, "/var/lib/app"), 1001, 4000),
    fails: [["directory", "/var/lib/app", "owner", "1001:ops"]],
  },
  { name: "owner with no name", spoil: (r) => chownSync(at(r, WEIRD), 1234, 5678), fails: [["file", WEIRD, "owner", "1234:5678"]] },
  {
    name: "core's uid changed: the shared uid is admin's alone",
    spoil: (r) => edit(r, "/etc/passwd", PASSWD.replace("core:x:1000:", "core:x:1003:")),
    fails: [
      ["file", "/etc/app.conf", "owner", "admin:1000"],
      ["file", WEIRD, "owner", "admin:core"],
      ["user", "core", "uid", "1003"],
    ],
  },
  {
    name: "uid written 01000: compared as text, never as a number",
    spoil: (r) => edit(r, "/etc/passwd", PASSWD.replace("core:x:1000:", "core:x:01000:")),
    fails: [
      ["file", "/etc/app.conf", "owner", "admin:1000"],
      ["file", WEIRD, "owner", "admin:core"],
      ["user", "core", "uid", "01000"],
    ],
  },
  {
    name: "missing file",
    spoil: (r) => rmSync(at(r, "/etc/app.conf")),
    fails: [
      ["file", "/etc/app.conf", "type", "missing"],
      ["link", "/etc/hard", "hard link to", "another file"],
    ],
    skipped: ["file /etc/app.conf sha256", "file /etc/app.conf mode", "file /etc/app.conf owner"],
  },
  {
    name: "file replaced by a directory",
    spoil: (r) => {
      rmSync(at(r, "/etc/app.conf"));
      mkdirSync(at(r, "/etc/app.conf"));
    },
    fails: [
      ["file", "/etc/app.conf", "type", "directory"],
      ["link", "/etc/hard", "hard link to", "another file"],
    ],
  },
  { name: "file replaced by a link", spoil: (r) => relink(r, "/etc/motd", "issue"), fails: [["file", "/etc/motd", "type", "link"]] },
  {
    name: "symlink target",
    spoil: (r) => relink(r, "/etc/current", "other.conf"),
    fails: [["link", "/etc/current", "target", "other.conf"]],
  },
  {
    name: "symlink target with control characters",
    spoil: (r) => relink(r, WEIRD_LINK, 'a\tb\u0001c\nd"\\'),
    fails: [["link", WEIRD_LINK, "target", 'a\tb\u0001c\nd"\\']],
  },
  {
    name: "symlink replaced by a file",
    spoil: (r) => {
      rmSync(at(r, "/etc/current"));
      edit(r, "/etc/current", "");
    },
    fails: [["link", "/etc/current", "target", "not a link"]],
    skipped: ["link /etc/current owner"],
  },
  { name: "symlink missing", spoil: (r) => rmSync(at(r, "/etc/current")), fails: [["link", "/etc/current", "target", "missing"]] },
  { name: "symlink owner", spoil: (r) => lchownSync(at(r, "/etc/current"), 1001, 0), fails: [["link", "/etc/current", "owner", "1001:0"]] },
  {
    name: "hard link broken",
    spoil: (r) => {
      rmSync(at(r, "/etc/hard"));
      edit(r, "/etc/hard", "hello\n");
    },
    fails: [["link", "/etc/hard", "hard link to", "another file"]],
  },
  {
    name: "hard link made a symlink",
    spoil: (r) => relink(r, "/etc/hard", "/etc/app.conf"),
    fails: [["link", "/etc/hard", "hard link to", "another file"]],
  },
  { name: "hard link missing", spoil: (r) => rmSync(at(r, "/etc/hard")), fails: [["link", "/etc/hard", "hard link to", "missing"]] },
  {
    name: "missing user",
    spoil: (r) => edit(r, "/etc/passwd", PASSWD.replace(/^core:.*\n/m, "")),
    fails: [
      ["file", "/etc/app.conf", "owner", "admin:1000"],
      ["file", WEIRD, "owner", "admin:core"],
      ["user", "core", "exists", "false"],
    ],
  },
  {
    name: "missing group",
    spoil: (r) => edit(r, "/etc/group", GROUP.replace(/^ops:.*\n/m, "")),
    fails: [
      ["directory", "/var/lib/app", "owner", "1000:4000"],
      ["group", "ops", "exists", "false"],
      ["user", "core", "in group ops", "false"],
    ],
  },
  {
    name: "wrong gid",
    spoil: (r) => edit(r, "/etc/group", GROUP.replace("ops:x:4000:", "ops:x:4001:")),
    fails: [
      ["directory", "/var/lib/app", "owner", "1000:4000"],
      ["group", "ops", "gid", "4001"],
    ],
  },
  { name: "wrong gecos", spoil: (r) => edit(r, "/etc/passwd", PASSWD.replace(GECOS, "Zoe")), fails: [["user", "core", "gecos", "Zoe"]] },
  {
    name: "gecos with a tab and a control character",
    spoil: (r) => edit(r, "/etc/passwd", PASSWD.replace(GECOS, "a\tb\u001fc")),
    fails: [["user", "core", "gecos", "a\tb\u001fc"]],
  },
  {
    name: "wrong home: the keys are looked for there",
    spoil: (r) => edit(r, "/etc/passwd", PASSWD.replace(":/var/home/core:", ":/home/core:")),
    fails: [
      ["user", "core", "home", "/home/core"],
      ["user", "core", "ssh key ssh-ed25519 core@laptop", "false"],
      ["user", "core", "ssh key ssh-rsa second key", "false"],
    ],
  },
  {
    name: "wrong shell",
    spoil: (r) => edit(r, "/etc/passwd", PASSWD.replace("/var/home/core:/bin/bash", "/var/home/core:/bin/sh")),
    fails: [["user", "core", "shell", "/bin/sh"]],
  },
  {
    name: "wrong primary group",
    spoil: (r) => edit(r, "/etc/passwd", PASSWD.replace("core:x:1000:1000:", "core:x:1000:4000:")),
    fails: [["user", "core", "primary group", "ops"]],
  },
  {
    name: "primary group with no name",
    spoil: (r) => edit(r, "/etc/passwd", PASSWD.replace("core:x:1000:1000:", "core:x:1000:4242:")),
    fails: [["user", "core", "primary group", "4242"]],
  },
  {
    name: "membership",
    spoil: (r) => edit(r, "/etc/group", GROUP.replace("ops:x:4000:svc,core", "ops:x:4000:svc,coreos")),
    fails: [["user", "core", "in group ops", "false"]],
  },
  {
    name: "ssh key missing from authorized_keys",
    spoil: (r) => edit(r, "/var/home/core/.ssh/authorized_keys", "# keys\n"),
    fails: [["user", "core", "ssh key ssh-ed25519 core@laptop", "false"]],
  },
  {
    name: "ssh key with CRLF",
    spoil: (r) => edit(r, "/var/home/core/.ssh/authorized_keys", `${KEY_ONE}\r\n`),
    fails: [["user", "core", "ssh key ssh-ed25519 core@laptop", "false"]],
  },
  {
    name: "ssh key missing from authorized_keys.d",
    spoil: (r) => rmSync(at(r, "/var/home/core/.ssh/authorized_keys.d/ignition")),
    fails: [["user", "core", "ssh key ssh-rsa second key", "false"]],
  },
  {
    name: "ssh key in a hidden file of authorized_keys.d, authorized_keys gone",
    spoil: (r) => {
      rmSync(at(r, "/var/home/core/.ssh/authorized_keys"));
      put(r, "/var/home/core/.ssh/authorized_keys.d/.hidden", `${KEY_ONE}\n`);
    },
    fails: [],
  },
  {
    name: "authorized_keys.d a link to a directory",
    spoil: (r) => {
      const d = at(r, "/var/home/core/.ssh/authorized_keys.d");
      rmSync(d, { recursive: true });
      put(r, "/var/home/core/keys/ignition", `${KEY_TWO}\n`);
      symlinkSync("../keys", d);
    },
    fails: [["user", "core", "ssh key ssh-rsa second key", "false"]],
  },
  {
    name: "unit contents",
    spoil: (r) => edit(r, "/etc/systemd/system/app.service", "[Service]\n"),
    fails: [["unit", "app.service", "sha256", sha("[Service]\n")]],
  },
  {
    name: "drop-in missing",
    spoil: (r) => rmSync(at(r, "/etc/systemd/system/app.service.d/10-env.conf")),
    fails: [["unit", "app.service", "drop-in 10-env.conf sha256", "missing"]],
  },
  {
    name: "mask removed",
    spoil: (r) => rmSync(at(r, "/etc/systemd/system/bad.service")),
    fails: [["unit", "bad.service", "masked", "missing"]],
  },
  {
    name: "mask a file",
    spoil: (r) => {
      rmSync(at(r, "/etc/systemd/system/bad.service"));
      edit(r, "/etc/systemd/system/bad.service", "");
    },
    fails: [["unit", "bad.service", "masked", "not a link"]],
  },
  {
    name: "not enabled",
    spoil: (r) => rmSync(at(r, "/etc/systemd/system/multi-user.target.wants/app.service")),
    fails: [["unit", "app.service", "enabled", "false"]],
  },
  {
    name: "enabled by a .requires link, the other one enabled by a dangling link",
    spoil: (r) => {
      rmSync(at(r, "/etc/systemd/system/multi-user.target.wants/app.service"));
      mkdirSync(at(r, "/etc/systemd/system/default.target.requires"));
      symlinkSync("../app.service", at(r, "/etc/systemd/system/default.target.requires/app.service"));
      symlinkSync("/nowhere", at(r, "/etc/systemd/system/multi-user.target.wants/off.service"));
    },
    fails: [["unit", "off.service", "enabled", "true"]],
  },
  {
    name: "appends (the last 4 bytes are hashed)",
    spoil: (r) => edit(r, "/etc/motd", "welcome\n"),
    fails: [["file", "/etc/motd", "ends with appends (sha256)", sha("ome\n")]],
  },
  {
    name: "appends on an empty file",
    spoil: (r) => edit(r, "/etc/motd", ""),
    fails: [["file", "/etc/motd", "ends with appends (sha256)", sha("")]],
  },
  {
    name: "hostname",
    spoil: (r) => edit(r, "/etc/hostname", "other\n"),
    fails: [
      ["file", "/etc/hostname", "sha256", sha("other\n")],
      ["hostname", "hostname", "name", "other"],
    ],
  },
  {
    name: "hostname with spaces and CRLF",
    spoil: (r) => edit(r, "/etc/hostname", " \tnode-1 \r\nx\n"),
    fails: [["file", "/etc/hostname", "sha256", sha(" \tnode-1 \r\nx\n")]],
  },
  {
    name: "kernel arguments",
    spoil: (r) => edit(r, "/proc/cmdline", "quiet  console=ttyS0,115200 debug\n"),
    fails: [
      ["kernel-argument", "console=ttyS0,115200n8", "present", "absent"],
      ["kernel-argument", "debug", "absent", "present"],
    ],
  },
  {
    name: "no /proc/cmdline",
    spoil: (r) => rmSync(at(r, "/proc/cmdline")),
    fails: [
      ["kernel-argument", "quiet", "present", "unknown"],
      ["kernel-argument", "console=ttyS0,115200n8", "present", "unknown"],
      ["kernel-argument", "debug", "absent", "unknown"],
    ],
  },
  {
    name: "ignition: no user config",
    spoil: (r) => edit(r, "/etc/.ignition-result.json", '{"userConfigProvided":false}'),
    fails: [["ignition-result", "/etc/.ignition-result.json", "userConfigProvided", "false"]],
  },
  {
    name: "ignition: no such key",
    spoil: (r) => edit(r, "/etc/.ignition-result.json", "{}"),
    fails: [["ignition-result", "/etc/.ignition-result.json", "userConfigProvided", "missing"]],
  },
  {
    name: "ignition: no result file",
    spoil: (r) => rmSync(at(r, "/etc/.ignition-result.json")),
    fails: [],
    skipped: ["ignition-result /etc/.ignition-result.json userConfigProvided"],
  },
];
