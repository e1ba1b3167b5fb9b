// buildGuest: the kernel and initramfs of the e2e guest, built once and cached.
//
// Cache layout (default test/e2e/.cache/, git-ignored):
//   <package>_<version>/kernel.deb        the downloaded image package
//   <package>_<version>/vmlinuz           boot/vmlinuz-* out of it
//   <package>_<version>/modules-<hash>/   the guest's modules, uncompressed, + load-order;
//                                         the hash covers the list of modules wanted
//   <package>_<version>/initrd-<hash>.img the initramfs; the hash covers every input
//                                         (busybox, init.sh, udhcpc.sh, modules)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { downloadDeb, resolveKernelPackage, unpackDeb, vmlinuzIn } from "./kernel.js";
import { type Module, modulesDir, resolveModules } from "./modules.js";
import { appletPaths, BUSYBOX, type ExtraFile, guestRoot, readRootInputs } from "./rootfs.js";
import { requireFile, requirePackage } from "./tools.js";

const HERE = dirname(fileURLToPath(import.meta.url));

/** test/e2e/.cache in this checkout. */
export const DEFAULT_CACHE_DIR = join(HERE, "..", ".cache");

/**
 * virtio-net on qemu's virtio PCI transport, and a CD-ROM on virtio-scsi with
 * ISO 9660 (the Azure boot's provisioning ISO), and qemu's fw_cfg in sysfs
 * (the lab boots' configs, as Vagrant's libvirt provider hands them over);
 * dependencies are resolved from the modules.
 */
export const GUEST_MODULES = ["virtio_pci", "virtio_net", "virtio_scsi", "sr_mod", "isofs", "qemu_fw_cfg"];

export interface Guest {
  kernel: string;
  initrd: string;
}

export interface GuestOptions {
  /** Host programs copied into the guest at their own paths, with the shared libraries ldd lists for them. */
  programs?: { path: string; aptPackage: string }[];
}

export async function buildGuest(cacheDir: string = DEFAULT_CACHE_DIR, options: GuestOptions = {}): Promise<Guest> {
  requirePackage("busybox-static");
  requireFile(BUSYBOX, "busybox-static");
  const pkg = resolveKernelPackage();
  const dir = join(cacheDir, `${pkg.name}_${pkg.version}`);
  mkdirSync(dir, { recursive: true });
  const deb = downloadDeb(pkg, dir);
  const kernel = join(dir, "vmlinuz");
  const modDir = join(dir, `modules-${createHash("sha256").update(GUEST_MODULES.join(",")).digest("hex").slice(0, 12)}`);
  if (!existsSync(kernel) || !existsSync(join(modDir, "load-order"))) extractKernel(deb, dir, kernel, modDir);
  const modules = readModules(modDir);
  const inputs = {
    ...readRootInputs(join(HERE, "init.sh"), join(HERE, "udhcpc.sh"), modules),
    extras: programFiles(options.programs ?? []),
  };
  const hash = createHash("sha256");
  for (const part of [
    inputs.busybox,
    inputs.init,
    inputs.udhcpcScript,
    ...modules.flatMap((m) => [m.name, m.data]),
    ...inputs.extras.flatMap((e) => [e.path, e.data]),
  ])
    hash.update(part).update("\0");
  const initrd = join(dir, `initrd-${hash.digest("hex").slice(0, 16)}.img`);
  if (!existsSync(initrd)) atomicWrite(initrd, guestRoot(inputs, appletPaths()).gzip());
  return { kernel, initrd };
}

/** Each program and the shared libraries `ldd` lists for it (the dynamic loader included), deduplicated. */
function programFiles(programs: { path: string; aptPackage: string }[]): ExtraFile[] {
  const paths = new Set<string>();
  for (const { path: program, aptPackage } of programs) {
    requireFile(program, aptPackage);
    paths.add(program);
    const r = spawnSync("ldd", [program], { encoding: "utf8" });
    if (r.status !== 0) {
      if (/not a dynamic executable/.test(r.stdout + r.stderr)) continue; // static: nothing to add
      throw new Error(`e2e guest: ldd ${program} failed: ${r.stderr.trim()}`);
    }
    for (const m of r.stdout.matchAll(/(?:=> )?(\/\S+) \(0x[0-9a-f]+\)/g)) paths.add(m[1]!);
  }
  return [...paths].map((path) => ({ path, data: readFileSync(path), mode: 0o755 }));
}

function extractKernel(deb: string, dir: string, kernel: string, modDir: string): void {
  const root = unpackDeb(deb, dir);
  try {
    const modules = resolveModules(modulesDir(root), GUEST_MODULES);
    const tmp = `${modDir}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    for (const m of modules) writeFileSync(join(tmp, `${m.name}.ko`), m.data);
    writeFileSync(join(tmp, "load-order"), modules.map((m) => m.name + "\n").join(""));
    rmSync(modDir, { recursive: true, force: true });
    renameSync(tmp, modDir);
    copyFileSync(vmlinuzIn(root), `${kernel}.tmp`);
    renameSync(`${kernel}.tmp`, kernel);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function readModules(modDir: string): Module[] {
  const names = readFileSync(join(modDir, "load-order"), "utf8").split("\n").filter(Boolean);
  const present = new Set(readdirSync(modDir));
  return names.map((name) => {
    if (!present.has(`${name}.ko`)) throw new Error(`e2e guest: ${name}.ko missing from ${modDir}; remove the directory to rebuild`);
    return { name, data: readFileSync(join(modDir, `${name}.ko`)) };
  });
}

function atomicWrite(path: string, data: Buffer): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}
