#!/usr/bin/env node
// Writes schemas/butane/<variant>-<version>.json for every Butane (variant,
// version) the transpiler accepts, from the schema tables it decodes with
// (src/butane/json-schema.ts, run from dist/: `npm run gen` builds first).
// Files of versions that are gone are removed.
//
//   node scripts/gen-butane-schemas.mjs
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DIR = join(ROOT, "schemas", "butane");
const { butaneJsonSchema, butaneSchemaFile } = await import(join(ROOT, "dist", "butane", "json-schema.js"));
const { BUTANE_SPECS } = await import(join(ROOT, "dist", "butane", "registry.js"));

mkdirSync(DIR, { recursive: true });
const written = new Set();
for (const spec of BUTANE_SPECS) {
  const file = butaneSchemaFile(spec);
  writeFileSync(join(DIR, file), JSON.stringify(butaneJsonSchema(spec), null, 2) + "\n");
  written.add(file);
}
for (const file of readdirSync(DIR)) if (file.endsWith(".json") && !written.has(file)) rmSync(join(DIR, file));
console.log(`schemas/butane: ${written.size} schemas`);
