// The Debian cloud kernel: the image package behind the linux-image-cloud-amd64
// metapackage, downloaded once per version into the cache and unpacked there.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { requireTool, run } from "./tools.js";

export const METAPACKAGE = "linux-image-cloud-amd64";

export interface KernelPackage {
  name: string;
  version: string;
}

/** The package the metapackage depends on, at its candidate version. */
export function resolveKernelPackage(meta = METAPACKAGE): KernelPackage {
  requireTool("apt-cache", "apt");
  let deps: string;
  try {
    deps = run("apt-cache", ["depends", meta]);
  } catch (e) {
    throw new Error(`e2e guest: apt-cache knows no ${meta}; run apt-get update first (${(e as Error).message})`);
  }
  const name = /^\s*Depends:\s*(linux-image-\S+)\s*$/m.exec(deps)?.[1];
  if (!name || name.startsWith("<")) throw new Error(`e2e guest: no linux-image dependency in apt-cache depends ${meta}:\n${deps}`);
  const version = /^Version:\s*(\S+)\s*$/m.exec(run("apt-cache", ["show", "--no-all-versions", name]))?.[1];
  if (!version) throw new Error(`e2e guest: apt-cache show ${name} gave no Version`);
  return { name, version };
}

/** The .deb of the package, downloaded into `dir` unless already there. */
export function downloadDeb(pkg: KernelPackage, dir: string): string {
  const deb = join(dir, "kernel.deb");
  if (existsSync(deb)) return deb;
  requireTool("apt-get", "apt");
  mkdirSync(dir, { recursive: true });
  const tmp = mkdtempSync(join(dir, "download-"));
  try {
    // apt-get download writes into the working directory, which must be writable.
    run("apt-get", ["download", "-q", `${pkg.name}=${pkg.version}`], tmp);
    const debs = readdirSync(tmp).filter((f) => f.endsWith(".deb"));
    if (debs.length !== 1) throw new Error(`e2e guest: apt-get download ${pkg.name} left ${debs.length} .deb files`);
    renameSync(join(tmp, debs[0]!), deb);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return deb;
}

/** Unpacks the .deb into a fresh directory under `dir`; the caller removes it. */
export function unpackDeb(deb: string, dir: string): string {
  requireTool("dpkg-deb", "dpkg");
  const root = mkdtempSync(join(dir, "unpack-"));
  run("dpkg-deb", ["-x", deb, root]);
  return root;
}

/** boot/vmlinuz-* of an unpacked image package. */
export function vmlinuzIn(root: string): string {
  const found = readdirSync(join(root, "boot")).filter((f) => f.startsWith("vmlinuz-"));
  if (found.length !== 1) throw new Error(`e2e guest: expected one boot/vmlinuz-* in the kernel package, found ${found.length}`);
  return join(root, "boot", found[0]!);
}
