// `kindling verify --root DIR CONFIG`: every check passes on a tree built to
// the config, a changed file fails exactly its check, bad input is refused.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verifyCommand } from "../../src/cli/verify.js";
import { memoryIO } from "../helpers/io.js";

const uid = process.getuid!();
const gid = process.getgid!();
const work = mkdtempSync(join(tmpdir(), "kindling-verify-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CONFIG = [
  "variant: fcos",
  "version: 1.5.0",
  "storage:",
  "  files:",
  "    - path: /etc/motd",
  "      mode: 0640",
  `      user: {id: ${uid}}`,
  `      group: {id: ${gid}}`,
  "      contents:",
  "        inline: hello",
  "  directories:",
  "    - path: /var/lib/app",
  "      mode: 0750",
  `      user: {id: ${uid}}`,
  `      group: {id: ${gid}}`,
  "  links:",
  "    - path: /etc/current",
  "      target: motd",
  `      user: {id: ${uid}}`,
  `      group: {id: ${gid}}`,
  "",
].join("\n");

function tree(): string {
  const root = mkdtempSync(join(work, "root-"));
  mkdirSync(join(root, "etc"));
  writeFileSync(join(root, "etc/motd"), "hello");
  chmodSync(join(root, "etc/motd"), 0o640);
  mkdirSync(join(root, "var/lib/app"), { recursive: true });
  chmodSync(join(root, "var/lib/app"), 0o750);
  symlinkSync("motd", join(root, "etc/current"));
  return root;
}

async function verify(args: string[]) {
  const m = memoryIO();
  const code = await verifyCommand(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe("kindling verify --root", () => {
  const config = join(work, "config.bu");
  writeFileSync(config, CONFIG);

  it("passes every check on a tree built to the config", async () => {
    const r = await verify(["--root", tree(), config]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("PASS  file /etc/motd sha256\n");
    expect(r.stdout).toContain("PASS  link /etc/current target\n");
    expect(r.stdout).toMatch(/\n\d+ passed, 0 failed\n$/);
  });

  it("fails exactly the check that differs, and says what it found", async () => {
    const root = tree();
    chmodSync(join(root, "var/lib/app"), 0o755);
    const r = await verify(["--root", root, config]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("FAIL"))).toEqual([
      "FAIL  directory /var/lib/app mode: expected 0750, found 0755",
    ]);
    const json = JSON.parse((await verify(["--root", root, "--json", config])).stdout);
    expect(JSON.parse((await verify(["--root", root, "--format", "json", config])).stdout)).toEqual(json);
    expect(json.failed).toBe(1);
    expect(json.checks.find((c: { pass: boolean }) => !c.pass)).toMatchObject({
      kind: "directory",
      subject: "/var/lib/app",
      property: "mode",
      expected: "0750",
      actual: "0755",
    });
  });

  it("checks a file fetched from a URL for type, mode and owner only, and kernel arguments in DIR/proc/cmdline", async () => {
    const ign = join(work, "remote.ign");
    writeFileSync(
      ign,
      JSON.stringify({
        ignition: { version: "3.4.0" },
        kernelArguments: { shouldExist: ["quiet"], shouldNotExist: ["debug"] },
        storage: { files: [{ path: "/etc/remote.conf", mode: 420, contents: { source: "https://example.com/remote.conf" } }] },
      }),
    );
    const root = tree();
    writeFileSync(join(root, "etc/remote.conf"), "whatever the server had\n");
    mkdirSync(join(root, "proc"));
    writeFileSync(join(root, "proc/cmdline"), "root=/dev/vda quiet debug\n");
    const r = await verify(["--root", root, ign]);
    expect(r.stdout.split("\n").filter((l) => l.includes("remote.conf") || l.includes("kernel-argument"))).toEqual([
      "PASS  file /etc/remote.conf type",
      "PASS  file /etc/remote.conf mode",
      "PASS  file /etc/remote.conf owner",
      "PASS  kernel-argument quiet present",
      "FAIL  kernel-argument debug absent: expected absent, found present",
    ]);
    expect(r.code).toBe(1);
  });

  it("reads Ignition JSON too, and refuses invalid configs and bad usage", async () => {
    const ign = join(work, "config.ign");
    writeFileSync(
      ign,
      '{"ignition":{"version":"3.4.0"},"storage":{"files":[{"path":"/etc/motd","mode":420,"contents":{"source":"data:,hello"}}]}}',
    );
    const root = tree();
    chmodSync(join(root, "etc/motd"), 0o644);
    expect((await verify(["--root", root, ign])).stdout).toContain("PASS  file /etc/motd sha256\n");
    const bad = join(work, "bad.bu");
    writeFileSync(bad, "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: etc/motd\n");
    const r = await verify(["--root", root, bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error at $.storage.files.0.path, line 5 col 13: path not absolute\n");
    expect((await verify([config])).code).toBe(2);
    expect((await verify(["--root", join(work, "missing"), config])).code).toBe(1);
  });
});
