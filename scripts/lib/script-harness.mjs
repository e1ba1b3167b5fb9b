// A root to run the script target against, as a machine image would be: a
// fresh Fedora CoreOS / Flatcar-like /etc with the accounts and groups
// configs commonly name (core, wheel, sudo, docker, ...), plus whatever else
// the config takes for granted, as Ignition needs it too: accounts it names
// but does not create (owners, primary and supplementary groups), files it
// hard-links to without writing them, and unit files it enables, disables or
// adds drop-ins to without giving their contents. Shared by the legacy
// conformance run and the script system tests.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const SEED = {
  "etc/passwd":
    "root:x:0:0:root:/root:/bin/bash\ncore:x:1000:1000:CoreOS Admin:/var/home/core:/bin/bash\nnobody:x:65534:65534:Kernel Overflow User:/:/sbin/nologin\n",
  "etc/group":
    "root:x:0:\nadm:x:4:core\nwheel:x:10:core\nsudo:x:16:core\nsystemd-journal:x:190:core\ndocker:x:986:\nusers:x:100:\ncore:x:1000:\nnobody:x:65534:\n",
  "etc/shadow": "root:*:19000:0:99999:7:::\ncore:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n",
  "etc/gshadow": "root:::\nadm:::core\nwheel:::core\nsudo:::core\nsystemd-journal:::core\ndocker:::\nusers:::\ncore:::\nnobody:::\n",
};

/** The image's files (path relative to the root → text) for a plan. */
export function imageFor(plan) {
  const files = { ...SEED };
  const users = new Set(files["etc/passwd"].split("\n").map((l) => l.split(":")[0]));
  const groups = new Set(files["etc/group"].split("\n").map((l) => l.split(":")[0]));
  for (const u of plan.users) users.add(u.name);
  for (const g of plan.groups) groups.add(g.name);
  let next = 2000;
  const needGroup = (name, gid = next++) => {
    if (!name || groups.has(name)) return;
    groups.add(name);
    files["etc/group"] += `${name}:x:${gid}:\n`;
    files["etc/gshadow"] += `${name}:!::\n`;
  };
  const needUser = (name) => {
    if (!name || users.has(name)) return;
    users.add(name);
    files["etc/passwd"] += `${name}:x:${next}:${next}::/nonexistent:/sbin/nologin\n`;
    files["etc/shadow"] += `${name}:!:19000:0:99999:7:::\n`;
    needGroup(name, next++);
  };
  for (const e of [...plan.files, ...plan.directories, ...plan.links]) {
    needUser(e.user.name);
    needGroup(e.group.name);
  }
  for (const u of plan.users) {
    needGroup(u.primaryGroup);
    for (const g of u.groups) needGroup(g);
  }
  for (const l of plan.links) {
    if (l.hard && !plan.files.some((f) => f.path === l.target)) files[l.target.slice(1)] ??= "from the image\n";
  }
  for (const u of plan.units) {
    if (u.contents === undefined && !u.mask)
      files[`usr/lib/systemd/system/${u.name.replace(/@[^.]+\./, "@.")}`] =
        "[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=multi-user.target\n";
  }
  return files;
}

/** Writes the image for a plan into the empty directory `root`. */
export function seedRoot(root, plan) {
  for (const [path, text] of Object.entries(imageFor(plan))) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  chmodSync(join(root, "etc/shadow"), 0o640);
  chmodSync(join(root, "etc/gshadow"), 0o640);
}

/** The shells the script must run under unchanged. */
export const SHELLS = [["dash"], ["busybox", "sh"]];
