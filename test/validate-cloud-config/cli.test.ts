import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { validateCommand } from "../../src/cli/validate.js";
import { NODE } from "../helpers/cloud-config-node.js";
import { memoryIO } from "../helpers/io.js";

const run = async (args: string[], stdin = "") => {
  const m = memoryIO(stdin);
  const code = await validateCommand(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
};

const BAD = "#cloud-config\ncoreos:\n  units:\n    - name: a\n      command: lol\n  write_files:\n    - path: /etc/x\n";

describe("kindling validate --target cloud-config", () => {
  test("one FILE:LINE:COL line per diagnostic, exit 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-cc-"));
    const file = join(dir, "user-data");
    writeFileSync(file, BAD);
    expect(await run(["--target", "cloud-config", file])).toEqual({
      code: 1,
      stdout:
        `${file}:6:3: warning: unrecognized key "write_files"\n` +
        `${file}:5:16: error: invalid value lol\n` +
        `${file}:6:3: info: write_files doesn't belong under coreos\n`,
      stderr: "",
    });
  });

  test("standard input is <stdin>; --target= works too", async () => {
    expect(await run(["--target=cloud-config", "-"], "#cloud-config\nbogus: 1\n")).toEqual({
      code: 1,
      stdout: '<stdin>:2:1: warning: unrecognized key "bogus"\n',
      stderr: "",
    });
  });

  test("warnings and infos fail too, as coreos-cloudinit exits 1 on any entry", async () => {
    expect((await run(["--target", "cloud-config", "-"], "#cloud-config\ncoreos:\n  etcd:\n    discovery: x\n")).code).toBe(1);
    expect((await run(["--target", "cloud-config", "-"], "#cloud-config\ncoreos:\n  write_files:\n")).code).toBe(1);
    expect((await run(["--target", "cloud-config", "-"], "#cloud-config\nhostname: a\n")).code).toBe(0);
  });

  test("a clean document, a script, Ignition and empty input exit 0 silently", async () => {
    for (const input of [NODE, "#!/bin/sh\necho hi\n", '{"ignition":{"version":"3.4.0"}}', ""]) {
      expect(await run(["--target", "cloud-config", "-"], input)).toEqual({ code: 0, stdout: "", stderr: "" });
    }
  });

  test("a wrong header", async () => {
    expect(await run(["--target", "cloud-config", "-"], "hostname: x\n")).toEqual({
      code: 1,
      stdout: '<stdin>:1:1: error: must be "#cloud-config" or begin with "#!"\n',
      stderr: "",
    });
  });

  test("--format json", async () => {
    const r = await run(["--target", "cloud-config", "--format", "json", "-"], BAD);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ file: "<stdin>", target: "cloud-config", valid: false });
    expect(body.diagnostics[1]).toMatchObject({
      severity: "error",
      code: "cloudconfig.value.invalid",
      file: "<stdin>",
      path: "$.coreos.units.0.command",
      line: 5,
      column: 16,
    });
  });

  test("an unreadable file is a clear error", async () => {
    expect(await run(["--target", "cloud-config", "/nonexistent/user-data"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "couldn't read user data: open /nonexistent/user-data: no such file or directory\n",
    });
  });

  test("an unknown target is a usage error; ignition stays the default", async () => {
    const r = await run(["--target", "cloud-init", "x"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `Error: invalid argument "cloud-init" for --target: one of ignition, cloud-config\nSee 'kindling validate --help'.\n`,
    );
    expect(await run(["--target", "ignition", "-"], '{"ignition": {"version": "3.6.0"}}')).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(await run(["-"], "#cloud-config\nhostname: a\n")).toEqual({
      code: 1,
      stdout: "error at line 1 col 2: invalid character '#' looking for beginning of value\n",
      stderr: "",
    });
  });
});
