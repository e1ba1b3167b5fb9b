// The guest's root: busybox-static and its applets, a minimal image-like /etc
// (root and core users, groups, shadow files, an empty systemd unit directory
// though no systemd runs), the network modules, /init and the udhcpc script.
import { readFileSync } from "node:fs";
import { Cpio } from "./cpio.js";
import type { Module } from "./modules.js";
import { run } from "./tools.js";

export const BUSYBOX = "/bin/busybox";
export const MODULE_DIR = "lib/modules/kindling-e2e";

const PASSWD = "root:x:0:0:root:/root:/bin/sh\ncore:x:1000:1000:CoreOS Admin:/home/core:/bin/sh\n";
const GROUP = "root:x:0:\nwheel:x:10:root,core\nsudo:x:27:core\ndocker:x:999:core\ncore:x:1000:\n";
const SHADOW = "root:*:19000:0:99999:7:::\ncore:*:19000:0:99999:7:::\n";
const GSHADOW = "root:*::\nwheel:*::root,core\nsudo:*::core\ndocker:!::core\ncore:!::\n";

/** A host file copied into the guest at the same path (a program and the libraries it loads). */
export interface ExtraFile {
  path: string;
  data: Buffer;
  mode: number;
}

export interface RootInputs {
  busybox: Buffer;
  init: string;
  udhcpcScript: string;
  modules: Module[];
  extras?: ExtraFile[];
}

/** The applet paths busybox itself reports (bin/sh, usr/bin/wget, ...). */
export function appletPaths(busybox = BUSYBOX): string[] {
  return run(busybox, ["--list-full"])
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

export function readRootInputs(init: string, udhcpcScript: string, modules: Module[]): RootInputs {
  return { busybox: readFileSync(BUSYBOX), init: readFileSync(init, "utf8"), udhcpcScript: readFileSync(udhcpcScript, "utf8"), modules };
}

export function guestRoot(inputs: RootInputs, applets: string[]): Cpio {
  const cpio = new Cpio();
  for (const d of ["proc", "sys", "dev", "tmp", "run", "var/lib", "var/tmp", "etc/systemd/system", "usr/bin", "usr/sbin", "sbin"])
    cpio.dir(d);
  cpio.dir("root", 0o700).dir("home").dir("home/core", 0o755, { uid: 1000, gid: 1000 });
  // The kernel opens /dev/console before /init mounts devtmpfs.
  cpio.charDevice("dev/console", 5, 1).charDevice("dev/null", 1, 3, 0o666);
  cpio.file("bin/busybox", inputs.busybox, 0o755);
  for (const applet of applets) {
    if (applet !== "bin/busybox" && applet !== "linuxrc") cpio.symlink(applet, "/bin/busybox");
  }
  cpio.file("init", inputs.init, 0o755);
  cpio.file("etc/udhcpc/default.script", inputs.udhcpcScript, 0o755);
  cpio.file("etc/passwd", PASSWD).file("etc/group", GROUP);
  cpio.file("etc/shadow", SHADOW, 0o640).file("etc/gshadow", GSHADOW, 0o640);
  cpio.file("etc/hosts", "127.0.0.1 localhost\n").file("etc/os-release", 'ID=kindling-e2e\nNAME="kindling e2e guest"\n');
  for (const m of inputs.modules) cpio.file(`${MODULE_DIR}/${m.name}.ko`, m.data);
  for (const e of inputs.extras ?? []) cpio.file(e.path.replace(/^\//, ""), e.data, e.mode);
  cpio.file(`${MODULE_DIR}/load-order`, inputs.modules.map((m) => m.name + "\n").join(""));
  return cpio;
}
