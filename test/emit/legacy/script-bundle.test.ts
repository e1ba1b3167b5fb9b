// The script template is found from dist/ as tsc writes it (npm test builds
// first) and from an esbuild bundle laid out as the command bundles are
// (dist/commands/*.cjs, import.meta.url = the bundle).
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { afterAll, expect, test } from "vitest";
// @ts-expect-error: a plain .mjs module without types
import { bundleOptions } from "../../../scripts/bundle-options.mjs";

const root = resolve(import.meta.dirname, "../../..");
const out = join(root, "dist", `test-bundle-${process.pid}`);
afterAll(() => rmSync(out, { recursive: true, force: true }));

test("renderScript works from a command bundle in dist/", async () => {
  mkdirSync(out, { recursive: true });
  const entry = join(out, "entry.ts");
  writeFileSync(
    entry,
    `import { buildPlan } from ${JSON.stringify(join(root, "src/emit/legacy/plan.ts"))};\n` +
      `import { renderScript } from ${JSON.stringify(join(root, "src/emit/legacy/script.ts"))};\n` +
      `process.stdout.write(renderScript(buildPlan({ storage: { files: [{ path: "/a" }] } }).plan));\n`,
  );
  await build({ ...bundleOptions, entryPoints: [entry], outfile: join(out, "entry.cjs"), logLevel: "error" });
  const script = execFileSync(process.execPath, [join(out, "entry.cjs")], { encoding: "utf8" });
  expect(script.startsWith("#!/bin/sh\n")).toBe(true);
  expect(script).toContain("k_keep '/a' 0644 'id:0' 'id:0'");
});

test("renderScript works from dist/ as tsc writes it", () => {
  const program =
    `const { buildPlan } = await import(${JSON.stringify(join(root, "dist/emit/legacy/plan.js"))});\n` +
    `const { renderScript } = await import(${JSON.stringify(join(root, "dist/emit/legacy/script.js"))});\n` +
    `process.stdout.write(renderScript(buildPlan({ storage: { files: [{ path: "/a" }] } }).plan));\n`;
  const script = execFileSync(process.execPath, ["--input-type=module", "-e", program], { encoding: "utf8", cwd: tmpdir() });
  expect(script.startsWith("#!/bin/sh\n")).toBe(true);
});
