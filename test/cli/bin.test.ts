// The package's `kindling` bin (dist/kindling.cjs, a CommonJS bundle of
// src/cli.ts) is the same program as dist/cli.js: same bytes on stdout and
// stderr, same exit status, for bundled commands, module-loaded ones, usage
// errors and the top level.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const root = join(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin: Record<string, string> };
const bin = join(root, pkg.bin.kindling!);
const esm = join(root, "dist/cli.js");
const example = (f: string) => join(root, "examples", f);

/** name, arguments, exit status, standard input */
const runs: [string, string[], number, string?][] = [
  ["transpile", ["transpile", "--files-dir", example(""), example("webserver.bu")], 0],
  ["transpile with a located error", ["transpile", "-"], 1, "variant: fcos\nversion: 1.6.0\nstorage:\n  files:\n    - path: relative\n"],
  [
    "transpile --target cloud-config, not expressible",
    ["transpile", "--target", "cloud-config", "--files-dir", example(""), example("webserver.bu")],
    1,
  ],
  ["validate", ["validate", example("webserver.ign")], 0],
  ["validate of a bad config", ["validate", "-"], 1, '{"ignition":{"version":"3.9.0"}}'],
  ["a module-loaded command", ["report-key", "--help"], 0],
  ["a usage error", ["verify"], 2],
  ["an unknown command", ["frobnicate"], 2],
  ["--version", ["--version"], 0],
  ["no arguments", [], 2],
];

describe("the kindling bin", () => {
  test("is the CommonJS bundle", () => {
    expect(pkg.bin.kindling).toBe("dist/kindling.cjs");
    expect(readFileSync(bin, "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  test.each(runs)("answers as dist/cli.js does: %s", (_name, args, status, input) => {
    const a = spawnSync(process.execPath, [bin, ...args], { input: input ?? "", encoding: "utf8" });
    const b = spawnSync(process.execPath, [esm, ...args], { input: input ?? "", encoding: "utf8" });
    expect(a.status).toBe(status);
    expect(b.status).toBe(status);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stderr).toBe(b.stderr);
  });
});
