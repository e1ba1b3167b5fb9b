// The type-level promises of the version table (test/versions/misspelled.check.ts).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const file = fileURLToPath(new URL("misspelled.check.ts", import.meta.url));

test("misspelled versions, bases, variants and filter names do not compile", () => {
  const args = [
    "--noEmit",
    "--strict",
    "--target",
    "ES2022",
    "--module",
    "NodeNext",
    "--moduleResolution",
    "NodeNext",
    "--types",
    "node",
    "--skipLibCheck",
    file,
  ];
  const r = spawnSync(process.execPath, [tsc, ...args], { encoding: "utf8" });
  expect(r.stdout + r.stderr).toBe("");
  expect(r.status).toBe(0);
}, 60_000); // a whole tsc run: seconds, more on a busy machine
