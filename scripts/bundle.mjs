#!/usr/bin/env node
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
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

// The `kindling` bin: src/cli.ts again, as one CommonJS file, so a run
// skips Node's ES module loader (about 5 ms, and node:fs/promises with it).
// The commands stay where they are: the bundled ones are loaded from
// dist/commands/ as above, the others by import() of their dist/cli/ module,
// which resolves beside this file exactly as it does for dist/cli.js.
const cliSource = readFileSync(join(root, "src/cli.ts"), "utf8");
const commandModules = [...cliSource.matchAll(/modules: async \(\) => \(await import\("(\.\/cli\/[a-z-]+\.js)"\)/g)].map((m) => m[1]);
if (commandModules.length < commands.length) throw new Error("no command modules found in src/cli.ts");
const bin = join(root, "dist/kindling.cjs");
await build({ entryPoints: [join(root, "src/cli.ts")], outfile: bin, ...bundleOptions, external: commandModules });
chmodSync(bin, 0o755);

// One representative run per command writes its cache (the cache then holds
// the functions that ran, not just the top level).
const cli = bin;
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
