#!/usr/bin/env node
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// Bundles each command of the `kindling` CLI into dist/commands/<name>.cjs
// and primes V8's code cache for it (see src/cli/code-cache.ts): start-up
// then reads two files instead of resolving some sixty ES modules and skips
// most parsing and compiling. dist/cli.js and the library (dist/index.js)
// stay as tsc writes them. esbuild is used because it is the standard,
// well-kept bundler for this and far faster than anything we would write.
// The esbuild options are in bundle-options.mjs.
import { build } from "esbuild";
import { bundleOptions } from "./bundle-options.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist/commands");
rmSync(out, { recursive: true, force: true }); // stale caches would be refused forever
rmSync(join(root, "dist/cli-chunks"), { recursive: true, force: true }); // the former layout
mkdirSync(out, { recursive: true });

const commands = ["validate", "transpile"];
await build({
  entryPoints: commands.map((name) => join(root, `src/cli/${name}.ts`)),
  outdir: out,
  outExtension: { ".js": ".cjs" },
  ...bundleOptions,
});

// One representative run per command writes its cache (the cache then holds
// the functions that ran, not just the top level).
const cli = join(root, "dist/cli.js");
const runs = {
  validate: ["validate", join(root, "examples/webserver.ign")],
  transpile: ["transpile", "--files-dir", join(root, "examples"), join(root, "examples/webserver.bu")],
};
for (const name of commands) {
  const r = spawnSync(process.execPath, [cli, ...runs[name]], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`priming ${name} failed (exit ${r.status}): ${r.stderr}`);
}
const caches = readdirSync(out).filter((f) => f.endsWith(".cache"));
if (caches.length !== commands.length) throw new Error(`expected ${commands.length} code caches in ${out}, found ${caches.join(", ")}`);
