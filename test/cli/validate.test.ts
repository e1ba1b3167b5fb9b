import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { validateCommand } from "../../src/cli/validate.js";
import { memoryIO } from "../helpers/io.js";

const run = async (args: string[], stdin = "") => {
  const m = memoryIO(stdin);
  const code = await validateCommand(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
};

const badConfig = '{\n  "ignition": {"version": "3.4.0"},\n  "storage": {"files": [{"path": "etc/x", "mode": 2541}]},\n  "bogus": 1\n}\n';

describe("kindling validate", () => {
  test("prints the report on stdout and fails on errors", async () => {
    const r = await run(["-"], badConfig);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n").sort()).toEqual([
      "",
      "error at $.storage.files.0.path, line 3 col 34: path not absolute",
      "warning at $.bogus, line 4 col 3: unused key bogus",
      "warning at $.storage.files.0.mode, line 3 col 51: setuid/setgid/sticky bits are not supported or functional in spec versions older than 3.6.0",
    ]);
  });

  test("warnings alone pass", async () => {
    const r = await run(["-"], '{"ignition": {"version": "3.6.0"}, "extra": true}\n');
    expect(r).toEqual({ code: 0, stdout: "warning at $.extra, line 1 col 36: unused key extra\n", stderr: "" });
  });

  test("a config that is not a config is explained on stderr", async () => {
    expect(await run(["-"], "")).toEqual({ code: 1, stdout: "", stderr: "couldn't parse config: not a config (empty)\n" });
    expect(await run(["-"], '{"ignition": {"version": "2.2.0"}}')).toMatchObject({
      code: 1,
      stderr: "couldn't parse config: unsupported config version\n",
    });
  });

  test("JSON syntax errors carry a position", async () => {
    expect(await run(["-"], '{"ignition": {"version": "3.1.0",}}\n')).toEqual({
      code: 1,
      stdout: "error at line 1 col 35: invalid character '}' looking for beginning of object key string\n",
      stderr: "",
    });
  });

  test("--format json gives codes and hints", async () => {
    const r = await run(["--format", "json", "-"], badConfig);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout);
    expect(body.version).toBe("3.4.0");
    expect(body.valid).toBe(false);
    expect(body.file).toBe("<stdin>");
    const relative = body.diagnostics.find((d: { code: string }) => d.code === "ignition.path.relative");
    expect(relative).toMatchObject({ severity: "error", file: "<stdin>", path: "$.storage.files.0.path", line: 3, column: 34 });
    expect(relative.hint).toMatch(/start with \//);
  });

  test("integers beyond int64 are encoding/json's errors, in every int field", async () => {
    const big = "9223372036854775808";
    for (const [json, field] of [
      [`"passwd":{"users":[{"name":"a","uid":${big}}]}`, "PasswdUser.passwd.users.uid"],
      [
        `"storage":{"disks":[{"device":"/dev/sda","partitions":[{"number":1,"sizeMiB":${big}}]}]}`,
        "Partition.storage.disks.partitions.sizeMiB",
      ],
      [`"storage":{"files":[{"path":"/a","user":{"id":-9223372036854775809}}]}`, "NodeUser.storage.files.user.id"],
    ]) {
      const input = `{"ignition":{"version":"3.4.0"},${json}}`;
      const literal = /-?9223372036854775809|9223372036854775808/.exec(input)!;
      const r = await run(["-"], input);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe(
        `error at line 1 col ${literal.index + literal[0].length + 1}: json: cannot unmarshal number ${literal[0]} into Go struct field ${field} of type int\n`,
      );
    }
  });

  test("a missing file and wrong arguments are user errors, not crashes", async () => {
    const missing = await run(["/nonexistent/config.ign"]);
    expect(missing).toEqual({
      code: 1,
      stdout: "",
      stderr: "couldn't read config: open /nonexistent/config.ign: no such file or directory\n",
    });
    const usage = await run([]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toBe("Error: give the FILE to validate (- for standard input)\nSee 'kindling validate --help'.\n");
    expect((await run(["--nope", "x"])).stderr).toBe("Error: unknown flag: --nope\nSee 'kindling validate --help'.\n");
  });
});

describe("the built command", () => {
  test.runIf(existsSync("dist/cli.js"))("reads a file and exits like ignition-validate", () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-"));
    const file = join(dir, "bad.ign");
    writeFileSync(file, badConfig);
    const r = spawnSync(process.execPath, ["dist/cli.js", "validate", file], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("error at $.storage.files.0.path, line 3 col 34: path not absolute\n");
    const ok = spawnSync(process.execPath, ["dist/cli.js", "validate", "examples/webserver.ign"], { encoding: "utf8" });
    expect({ status: ok.status, stdout: ok.stdout, stderr: ok.stderr }).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  test.runIf(existsSync("dist/cli.js"))("an unknown command exits 2 with usage", () => {
    const r = spawnSync(process.execPath, ["dist/cli.js", "frobnicate"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
  });
});
