#!/usr/bin/env node
// Rewrites the feature × target table in README.md (between the
// `<!-- targets:begin -->` and `<!-- targets:end -->` markers) from the table
// the transpiler itself refuses features by (src/emit/legacy/features.ts).
// Needs a build: `npm run gen:readme` builds first. test/readme-targets.test.ts checks
// that the README is up to date.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { featureTable } = await import(join(ROOT, "dist", "emit", "legacy", "features.js"));

export const BEGIN = "<!-- targets:begin -->\n";
export const END = "<!-- targets:end -->";

const readme = join(ROOT, "README.md");
const text = readFileSync(readme, "utf8");
const a = text.indexOf(BEGIN);
const b = text.indexOf(END);
if (a < 0 || b < a) {
  console.error("README.md has no targets markers");
  process.exit(1);
}
const next = text.slice(0, a + BEGIN.length) + featureTable() + text.slice(b);
const tmp = readme + ".tmp";
writeFileSync(tmp, next);
renameSync(tmp, readme);
console.log(next === text ? "README.md table already up to date" : "README.md table rewritten");
