// A misspelled diagnostic code does not compile: tsc checks
// misspelled-code.ts, whose @ts-expect-error lines each need an error.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect, test } from "vitest";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

test("tsc refuses every misspelled code in misspelled-code.ts, and accepts the real ones", () => {
  const r = spawnSync(process.execPath, [tsc, "-p", join(import.meta.dirname, "tsconfig.json")], { encoding: "utf8" });
  expect(r.stdout + r.stderr).toBe("");
  expect(r.status).toBe(0);
}, 60_000);
