// `kindling transpile --verify URL`: the agent and its unit are added to the
// config (any target), everything else stays as without --verify, and the
// agent carries the server, group, machine, key and the plain config's hash.
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { reportKeyCommand } from "../../src/cli/report-key.js";
import { transpileCommand } from "../../src/cli/transpile.js";
import { reportKey } from "../../src/verify/report-signature.js";
import { shippedAgent } from "../helpers/agent.js";
import { memoryIO } from "../helpers/io.js";

const dir = mkdtempSync(join(tmpdir(), "kindling-tv-"));
const KEY = "ab".repeat(32);
const keyFile = join(dir, "key");
writeFileSync(keyFile, KEY + "\n");
const secretFile = join(dir, "secret");
writeFileSync(secretFile, "report-secret-for-tests-0123456789abcdef\n");

const config = [
  "variant: fcos",
  "version: 1.6.0",
  "storage:",
  "  files:",
  "    - path: /etc/motd",
  '      contents: {inline: "hi\\n"}',
  "systemd:",
  "  units:",
  "    - name: app.service",
  "      enabled: true",
  '      contents: "[Service]\\nExecStart=/bin/true\\n[Install]\\nWantedBy=multi-user.target\\n"',
  "",
].join("\n");
const verifyArgs = [
  "--verify",
  "http://10.0.2.2:8080/reports",
  "--verify-group",
  "node1",
  "--verify-key-file",
  keyFile,
  "--verify-machine",
  "mac=52:54:00:00:00:01",
];

async function cli(args: string[], stdin = config) {
  const m = memoryIO(stdin);
  const code = await transpileCommand(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe("transpile --verify", () => {
  test("adds the agent and its unit, and leaves the rest of the config as it was", async () => {
    const plain = await cli([]);
    const verified = await cli(verifyArgs);
    expect(verified.code, verified.stderr).toBe(0);
    const a = JSON.parse(plain.stdout);
    const b = JSON.parse(verified.stdout);
    const agent = b.storage.files.pop();
    const unit = b.systemd.units.pop();
    expect(b).toEqual(a);
    expect(agent).toMatchObject({ path: "/etc/kindling/verify.sh", mode: 0o700, overwrite: true });
    expect(unit).toMatchObject({ name: "kindling-verify.service", enabled: true });
    expect(unit.contents).toContain("ExecStart=/bin/sh /etc/kindling/verify.sh");
    expect(unit.contents).toContain("After=sysinit.target basic.target network-online.target multi-user.target");
    expect(unit.contents).toContain("ConditionPathExists=!/var/lib/kindling/report.sent");
    expect(agent.contents.compression).toBe("gzip");
    const script = shippedAgent({ storage: { files: [agent] } })!;
    expect(script.startsWith("#!/bin/sh")).toBe(true);
    for (const word of ["http://10.0.2.2:8080/reports", "node1", "mac=52:54:00:00:00:01", KEY]) expect(script).toContain(word);
    // The report's configHash is the hash of the config as delivered without the agent.
    expect(script).toContain("sha256-" + createHash("sha256").update(plain.stdout.trimEnd()).digest("hex"));
    // Each expectation is in the script: the motd's hash and the unit's enablement.
    expect(script).toContain(createHash("sha256").update("hi\n").digest("hex"));
    expect(script).toContain("'unit-enabled' 'app.service'");
  });

  test("the script target carries the agent as two more files", async () => {
    const r = await cli([...verifyArgs, "--target", "script"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("k_step 'file /etc/kindling/verify.sh'");
    expect(r.stdout).toContain("'/etc/systemd/system/kindling-verify.service'");
  });

  test("a config that already has the agent's path is refused at its line and column", async () => {
    const clash = config.replace("path: /etc/motd", "path: /etc/kindling/verify.sh");
    const r = await cli([...verifyArgs, "--raw-errors"], clash);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "error at $.storage.files.0.path, line 5 col 13: /etc/kindling/verify.sh is where the verification agent goes",
    );
    expect(r.stderr).toContain("Error translating config: the verification agent cannot be added");
  });

  test("usage errors: the flags belong together, the URL and key must be well formed", async () => {
    expect((await cli(["--verify-group", "g"])).stderr).toContain("need --verify URL");
    expect((await cli(["--verify", "http://x/reports"])).stderr).toContain(
      "--verify needs --verify-group GROUP and --verify-key-file FILE",
    );
    expect((await cli(["--verify", "ftp://x", "--verify-group", "g", "--verify-key-file", keyFile])).code).toBe(2);
    const short = join(dir, "short");
    writeFileSync(short, "abc\n");
    const r = await cli(["--verify", "http://x/reports", "--verify-group", "g", "--verify-key-file", short]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("a report key is 64 lower-case hex digits; make one with kindling report-key");
    expect((await cli(["--verify", "http://x/reports", "--verify-group", "g", "--verify-key-file", join(dir, "none")])).stderr).toContain(
      "no such file or directory",
    );
  });
});

describe("kindling report-key", () => {
  test("prints the key serve derives for the group and machine", async () => {
    const m = memoryIO();
    expect(await reportKeyCommand(["--secret-file", secretFile, "--group", "node1", "--machine", "mac=52:54:00:00:00:01"], m.io)).toBe(0);
    expect(m.stdout()).toBe(reportKey("report-secret-for-tests-0123456789abcdef", "node1", "mac=52:54:00:00:00:01") + "\n");
    const g = memoryIO();
    expect(await reportKeyCommand(["--secret-file", secretFile, "--group", "node1"], g.io)).toBe(0);
    expect(g.stdout()).toBe(reportKey("report-secret-for-tests-0123456789abcdef", "node1") + "\n");
  });

  test("refuses short secrets and malformed labels", async () => {
    const short = join(dir, "short-secret");
    writeFileSync(short, "tiny\n");
    const m = memoryIO();
    expect(await reportKeyCommand(["--secret-file", short, "--group", "g"], m.io)).toBe(1);
    expect(m.stderr()).toContain("the report secret must be at least 32 characters");
    expect(await reportKeyCommand(["--secret-file", secretFile, "--group", "g", "--machine", "52:54"], memoryIO().io)).toBe(2);
    expect(await reportKeyCommand(["--group", "g"], memoryIO().io)).toBe(2);
  });
});
