import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { transpileCommand } from "../../src/cli/transpile.js";
import { memoryIO } from "../helpers/io.js";

const ok = "variant: fcos\nversion: 1.6.0\nstorage:\n  files:\n    - path: /etc/a\n      contents: {inline: a}\n";
const warns = "variant: fcos\nversion: 1.6.0\nbogus: 1\n";
const bad = "variant: fcos\nversion: 1.6.0\nstorage:\n  files:\n    - path: etc/a\n";

async function cli(args: string[], stdin = "", env: Record<string, string> = {}) {
  const m = memoryIO(stdin, env);
  const code = await transpileCommand(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe("kindling transpile", () => {
  test("stdin to stdout, compact by default, pretty with -p", async () => {
    expect(await cli([], ok)).toEqual({
      code: 0,
      stdout: '{"ignition":{"version":"3.5.0"},"storage":{"files":[{"path":"/etc/a","contents":{"compression":"","source":"data:,a"}}]}}\n',
      stderr: "",
    });
    expect((await cli(["-p"], ok)).stdout.startsWith('{\n  "ignition": {\n    "version": "3.5.0"\n  },')).toBe(true);
  });

  test("raw errors, the code frame, and exit 1 with Butane's closing line", async () => {
    const raw = await cli(["--raw-errors"], bad);
    expect(raw).toEqual({
      code: 1,
      stdout: "",
      stderr: "error at $.storage.files.0.path, line 5 col 13: path not absolute\nError translating config: config generated was invalid\n",
    });
    const pretty = await cli([], bad);
    expect(pretty.stderr).toContain("error[$.storage.files.0.path]:\n  --> <stdin>:5:13\n");
    expect(pretty.stderr).toContain(" 5 |     - path: etc/a\n   |             ^^^^^ path not absolute\n");
    expect(pretty.stderr).not.toContain("\u001b[");
    expect((await cli(["--color=always"], bad)).stderr).toContain("\u001b[1;31merror[$.storage.files.0.path]\u001b[0m");
  });

  test("--strict fails on warnings; -c checks without output", async () => {
    expect((await cli(["--strict", "--raw-errors"], warns)).stderr).toBe(
      "warning at $.bogus, line 3 col 1: unused key bogus\nConfig produced warnings and --strict was specified\n",
    );
    expect(await cli(["-c"], ok)).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  test("-o writes the file only on success", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-out-"));
    const out = join(dir, "out.ign");
    expect((await cli(["-o", out], ok)).code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).ignition.version).toBe("3.5.0");
    writeFileSync(out, "previous");
    expect((await cli(["-o", out], bad)).code).toBe(1);
    expect(readFileSync(out, "utf8")).toBe("previous");
    expect(readdirSync(dir)).toEqual(["out.ign"]);
  });

  test("several inputs with --out-dir", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-batch-"));
    writeFileSync(join(dir, "a.bu"), ok);
    writeFileSync(join(dir, "b.bu"), bad);
    const r = await cli(["--raw-errors", "--out-dir", join(dir, "out"), join(dir, "a.bu"), join(dir, "b.bu")]);
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, "out", "a.ign"))).toBe(true);
    expect(existsSync(join(dir, "out", "b.ign"))).toBe(false);
    expect(r.stderr).toContain(`${join(dir, "b.bu")}: not written`);
  });

  test("usage errors exit 2", async () => {
    expect((await cli(["--frob"])).code).toBe(2);
    expect((await cli(["a.bu", "b.bu"])).code).toBe(2);
    expect((await cli(["-V"])).stdout).toMatch(/^kindling /);
  });

  test("--color takes its value after a space or =, alone means always, and other values are refused with the list", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-color-"));
    const file = join(dir, "bad.bu");
    writeFileSync(file, bad);
    const red = "\u001b[1;31m";
    const never = await cli(["--color", "never", file]);
    expect(never.code).toBe(1);
    expect(never.stderr).toContain(`--> ${file}:5:13`);
    expect(never.stderr).not.toContain(red);
    expect((await cli(["--color", "always", file])).stderr).toContain(red);
    expect((await cli(["--color=always", file])).stderr).toContain(red);
    expect((await cli(["--color", file])).stderr).toContain(red);
    expect(await cli(["--color=sometimes", file])).toEqual({
      code: 2,
      stdout: "",
      stderr: `Error: invalid argument "sometimes" for --color: one of auto, always, never, yes, no\nSee 'kindling transpile --help'.\n`,
    });
  });

  test("- reads standard input; under --raw-errors it is Butane's literal file name", async () => {
    expect(await cli(["-"], ok)).toEqual(await cli([], ok));
    expect((await cli(["-"], ok)).code).toBe(0);
    expect(await cli(["--raw-errors", "-"], ok)).toEqual({
      code: 1,
      stdout: "",
      stderr: "failed to open -: open -: no such file or directory\n",
    });
  });

  test("a usage error is one line and where the help is", async () => {
    expect(await cli(["a.bu", "b.bu"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "Error: too many input files (use --out-dir DIR for several)\nSee 'kindling transpile --help'.\n",
    });
  });

  test("--out-dir refuses inputs whose outputs would collide, naming both, before writing anything", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-batch-"));
    for (const sub of ["a", "b"]) {
      mkdirSync(join(dir, sub));
      writeFileSync(join(dir, sub, "node.bu"), ok);
    }
    writeFileSync(join(dir, "other.bu"), ok);
    const out = join(dir, "out");
    const inputs = [join(dir, "other.bu"), join(dir, "a", "node.bu"), join(dir, "b", "node.bu")];
    expect(await cli(["--out-dir", out, ...inputs])).toEqual({
      code: 1,
      stdout: "",
      stderr: `kindling transpile: ${inputs[1]} and ${inputs[2]} would both be written to ${join(out, "node.ign")}; rename one, or transpile them into different --out-dir folders; nothing was written\n`,
    });
    expect(existsSync(out)).toBe(false);
    expect((await cli(["--out-dir", out, inputs[0]!, inputs[0]!])).stderr).toBe(
      `kindling transpile: ${inputs[0]} is given twice; nothing was written\n`,
    );
    // Different targets have different names: a .bu and a .yaml of the same base still clash.
    writeFileSync(join(dir, "other.yaml"), ok);
    expect((await cli(["--out-dir", out, join(dir, "other.bu"), join(dir, "other.yaml")])).code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  test("--out-dir ends with a summary line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-batch-"));
    writeFileSync(join(dir, "a.bu"), ok);
    writeFileSync(join(dir, "b.bu"), bad);
    writeFileSync(join(dir, "c.bu"), ok);
    const files = ["a.bu", "b.bu", "c.bu"].map((f) => join(dir, f));
    const written = await cli(["--raw-errors", "--out-dir", join(dir, "out"), ...files]);
    expect(written.stderr.endsWith(`${files[1]}: not written\n2 written, 1 failed\n`)).toBe(true);
    expect((await cli(["--check", "--out-dir", join(dir, "out"), files[0]!, files[2]!])).stderr).toBe("2 checked, 0 failed\n");
  });
});
