#!/usr/bin/env node
// Bundles the `kindling` command into dist/cli.js (one file per command,
// loaded when that command runs), so start-up reads a few files instead of
// resolving some sixty ES modules. The library (dist/index.js) stays as tsc
// writes it. esbuild is used because it is the standard, well-kept bundler
// for this and far faster than anything we would write.
import { build } from "esbuild";

await build({
  entryPoints: ["src/cli.ts"],
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  entryNames: "[name]",
  chunkNames: "cli-chunks/[name]-[hash]",
  // Bundled CommonJS dependencies (the yaml package) call require().
  banner: { js: "import { createRequire as __kindlingRequire } from \"node:module\";\nconst require = __kindlingRequire(import.meta.url);" },
  logLevel: "warning",
});
