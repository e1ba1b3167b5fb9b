#!/usr/bin/env node
// Writes schemas/butane/<variant>-<version>.json for every Butane (variant,
// version) the transpiler accepts, from the schema tables it decodes with
// (src/butane/json-schema.ts, run from dist/: `npm run gen` builds first).
// Files of versions that are gone are removed.
//
//   node scripts/gen-butane-schemas.mjs
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DIR = join(ROOT, "schemas", "butane");
const { butaneSchemaFiles } = await import(pathToFileURL(join(ROOT, "dist", "butane", "json-schema.js")).href);

mkdirSync(DIR, { recursive: true });
const written = new Set();
for (const { file, text } of butaneSchemaFiles()) {
  writeFileSync(join(DIR, file), text);
  written.add(file);
}
for (const file of readdirSync(DIR)) if (file.endsWith(".json") && !written.has(file)) rmSync(join(DIR, file));
console.log(`schemas/butane: ${written.size} schemas`);
