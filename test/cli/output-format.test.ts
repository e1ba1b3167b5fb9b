// --format json across transpile, validate and verify: one JSON object on
// stdout, nothing on stderr, and every diagnostic the same located object
// (severity, code, message, hint, file, line, column, path), at the
// positions the text reports give.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { transpileCommand } from "../../src/cli/transpile.js";
import { validateCommand } from "../../src/cli/validate.js";
import { verifyCommand } from "../../src/cli/verify.js";
import { memoryIO } from "../helpers/io.js";

const KEYS = ["severity", "code", "message", "hint", "file", "line", "column", "path"];

type Command = (args: string[], io: ReturnType<typeof memoryIO>["io"]) => Promise<number>;

const run = async (command: Command, args: string[], stdin = "") => {
  const m = memoryIO(stdin);
  const code = await command(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
};

/** Every diagnostic is the located object: only its keys, the right types. */
function expectLocated(diagnostics: Record<string, unknown>[]): void {
  for (const d of diagnostics) {
    for (const key of Object.keys(d)) expect(KEYS).toContain(key);
    expect(["error", "warning", "info"]).toContain(d.severity);
    expect(typeof d.code).toBe("string");
    expect(typeof d.message).toBe("string");
    expect(typeof d.file).toBe("string");
    if (d.line !== undefined) expect(typeof d.column).toBe("number");
    if (d.path !== undefined) expect(d.path).toMatch(/^\$/);
  }
}

// A warning (an unused key) and, in the second, an error (a relative path).
const warned = "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/motd\n      mood: 0644\n";
const broken = `${warned}    - path: etc/relative\n`;

describe("--format json", () => {
  test("transpile: the config and its warnings in one object; stderr empty", async () => {
    const r = await run(transpileCommand, ["--format", "json", "-"], warned);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ file: "<stdin>", ok: true });
    expect(body.output).toBe((await run(transpileCommand, ["-"], warned)).stdout);
    expectLocated(body.diagnostics);
    expect(body.diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", file: "<stdin>", line: 6, column: 7, path: "$.storage.files.0.mood" }),
    ]);
  });

  test("transpile: a failure is ok false with the failure and the error at the text report's position", async () => {
    const r = await run(transpileCommand, ["--format", "json", "-"], broken);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ ok: false, output: null, failure: expect.any(String) });
    expectLocated(body.diagnostics);
    const error = body.diagnostics.find((d: { severity: string }) => d.severity === "error");
    expect(error).toMatchObject({ line: 7, column: 13, path: "$.storage.files.1.path" });
    // The text report names the same place.
    expect((await run(transpileCommand, ["-"], broken)).stderr).toMatch(/<stdin>:7:13/);
  });

  test("transpile -o FILE: the file is written and named, the output left out; --out-dir is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-format-"));
    const out = join(dir, "out.ign");
    const r = await run(transpileCommand, ["--format", "json", "-o", out, "-"], warned);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, output: null, written: out });
    expect(readFileSync(out, "utf8")).toBe((await run(transpileCommand, ["-"], warned)).stdout);
    const refused = await run(transpileCommand, ["--format", "json", "--out-dir", dir, "a.bu"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--format json takes one input");
  });

  test("validate: the same object for Ignition's diagnostics and for an input that is no config", async () => {
    const bad = JSON.stringify({ ignition: { version: "3.4.0" }, storage: { files: [{ path: "relative" }] } });
    const r = await run(validateCommand, ["--format", "json", "-"], bad);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout);
    expectLocated(body.diagnostics);
    expect(body.diagnostics[0]).toMatchObject({ code: "ignition.path.relative", file: "<stdin>", path: "$.storage.files.0.path" });
    const empty = JSON.parse((await run(validateCommand, ["--format", "json", "-"], "")).stdout);
    expect(empty.valid).toBe(false);
    expectLocated(empty.diagnostics);
    expect(empty.diagnostics).toHaveLength(1);
    // --format text is the raw report, as --format raw was.
    expect((await run(validateCommand, ["--format", "text", "-"], bad)).stdout).toBe((await run(validateCommand, ["-"], bad)).stdout);
  });

  test("verify: the config's warnings are in the object beside the checks; an invalid config is valid false", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-format-"));
    const config = join(dir, "node.bu");
    writeFileSync(config, warned);
    const r = await run(verifyCommand, ["--root", dir, "--format", "json", config]);
    const body = JSON.parse(r.stdout);
    expect(r.stderr).toBe("");
    expect(body).toMatchObject({ file: config, valid: true, failed: 1 }); // /etc/motd is missing
    expectLocated(body.diagnostics);
    expect(body.diagnostics).toEqual([expect.objectContaining({ severity: "warning", file: config, line: 6, column: 7 })]);
    writeFileSync(config, broken);
    const invalid = await run(verifyCommand, ["--root", dir, "--format", "json", config]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toBe("");
    const refused = JSON.parse(invalid.stdout);
    expect(refused).toMatchObject({ valid: false, checks: [] });
    expect(refused.diagnostics.some((d: { line?: number }) => d.line === 7)).toBe(true);
  });
});
