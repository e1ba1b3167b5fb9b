import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { transpileCommand } from "../../src/cli/transpile.js";
import { userDataCommand } from "../../src/cli/user-data.js";
import { validateIgnition } from "../../src/ignition/validate.js";
import { transpile } from "../../src/transpile.js";
import { memoryIO } from "../helpers/io.js";

const run = async (args: string[], stdin = "") => {
  const m = memoryIO(stdin);
  const code = await userDataCommand(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
};

/** Butane YAML writing /etc/motd with `text` inline. */
const butane = (text: string) =>
  `variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/motd\n      contents:\n        inline: ${text}\n`;

interface Pointer {
  ignition: { version: string; config: { replace: { compression: string; source: string } } };
}

describe("kindling user-data", () => {
  test("a config that fits goes inline: the transpiled config, byte for byte", async () => {
    const source = butane("hello");
    const r = await run(["--platform", "ec2", "-"], source);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(transpile(source).output);
    expect(r.stderr).toMatch(/^user-data: ec2 UserData, strategy inline: [\d,]+ of 16,384 bytes/m);
  });

  test("a config over EC2's limit becomes a gzip pointer that carries the transpiled config", async () => {
    // 400 remote files: about 40 KB of Ignition that Butane cannot shrink but gzip can.
    const files = Array.from(
      { length: 400 },
      (_, i) => `    - path: /etc/kindling/file-${i}\n      contents:\n        source: https://example.com/kindling/file-${i}.txt\n`,
    );
    const source = `variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n${files.join("")}`;
    expect(Buffer.byteLength(transpile(source).output!)).toBeGreaterThan(16_384);
    const r = await run(["--platform", "ec2", "-"], source);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("strategy gzip");
    expect(Buffer.byteLength(r.stdout)).toBeLessThanOrEqual(16_384);
    expect(validateIgnition(Buffer.from(r.stdout)).diagnostics).toEqual([]);
    const pointer = JSON.parse(r.stdout) as Pointer;
    expect(pointer.ignition.version).toBe("3.4.0");
    const carried = gunzipSync(Buffer.from(pointer.ignition.config.replace.source.slice("data:;base64,".length), "base64"));
    expect(carried.toString()).toBe(transpile(source).output);
    // GCE takes the same config as is.
    expect((await run(["--platform", "gce", "-"], source)).stderr).toContain("strategy inline");
  });

  test("Ignition JSON is validated and used as it is", async () => {
    const config = '{"ignition":{"version":"3.4.0"}}';
    expect(await run(["--platform", "azure", "-"], config)).toMatchObject({ code: 0, stdout: config });
    const bad = await run(["--platform", "azure", "-"], '{"ignition":{"version":"3.4.0"},"storage":{"files":[{"path":"etc/x"}]}}');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("path not absolute");
  });

  test("cloud-init gets gzip bytes, which only go to a file", async () => {
    const doc = `#cloud-config\nwrite_files:\n- path: /etc/big\n  content: ${"y".repeat(40_000)}\n`;
    const toStdout = await run(["--platform", "ec2", "-"], doc);
    expect(toStdout.code).toBe(1);
    expect(toStdout.stdout).toBe("");
    expect(toStdout.stderr).toContain("-o FILE");
    const out = join(mkdtempSync(join(tmpdir(), "kindling-user-data-")), "user-data.gz");
    const toFile = await run(["--platform", "ec2", "-o", out, "-"], doc);
    expect(toFile.code).toBe(0);
    expect(gunzipSync(readFileSync(out)).toString()).toBe(doc);
  });

  test("over every limit: the size and the limit, exit 1, nothing written", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "kindling-user-data-")), "user-data");
    const source = butane(randomBytes(30_000).toString("hex"));
    const r = await run(["--platform", "ec2", "-o", out, "-"], source);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: the user data(, gzipped,)? is [\d,]+ bytes; ec2 takes at most 16,384 bytes in UserData\n {2}hint: /m);
    expect(existsSync(out)).toBe(false);
  });

  test("a forced strategy is kept, and usage errors exit 2", async () => {
    const forced = await run(["--platform", "ec2", "--strategy", "gzip", "-"], butane("hello"));
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain("strategy gzip");
    expect((await run(["-"], butane("hello"))).code).toBe(2);
    expect((await run(["--platform", "mars", "-"], butane("hello"))).stderr).toContain(
      'invalid argument "mars" for --platform: one of ec2, gce, azure',
    );
  });

  test("--verify adds the agent to Butane and to Ignition JSON alike; a cloud-init document is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-user-data-"));
    const keyFile = join(dir, "report.key");
    writeFileSync(keyFile, `${"ab".repeat(32)}\n`);
    const verify = ["--verify", "http://10.0.2.2:8080/reports", "--verify-group", "cloud", "--verify-key-file", keyFile];
    const fromButane = await run(["--platform", "gce", ...verify, "-"], butane("hello"));
    expect(fromButane.code, fromButane.stderr).toBe(0);
    const withAgent = (await transpileWithAgent(butane("hello"), keyFile)).stdout;
    expect(fromButane.stdout).toBe(withAgent);
    const fromIgnition = await run(["--platform", "gce", ...verify, "-"], transpile(butane("hello")).output!);
    expect(fromIgnition.code, fromIgnition.stderr).toBe(0);
    expect(JSON.parse(fromIgnition.stdout)).toEqual(JSON.parse(withAgent));
    const doc = await run(["--platform", "gce", ...verify, "-"], "#cloud-config\nhostname: a\n");
    expect(doc.code).toBe(1);
    expect(doc.stderr).toContain("--verify adds the agent to Butane or Ignition configs");
    const noGroup = await run(["--platform", "gce", "--verify", "http://x/reports", "-"], butane("hello"));
    expect(noGroup.stderr).toBe("Error: --verify needs --verify-group GROUP and --verify-key-file FILE\n");
  });
});

/** What transpile --verify gives for `source`: the reference for user-data --verify. */
async function transpileWithAgent(source: string, keyFile: string) {
  const m = memoryIO(source);
  const args = ["--verify", "http://10.0.2.2:8080/reports", "--verify-group", "cloud", "--verify-key-file", keyFile, "-"];
  const code = await transpileCommand(args, m.io);
  expect(code).toBe(0);
  return { stdout: m.stdout().replace(/\n$/, "") };
}
