/**
 * Loads a bundled command (a CommonJS file written by scripts/bundle.mjs)
 * with V8's code cache, so a short run does not spend its time parsing and
 * compiling half a megabyte of JavaScript before doing any work. Node 20 has
 * no built-in compile cache for ES modules (module.enableCompileCache arrived
 * in Node 22), so this is the same idea done by hand with vm.Script.
 *
 * The cache lives next to the bundle, one file per V8 version
 * (`transpile.cjs` → `transpile.v8-11.3.244.8-node.31.cache`). V8 itself
 * refuses a cache made from other source or other flags, and then compiles
 * normally: a bad cache costs time, never correctness. A missing cache is
 * written after the command has run (so it also holds the functions that run
 * compiled), atomically and only if the folder is writable; `npm run build`
 * makes one from a representative run.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { Script } from "node:vm";

interface Loaded {
  exports: Record<string, unknown>;
  /** "used", "rejected" (V8 refused it: other source, V8 or flags) or "missing". */
  cache: "used" | "rejected" | "missing";
  /** Writes the cache if there was none; call once the command has run. */
  saveCache(): void;
}

const WRAPPER_HEAD = "(function (exports, require, module, __filename, __dirname) {";
const WRAPPER_TAIL = "\n})";

export function cachePathFor(file: string): string {
  return file.replace(/\.cjs$/, "") + `.v8-${process.versions.v8}.cache`;
}

export function loadWithCodeCache(file: string): Loaded {
  const source = WRAPPER_HEAD + readFileSync(file, "utf8") + WRAPPER_TAIL;
  const cachePath = cachePathFor(file);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(source, { filename: file, cachedData });
  const module = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    cache: cachedData === undefined ? "missing" : script.cachedDataRejected ? "rejected" : "used",
    saveCache() {
      if (cachedData !== undefined) return;
      const tmp = `${cachePath}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cachePath);
      } catch {
        // A read-only install just runs without the cache.
        rmSync(tmp, { force: true });
      }
    },
  };
}
