// Every lab Vagrantfile under Debian's real vagrant (2.3, with the
// vagrant-libvirt plugin): for each box × provider, `kindling lab init` and
// `lab render`, then `vagrant validate` passes, which also proves the hash
// Ruby computes (Digest::SHA256) equals render's; a stale or missing render
// is refused with exactly one line and no Ruby trace. The NoCloud ISO is read
// back with xorriso and its user data checked by the real cloud-init schema.
//
// Offline: VAGRANT_HOME is a fresh directory and nothing is downloaded
// (validate does not fetch boxes). VirtualBox is not in Debian main, and the
// virtualbox provider's only check under validate is `VBoxManage --version`,
// so those runs put a two-line VBoxManage that answers it on PATH.
import { spawnSync } from "node:child_process";
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { labCommand } from "../../src/cli/lab.js";
import { memoryIO } from "../helpers/io.js";

const work = mkdtempSync(join(tmpdir(), "kindling-lab-vagrant-"));
const fakeBin = join(work, "bin");
mkdirSync(fakeBin);
writeFileSync(join(fakeBin, "VBoxManage"), '#!/bin/sh\n[ "$1" = --version ] && echo 7.0.14r161095\n');
chmodSync(join(fakeBin, "VBoxManage"), 0o755);

async function kindlingLab(args: string[]) {
  const m = memoryIO("", { PATH: process.env.PATH ?? "" });
  const code = await labCommand(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

function vagrant(dir: string, provider: string, args: string[] = ["validate"]) {
  const r = spawnSync("vagrant", args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: `${fakeBin}:${process.env.PATH}`,
      VAGRANT_HOME: join(work, "vagrant-home"),
      VAGRANT_DEFAULT_PROVIDER: provider,
      VAGRANT_CHECKPOINT_DISABLE: "1",
      VAGRANT_NO_COLOR: "1",
    },
  });
  if (r.error) throw new Error(`vagrant is required for the system tests (apt-get install vagrant vagrant-libvirt): ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function renderedLab(box: string, provider: string): Promise<string> {
  const dir = join(work, `${box}-${provider}`);
  rmSync(dir, { recursive: true, force: true });
  expect((await kindlingLab(["init", dir, "--box", box, "--provider", provider])).code).toBe(0);
  const r = await kindlingLab(["render", dir]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return dir;
}

describe("vagrant validate on every generated lab", () => {
  it("vagrant and the vagrant-libvirt plugin are installed", () => {
    expect(vagrant(work, "libvirt", ["--version"]).stdout).toMatch(/^Vagrant 2\./);
    expect(vagrant(work, "libvirt", ["plugin", "list"]).stdout).toMatch(/vagrant-libvirt/);
  });

  for (const box of ["fcos", "flatcar", "coreos-legacy", "ubuntu"])
    for (const provider of ["libvirt", "virtualbox"])
      it(`${box} on ${provider}: passes, and refuses a stale render in one line`, async () => {
        const dir = await renderedLab(box, provider);
        const ok = vagrant(dir, provider);
        expect(ok.stderr).toBe("");
        expect(ok.stdout).toBe("Vagrantfile validated successfully.\n");
        expect(ok.status).toBe(0);

        appendFileSync(join(dir, "lab.yaml"), "# edited after render\n");
        const stale = vagrant(dir, provider);
        expect(stale.status).toBe(1);
        expect(stale.stderr).toBe("kindling lab: lab.yaml or node.bu changed since the configs were rendered: run kindling lab render .\n");
        expect(stale.stdout).toBe("");
      });

  it("refuses a lab that was never rendered, in one line", async () => {
    const dir = join(work, "unrendered");
    await kindlingLab(["init", dir]);
    const r = vagrant(dir, "libvirt");
    expect(r).toEqual({ status: 1, stdout: "", stderr: "kindling lab: the nodes' configs are not rendered: run kindling lab render .\n" });
  });

  it("computes the same hash as render for any bytes: UTF-8, CRLF, no final newline", async () => {
    const dir = join(work, "bytes");
    await kindlingLab(["init", dir]);
    appendFileSync(join(dir, "lab.yaml"), "# café ☕\r\n# no newline at the end");
    appendFileSync(join(dir, "node.bu"), "# Größe\r\n");
    expect((await kindlingLab(["render", dir])).code).toBe(0);
    expect(vagrant(dir, "libvirt").status).toBe(0);
    writeFileSync(join(dir, "node.bu"), readFileSync(join(dir, "node.bu"), "utf8").replace("Größe", "Grosse"));
    expect(vagrant(dir, "libvirt").stderr).toMatch(/^kindling lab: lab.yaml or node.bu changed/);
  });

  it("lets destroy, status and halt run while the render is stale", async () => {
    const dir = await renderedLab("flatcar", "libvirt");
    appendFileSync(join(dir, "lab.yaml"), "# edited\n");
    const r = vagrant(dir, "libvirt", ["status", "--machine-readable"]);
    expect(r.stderr).not.toMatch(/kindling lab/);
  });

  it("refuses a lab.yaml Ruby cannot read in one line, without a trace", async () => {
    const dir = await renderedLab("fcos", "libvirt");
    writeFileSync(join(dir, "lab.yaml"), "nodes: [\n");
    const r = vagrant(dir, "libvirt");
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^kindling lab: cannot read lab.yaml \(.*\): run kindling lab render \. to see what is wrong\n$/);
  });
});

describe("the ubuntu lab's NoCloud seed", () => {
  it("is a cidata volume holding user-data and meta-data; the user data passes cloud-init schema", async () => {
    const dir = await renderedLab("ubuntu", "libvirt");
    const iso = join(dir, ".kindling", "core-02.iso");
    const pvd = spawnSync("xorriso", ["-indev", iso, "-pvd_info"], { encoding: "utf8" });
    expect(pvd.stdout + pvd.stderr).toMatch(/Volume Id\s*:\s*cidata/);
    const out = join(work, "seed-out");
    rmSync(out, { recursive: true, force: true });
    const x = spawnSync("xorriso", ["-osirrox", "on", "-indev", iso, "-extract", "/", out], { encoding: "utf8" });
    expect(x.status).toBe(0);
    const userData = readFileSync(join(out, "user-data"), "utf8");
    expect(userData).toBe(readFileSync(join(dir, ".kindling", "core-02.user-data"), "utf8"));
    expect(userData).toMatch(/^#cloud-config\n/);
    expect(userData).toMatch(/^hostname: core-02$/m);
    expect(userData).toContain("addresses: [172.17.8.102/24]");
    expect(readFileSync(join(out, "meta-data"), "utf8")).toMatch(
      /^instance-id: ubuntu-libvirt-core-02-[0-9a-f]{12}\nlocal-hostname: core-02\n$/,
    );
    const schema = spawnSync("cloud-init", ["schema", "--config-file", join(out, "user-data")], { encoding: "utf8" });
    if (schema.error) throw new Error(`cloud-init is required for the system tests: ${schema.error.message}`);
    expect(schema.stdout + schema.stderr).toMatch(/^Valid cloud-config: /);
    expect(schema.status).toBe(0);
  });
});

/** The configuration calls a lab's Vagrantfile makes, recorded by test/fixtures/lab/record-vagrantfile.rb. */
function recordedCalls(dir: string): { call: string; args: (string | string[])[]; options: Record<string, string> }[] {
  const script = join(import.meta.dirname, "../fixtures/lab/record-vagrantfile.rb");
  const r = spawnSync("ruby", [script, join(dir, "Vagrantfile")], { cwd: dir, encoding: "utf8" });
  if (r.error) throw new Error(`ruby is required for the system tests (a dependency of vagrant): ${r.error.message}`);
  expect(r.stderr).toBe("");
  return r.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

describe("how each box gets its config (pinned)", () => {
  const cases: [string, string][] = [
    ["fcos", "opt/com.coreos/config"],
    ["flatcar", "opt/org.flatcar-linux/config"],
  ];
  for (const [box, key] of cases)
    it(`${box}: libvirt passes -fw_cfg name=${key}; VirtualBox sets /Ignition/Config to the config`, async () => {
      const dir = await renderedLab(box, "libvirt");
      const calls = recordedCalls(dir);
      const qemu = calls.filter((c) => c.call.endsWith(".provider.qemuargs")).map((c) => c.options.value);
      const kindling = join(dir, ".kindling");
      expect(qemu).toEqual(["core-01", "core-02", "core-03"].flatMap((n) => ["-fw_cfg", `name=${key},file=${kindling}/${n}.ign`]));
      const props = calls.filter((c) => c.call.endsWith(".provider.customize")).map((c) => c.args[0] as string[]);
      expect(props.map((p) => p.slice(0, 4))).toEqual(Array(3).fill(["guestproperty", "set", "id", "/Ignition/Config"]));
      expect(props[0]![4]).toBe(readFileSync(join(kindling, "core-01.ign"), "utf8"));
      const net = calls.filter((c) => c.call.endsWith(".vm.network")).map((c) => [c.args, c.options]);
      expect(net[1]).toEqual([["private_network"], { ip: "172.17.8.102", auto_config: "false" }]);
    });

  it("coreos-legacy: a file provisioner to /tmp, then a shell moving it where coreos-cloudinit reads", async () => {
    const dir = await renderedLab("coreos-legacy", "virtualbox");
    const calls = recordedCalls(dir);
    const provisions = calls.filter((c) => c.call.endsWith(".vm.provision"));
    expect(provisions[0]).toMatchObject({
      args: ["file"],
      options: { source: join(dir, ".kindling/core-01.cloud-config"), destination: "/tmp/vagrantfile-user-data" },
    });
    expect(provisions[1]?.options.inline).toContain("mv /tmp/vagrantfile-user-data /var/lib/coreos-vagrant/vagrantfile-user-data");
    expect(calls.some((c) => c.call.endsWith(".qemuargs") || c.call.endsWith(".customize"))).toBe(false);
  });

  it("ubuntu: the seed ISO as a CD-ROM on libvirt and a DVD drive on VirtualBox", async () => {
    const dir = await renderedLab("ubuntu", "libvirt");
    const calls = recordedCalls(dir);
    const iso = join(dir, ".kindling/core-03.iso");
    expect(calls.filter((c) => c.call.endsWith(".provider.storage"))[2]).toMatchObject({
      args: ["file"],
      options: { device: "cdrom", path: iso },
    });
    const attach = calls.filter((c) => c.call.endsWith(".provider.customize"))[2]!.args[0] as string[];
    expect(attach.slice(0, 2)).toEqual(["storageattach", "id"]);
    expect(attach.slice(-2)).toEqual(["--medium", iso]);
    expect(calls.find((c) => c.call === "config.ssh.username=")?.args).toEqual(["vagrant"]);
    expect(calls.find((c) => c.call === "config.vm.box=")?.args).toEqual(["generic/ubuntu2204"]);
  });
});
