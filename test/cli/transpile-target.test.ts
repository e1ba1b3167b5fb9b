// `kindling transpile --target`: the flag, its errors, and how each target's
// output is written.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { transpileCommand } from "../../src/cli/transpile.js";
import { memoryIO } from "../helpers/io.js";

const ok = 'variant: fcos\nversion: 1.6.0\nstorage:\n  files:\n    - path: /etc/motd\n      contents: {inline: "hi\\n"}\n';
const disk = "variant: fcos\nversion: 1.6.0\nstorage:\n  disks:\n    - device: /dev/sdb\n      wipe_table: true\n";

async function cli(args: string[], stdin = "") {
  const m = memoryIO(stdin);
  const code = await transpileCommand(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe("transpile --target", () => {
  test("ignition is the default and the same as --target ignition", async () => {
    const plain = await cli([], ok);
    expect(plain.code).toBe(0);
    expect(await cli(["--target", "ignition"], ok)).toEqual(plain);
    expect(await cli(["-t", "ignition"], ok)).toEqual(plain);
  });

  test("cloud-config and cloud-init write a #cloud-config document ending in one newline", async () => {
    for (const target of ["cloud-config", "cloud-init"]) {
      const r = await cli([`--target=${target}`], ok);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe('#cloud-config\nwrite_files:\n  - path: /etc/motd\n    permissions: "0644"\n    content: |\n      hi\n');
    }
  });

  test("a legacy target also takes the Ignition config: the same document as from the Butane it came from", async () => {
    const ignition = (await cli([], ok)).stdout;
    expect(ignition.startsWith("{")).toBe(true);
    for (const target of ["cloud-config", "cloud-init", "script"]) {
      const fromButane = await cli(["--target", target], ok);
      const fromIgnition = await cli(["--target", target], ignition);
      expect(fromIgnition).toEqual(fromButane);
    }
    // The default target keeps Butane's answer to JSON: it reads only YAML configs.
    const refused = await cli([], ignition);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("error parsing variant; must be specified");
    // An invalid Ignition config is ignition-validate's diagnostic, located, and nothing is written.
    const bad = await cli(["--target", "script"], '{"ignition":{"version":"3.4.0"},"storage":{"files":[{"path":"rel"}]}}');
    expect(bad).toMatchObject({ code: 1, stdout: "" });
    expect(bad.stderr).toMatch(/<stdin>:1:61[\s\S]*path not absolute/);
  });

  test("an unknown target is a usage error (exit 2) listing the targets", async () => {
    const r = await cli(["--target", "kickstart"], ok);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid argument "kickstart" for --target: one of ignition, cloud-config, cloud-init, script');
    expect((await cli(["--target"], ok)).code).toBe(2);
  });

  test("a feature the target cannot express fails with exit 1, the position, and the target named", async () => {
    const r = await cli(["--raw-errors", "--target", "cloud-init"], disk);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "error at $.storage.disks.0, line 5 col 7: cloud-init cannot express storage.disks (partitioning)\n" +
        "Error translating config: the config cannot be expressed as cloud-init\n",
    });
    const pretty = await cli(["--target", "cloud-init"], disk);
    expect(pretty.stderr).toContain("  --> <stdin>:5:7\n");
    expect(pretty.stderr).toContain("= help: partition the disk when building the image or from a unit you write");
  });

  test("-o writes the document atomically; nothing is written on failure", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-target-"));
    const out = join(dir, "user-data");
    expect((await cli(["--target", "cloud-init", "-o", out], ok)).code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^#cloud-config\n/);
    expect(statSync(out).mode & 0o777).toBe(0o644);
    const failed = join(dir, "failed");
    expect((await cli(["--target", "cloud-init", "-o", failed], disk)).code).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(["user-data"]);
  });

  test("--out-dir names each output for its target", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-target-batch-"));
    const input = join(dir, "node.bu");
    writeFileSync(input, ok);
    const out = join(dir, "out");
    expect((await cli(["--target", "cloud-config", "--jobs", "1", "--out-dir", out, input])).code).toBe(0);
    expect((await cli(["--target", "cloud-init", "--jobs", "1", "--out-dir", out, input])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["node.cloud-config.yaml", "node.cloud-init.yaml"]);
  });
});
