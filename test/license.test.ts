import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

const root = join(import.meta.dirname, "..");

// The license package.json declares is the one the LICENSE file holds.
const TITLES: Record<string, RegExp> = {
  "Apache-2.0": /^\s*Apache License\s+Version 2\.0, January 2004\b/,
};

test("LICENSE is the license package.json names", () => {
  const { license } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { license: string };
  expect(Object.keys(TITLES)).toContain(license);
  expect(existsSync(join(root, "LICENSE"))).toBe(true);
  const text = readFileSync(join(root, "LICENSE"), "utf8");
  expect(text).toMatch(TITLES[license]!);
  expect(text).toContain("END OF TERMS AND CONDITIONS");
});
