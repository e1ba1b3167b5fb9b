// The script target on the examples and the legacy fixtures: run with dash
// and with busybox sh against an image-like root, twice (a second run changes
// nothing and succeeds), and the tree checked against the config, check by
// check. A config the script cannot carry is refused with positions.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs shared with scripts/legacy-conformance.mjs
import { SHELLS, seedRoot } from "../../scripts/lib/script-harness.mjs";
import { buildPlan } from "../../src/emit/legacy/plan.js";
import { transpile } from "../../src/transpile.js";
import { checkTree } from "../../src/verify/tree.js";

const root = join(import.meta.dirname, "../..");
const inputs = [
  ...readdirSync(join(root, "examples"))
    .filter((f) => f.endsWith(".bu"))
    .map((f) => ({ file: join("examples", f), filesDir: join(root, "examples") })),
  ...readdirSync(join(root, "test/fixtures/legacy"))
    .filter((f) => f.endsWith(".bu"))
    .map((f) => ({ file: join("test/fixtures/legacy", f), filesDir: undefined })),
];

function snapshot(dir: string): string {
  const r = spawnSync("sh", ["-c", "cd \"$1\" && find . -printf '%p %y %m %U:%G %s %l\\n' | sort", "sh", dir], { encoding: "utf8" });
  return r.stdout;
}

describe("the script target applied to examples and fixtures", () => {
  for (const { file, filesDir } of inputs) {
    for (const shell of SHELLS as string[][]) {
      it(`${file} under ${shell.join(" ")}`, () => {
        const source = readFileSync(join(root, file), "utf8");
        const r = transpile(source, { target: "script", filesDir });
        if (r.failure) {
          const errors = r.diagnostics.filter((d) => d.severity === "error");
          expect(errors.length).toBeGreaterThan(0);
          for (const d of errors) expect(d.code === "legacy.unsupported" && (d.span?.line ?? 0) > 0).toBe(true);
          return;
        }
        const plan = buildPlan(JSON.parse(transpile(source, { filesDir, raw: true }).output!)).plan;
        const work = mkdtempSync(join(tmpdir(), "kindling-script-example-"));
        const tree = join(work, "root");
        spawnSync("mkdir", [tree]);
        seedRoot(tree, plan);
        const script = join(work, "apply.sh");
        writeFileSync(script, r.output!);
        const first = spawnSync(shell[0]!, [...shell.slice(1), script], { encoding: "utf8", env: { ...process.env, ROOT: tree } });
        if (first.error) throw new Error(`${shell.join(" ")} is required (apt-get install dash busybox-static): ${first.error.message}`);
        expect(first.stderr).toMatch(/kindling: done\n$/);
        expect(first.status).toBe(0);
        const after = snapshot(tree);
        const second = spawnSync(shell[0]!, [...shell.slice(1), script], { encoding: "utf8", env: { ...process.env, ROOT: tree } });
        expect(second.status).toBe(0);
        expect(snapshot(tree)).toBe(after);
        const checks = checkTree(plan, tree);
        expect(checks.length).toBeGreaterThan(3);
        expect(checks.filter((c) => !c.pass)).toEqual([]);
        rmSync(work, { recursive: true, force: true });
      });
    }
  }
});
