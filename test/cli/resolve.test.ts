import { describe, expect, test } from "vitest";
import { resolveCommand } from "../../src/cli/resolve.js";
import { userDataCommand } from "../../src/cli/user-data.js";
import { transpile } from "../../src/transpile.js";
import { memoryIO } from "../helpers/io.js";
import { fcosNode } from "../helpers/node-config.js";

const run = async (command: typeof resolveCommand, args: string[], stdin = "") => {
  const m = memoryIO(stdin);
  const code = await command(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
};

const source = fcosNode("hello");

describe("kindling resolve", () => {
  test("the gzip strategy's pointer resolves to the transpiled config, byte for byte", async () => {
    const pointer = await run(userDataCommand, ["--platform", "ec2", "--strategy", "gzip", "-"], source);
    expect(pointer.code).toBe(0);
    expect(pointer.stdout).toContain('"compression":"gzip"');
    const resolved = await run(resolveCommand, ["-"], pointer.stdout);
    expect(resolved).toMatchObject({ code: 0, stderr: "" });
    expect(resolved.stdout).toBe(`${transpile(source).output}\n`);
  });

  test("a broken reference is one line with a hint, exit 1", async () => {
    const config = JSON.stringify({ ignition: { version: "3.4.0", config: { replace: { source: "tftp://boot.example/config.ign" } } } });
    const r = await run(resolveCommand, ["-"], config);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^error: cannot follow tftp:\/\/boot\.example\/config\.ign: the references followed are data, http, https(, [a-z0-9]+)* URLs\n {2}hint: /,
    );
  });

  test("usage errors exit 2", async () => {
    expect((await run(resolveCommand, [])).code).toBe(2);
  });
});
