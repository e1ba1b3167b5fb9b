// Kernel modules out of an unpacked linux-image package: the ones a set of
// drivers needs, in load order, decompressed for busybox insmod.
// The package ships no modules.dep (depmod writes it at install), so the
// dependencies come from each module's own .modinfo "depends=" entry.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

export interface Module {
  name: string;
  /** The uncompressed .ko. */
  data: Buffer;
}

/** The modules directory (lib/modules/<version>) of an unpacked image package. */
export function modulesDir(root: string): string {
  for (const base of ["lib/modules", "usr/lib/modules"]) {
    const dir = join(root, base);
    if (!existsSync(dir)) continue;
    const versions = readdirSync(dir);
    if (versions.length === 1) return join(dir, versions[0]!);
    throw new Error(`e2e guest: expected one kernel version under ${base}, found ${versions.join(", ") || "none"}`);
  }
  throw new Error(`e2e guest: no lib/modules in the unpacked kernel package at ${root}`);
}

/**
 * `wanted` and everything they depend on, dependencies first. Modules built
 * into the kernel (modules.builtin) are left out; one neither built in nor
 * shipped is an error.
 */
export function resolveModules(dir: string, wanted: string[]): Module[] {
  const files = new Map<string, string>();
  walk(join(dir, "kernel"), files);
  const builtin = new Set(
    readFileSync(join(dir, "modules.builtin"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((p) => moduleName(p)),
  );
  const order: Module[] = [];
  const done = new Set<string>();
  const visit = (raw: string, chain: string[]): void => {
    const name = raw.replace(/-/g, "_");
    if (done.has(name) || builtin.has(name)) return;
    if (chain.includes(name)) throw new Error(`e2e guest: module dependency cycle ${[...chain, name].join(" -> ")}`);
    const file = files.get(name);
    if (!file) throw new Error(`e2e guest: module ${name} is neither built in nor shipped under ${dir}`);
    const data = decompress(file);
    for (const dep of depends(data)) visit(dep, [...chain, name]);
    done.add(name);
    order.push({ name, data });
  };
  for (const name of wanted) visit(name, []);
  return order;
}

function walk(dir: string, out: Map<string, string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (/\.ko(\.(xz|zst|gz))?$/.test(entry.name)) out.set(moduleName(entry.name), path);
  }
}

function moduleName(path: string): string {
  return path
    .replace(/^.*\//, "")
    .replace(/\.ko(\.(xz|zst|gz))?$/, "")
    .replace(/-/g, "_");
}

function decompress(file: string): Buffer {
  if (file.endsWith(".ko")) return readFileSync(file);
  if (file.endsWith(".gz")) return gunzipSync(readFileSync(file));
  const [tool, pkg] = file.endsWith(".xz") ? ["xz", "xz-utils"] : ["zstd", "zstd"];
  const r = spawnSync(tool, ["-dc", file], { maxBuffer: 256 << 20 });
  if (r.error || r.status !== 0) {
    throw new Error(
      `e2e guest: cannot decompress ${file} with ${tool} (apt-get install ${pkg}): ${r.error?.message ?? r.stderr.toString().trim()}`,
    );
  }
  return r.stdout;
}

/** The "depends=a,b" entry of a module's .modinfo section. */
export function depends(ko: Buffer): string[] {
  const at = ko.indexOf("\0depends=");
  if (at < 0) return [];
  const start = at + "\0depends=".length;
  const end = ko.indexOf(0, start);
  return ko.toString("utf8", start, end).split(",").filter(Boolean);
}
