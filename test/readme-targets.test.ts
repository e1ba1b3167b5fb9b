// The README's feature × target table is the table the transpiler refuses
// features by; `npm run gen:readme` rewrites it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { FEATURES, featureTable, LEGACY_TARGETS } from "../src/emit/legacy/features.js";

test("README.md shows the current feature × target table", () => {
  const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
  const begin = "<!-- targets:begin -->\n";
  const block = readme.slice(readme.indexOf(begin) + begin.length, readme.indexOf("<!-- targets:end -->"));
  expect(block).toBe(featureTable());
});

test("every refused feature says how to do without it", () => {
  for (const f of FEATURES) {
    if (LEGACY_TARGETS.some((t) => f.support[t] === "no")) expect(f.hint, f.what).toBeTruthy();
  }
});
