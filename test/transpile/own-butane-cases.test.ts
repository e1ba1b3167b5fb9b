// Runs every case under test/fixtures/butane-cases through `kindling
// transpile --raw-errors`, as the shared conformance runner would, and
// compares the exit status, the output (byte for byte) and every line of
// the error report. The expectations were derived by hand from Butane
// v0.29.0's source (see the README there and each case's `source` file).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { transpileCommand } from "../../src/cli/transpile.js";
import { memoryIO } from "../helpers/io.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/butane-cases");
const cases = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const read = (dir: string, name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), "utf8") : "");

/** The report as a sorted list of lines: Butane's diagnostic order is not part of the contract. */
const reportLines = (stderr: string) =>
  stderr
    .split("\n")
    .filter((l) => l !== "")
    .sort();

async function run(dir: string) {
  const args = ["--raw-errors", ...read(dir, "args").split(/\s+/).filter(Boolean)];
  if (existsSync(join(dir, "files"))) args.push("--files-dir", join(dir, "files"));
  args.push(join(dir, "config.bu"));
  const m = memoryIO();
  const code = await transpileCommand(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe("Butane cases derived from Butane's source", () => {
  test("there are cases, each naming the source it was derived from", () => {
    expect(cases.length).toBeGreaterThan(30);
    for (const name of cases) expect(read(join(root, name), "source").trim(), name).not.toBe("");
  });

  test.each(cases)("%s", async (name) => {
    const dir = join(root, name);
    const want = {
      code: Number(read(dir, "expected.exit").trim() || 0),
      stdout: read(dir, "expected.out"),
      stderr: read(dir, "expected.err"),
    };
    const got = await run(dir);
    expect(reportLines(got.stderr)).toEqual(reportLines(want.stderr));
    expect(got.code).toBe(want.code);
    if (want.stdout.trim().startsWith("{")) expect(JSON.parse(got.stdout || "null")).toEqual(JSON.parse(want.stdout));
    expect(got.stdout).toBe(want.stdout);
  });
});
