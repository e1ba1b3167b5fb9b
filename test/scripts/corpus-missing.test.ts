// The conformance scripts read a corpus kept outside the repository; on a
// plain clone they must say where they looked, not print a stack trace.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const missing = join(root, "test", "fixtures", "no-such-corpus");

describe("conformance scripts without a corpus", () => {
  it.each([
    ["legacy-conformance.mjs", ["--cases", missing], missing],
    ["legacy-conformance.mjs", [], join(missing, "cases", "butane")],
    ["conformance.mjs", [], missing],
  ])("%s %j says there is no corpus", (script, args, where) => {
    const r = spawnSync(process.execPath, [join(root, "scripts", script), ...args], {
      encoding: "utf8",
      env: { ...process.env, KINDLING_CONFORMANCE: missing },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^no corpus at ${where.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `));
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});
