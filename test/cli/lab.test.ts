// kindling lab init and lab render, in-process: the files init writes, its
// refusal to overwrite, and what render writes into .kindling/ per box (the
// Ignition validates, the cloud-config passes coreos-cloudinit's rules),
// with located errors when lab.yaml or node.bu is wrong.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { labCommand } from "../../src/cli/lab.js";
import { validateIgnition } from "../../src/ignition/validate.js";
import { validateCloudConfig } from "../../src/validate-cloud-config/validate.js";
import { KINDLING_VERSION } from "../../src/version.js";
import { memoryIO } from "../helpers/io.js";

async function lab(args: string[], env: Record<string, string> = {}) {
  const m = memoryIO("", env);
  const code = await labCommand(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

const fresh = () => join(mkdtempSync(join(tmpdir(), "kindling-lab-")), "lab");

describe("kindling lab init", () => {
  it("writes lab.yaml, node.bu and the Vagrantfile", async () => {
    const dir = fresh();
    const r = await lab(["init", dir, "--nodes", "5", "--box", "flatcar", "--provider", "virtualbox", "--name", "demo"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(readdirSync(dir).sort()).toEqual(["Vagrantfile", "lab.yaml", "node.bu"]);
    const yaml = readFileSync(join(dir, "lab.yaml"), "utf8");
    expect(yaml).toMatch(/^name: demo$/m);
    expect(yaml).toMatch(/^box: flatcar +# /m);
    expect(yaml).toMatch(/^provider: virtualbox +# /m);
    expect(yaml).toContain("  - name: core-05\n    ip: 172.17.8.105\n");
    expect(yaml).toMatch(/^ {4}strategy: etcd-lock +#/m);
    expect(readFileSync(join(dir, "node.bu"), "utf8")).toMatch(/^variant: flatcar\nversion: 1\.1\.0$/m);
    expect(readFileSync(join(dir, "Vagrantfile"), "utf8")).toContain('"flatcar" => { box: "flatcar-stable"');
  });

  it("names the lab after its directory by default", async () => {
    const dir = fresh();
    expect((await lab(["init", dir])).code).toBe(0);
    expect(readFileSync(join(dir, "lab.yaml"), "utf8")).toMatch(/^name: lab\nbox: fcos /m);
  });

  it("refuses to overwrite a lab in one line, and replaces it with --force", async () => {
    const dir = fresh();
    await lab(["init", dir]);
    writeFileSync(join(dir, "lab.yaml"), "mine\n");
    const r = await lab(["init", dir, "--box", "ubuntu"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: ${join(dir, "lab.yaml")} exists: ${dir} already holds a lab (pass --force to replace its files)\n`);
    expect(readFileSync(join(dir, "lab.yaml"), "utf8")).toBe("mine\n");
    expect((await lab(["init", dir, "--box", "ubuntu", "--force"])).code).toBe(0);
    expect(readFileSync(join(dir, "lab.yaml"), "utf8")).toMatch(/^box: ubuntu /m);
  });

  it("refuses a bad --nodes, --box or name as usage errors", async () => {
    expect(await lab(["init", fresh(), "--nodes", "0"])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--nodes: a number from 1 to 154/),
    });
    expect(await lab(["init", fresh(), "--box", "rhel"])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/one of fcos, flatcar, coreos-legacy, ubuntu/),
    });
    expect(await lab(["init", fresh(), "--name", "a_b"])).toMatchObject({ code: 2 });
    expect(await lab(["render"])).toMatchObject({
      code: 2,
      stderr: "Error: give one DIR: kindling lab render DIR\nSee 'kindling lab --help'.\n",
    });
  });
});

async function initAndRender(box: string, provider = "libvirt") {
  const dir = fresh();
  expect((await lab(["init", dir, "--box", box, "--provider", provider])).code).toBe(0);
  const r = await lab(["render", dir]);
  return { dir, ...r };
}

describe("kindling lab render", () => {
  for (const box of ["fcos", "flatcar"]) {
    it(`${box}: one valid Ignition config per node, with its name and address`, async () => {
      const { dir, code, stdout, stderr } = await initAndRender(box);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(stdout).toBe(`rendered 3 nodes (${box} on libvirt) into ${join(dir, ".kindling")}: core-01.ign core-02.ign core-03.ign\n`);
      for (const [i, name] of ["core-01", "core-02", "core-03"].entries()) {
        const ign = readFileSync(join(dir, ".kindling", `${name}.ign`));
        const checked = validateIgnition(ign);
        expect(checked.failure).toBeUndefined();
        expect(checked.diagnostics).toEqual([]);
        const files = JSON.parse(ign.toString()).storage.files as { path: string; contents: { source: string } }[];
        const hostname = files.find((f) => f.path === "/etc/hostname")!;
        expect(decodeURIComponent(hostname.contents.source.replace(/^data:,/, ""))).toBe(name);
        expect(ign.toString()).toContain(`172.17.8.${101 + i}%2F24`);
      }
    });
  }

  it("coreos-legacy: a cloud-config per node that passes coreos-cloudinit's rules", async () => {
    const { dir, code, stderr } = await initAndRender("coreos-legacy", "virtualbox");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const doc = readFileSync(join(dir, ".kindling", "core-02.cloud-config"), "utf8");
    expect(doc.startsWith("#cloud-config\n")).toBe(true);
    expect(doc).toMatch(/^hostname: core-02$/m);
    expect(doc).toContain("Address=172.17.8.102/24");
    expect(validateCloudConfig(doc)).toEqual([]);
  });

  it("ubuntu without xorriso: one line naming the package", async () => {
    const dir = fresh();
    await lab(["init", dir, "--box", "ubuntu"]);
    const r = await lab(["render", dir], { PATH: "/nonexistent" });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("xorriso is needed to write the NoCloud seed ISO of an ubuntu lab: apt-get install xorriso\n");
    expect(existsSync(join(dir, ".kindling", "render.sha256"))).toBe(false);
  });

  it("writes render.sha256 over the kindling version, lab.yaml and node.bu", async () => {
    const { dir } = await initAndRender("fcos");
    const expected = createHash("sha256")
      .update(`kindling ${KINDLING_VERSION}\n`)
      .update(readFileSync(join(dir, "lab.yaml")))
      .update("\0")
      .update(readFileSync(join(dir, "node.bu")))
      .digest("hex");
    expect(readFileSync(join(dir, ".kindling", "render.sha256"), "utf8")).toBe(`${expected}  kindling-${KINDLING_VERSION}\n`);
  });

  it("locates lab.yaml's errors and writes no configs", async () => {
    const dir = fresh();
    await lab(["init", dir]);
    const yaml = readFileSync(join(dir, "lab.yaml"), "utf8");
    writeFileSync(join(dir, "lab.yaml"), yaml.replace("ip: 172.17.8.103", "ip: 172.17.8.102"));
    const r = await lab(["render", dir]);
    expect(r.code).toBe(1);
    const line = yaml.split("\n").findIndex((l) => l.includes("172.17.8.103")) + 1;
    expect(r.stderr).toBe(
      `${join(dir, "lab.yaml")}:${line}:9: error: address 172.17.8.102 is already core-02's (line ${line - 2}) (give every node its own address)\n`,
    );
    expect(existsSync(join(dir, ".kindling", "core-01.ign"))).toBe(false);
  });

  it("locates a handlebars mistake in node.bu", async () => {
    const dir = fresh();
    await lab(["init", dir]);
    const bu = readFileSync(join(dir, "node.bu"), "utf8");
    writeFileSync(join(dir, "node.bu"), bu.replace("inline: {{name}}", "inline: {{nmae}}"));
    const line = bu.split("\n").findIndex((l) => l.includes("inline: {{name}}")) + 1;
    const r = await lab(["render", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `${join(dir, "node.bu")}:${line}:19: error: node.bu does not render: "nmae" not defined (fix the handlebars expression; the values are name, ip, index, lab and cluster)\n`,
    );
  });

  it("locates a Butane mistake in the node's rendered config", async () => {
    const dir = fresh();
    await lab(["init", dir]);
    const bu = readFileSync(join(dir, "node.bu"), "utf8");
    writeFileSync(join(dir, "node.bu"), bu.replace("- path: /etc/hostname", "- path: etc/hostname"));
    const r = await lab(["render", dir]);
    expect(r.code).toBe(1);
    const rendered = join(dir, ".kindling", "core-01.bu");
    const line =
      readFileSync(rendered, "utf8")
        .split("\n")
        .findIndex((l) => l.includes("path: etc/hostname")) + 1;
    expect(r.stderr).toBe(`${rendered}:${line}:13: error: path not absolute (paths must start with /)\n`);
  });

  it("merges the cluster's etcd settings into every node's Ignition", async () => {
    const { dir, code } = await initAndRender("fcos");
    expect(code).toBe(0);
    const ign = JSON.parse(readFileSync(join(dir, ".kindling", "core-03.ign"), "utf8"));
    const env = ign.storage.files.find((f: { path: string }) => f.path === "/etc/etcd/etcd.env");
    expect(env).toBeDefined();
    const paths = ign.storage.files.map((f: { path: string }) => f.path);
    expect(paths).toContain("/etc/hostname");
    expect(paths).toContain("/etc/zincati/config.d/55-updates-strategy.toml");
  });

  it("coreos-legacy: coreos.etcd2 with the static cluster, and the cloud-config still passes", async () => {
    const { dir, code } = await initAndRender("coreos-legacy");
    expect(code).toBe(0);
    const doc = readFileSync(join(dir, ".kindling", "core-01.cloud-config"), "utf8");
    expect(doc).toContain(
      "initial_cluster: core-01=http://172.17.8.101:2380,core-02=http://172.17.8.102:2380,core-03=http://172.17.8.103:2380",
    );
    expect(doc).toMatch(/^ {4}reboot_strategy: etcd-lock$/m);
    expect(validateCloudConfig(doc)).toEqual([]);
  });

  it("locates what a world cannot express at its line in lab.yaml", async () => {
    const dir = fresh();
    await lab(["init", dir, "--box", "coreos-legacy"]);
    const yaml = readFileSync(join(dir, "lab.yaml"), "utf8").replace("strategy: etcd-lock", "strategy: fleet_lock");
    writeFileSync(join(dir, "lab.yaml"), yaml);
    const line = yaml.split("\n").findIndex((l) => l.includes("strategy: fleet_lock")) + 1;
    const r = await lab(["render", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${join(dir, "lab.yaml")}:${line}:15: error: .*fleet_lock.*\n$`));
  });

  it("with etcd TLS: the keys beside the configs 0600, and the configs (which carry a key) 0600", async () => {
    const dir = fresh();
    await lab(["init", dir, "--box", "flatcar"]);
    writeFileSync(join(dir, "lab.yaml"), readFileSync(join(dir, "lab.yaml"), "utf8").replace("tls: false", "tls: true"));
    const r = await lab(["render", dir]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const mode = (f: string) => statSync(join(dir, ".kindling", f)).mode & 0o777;
    expect(mode("tls/core-02/server-key.pem")).toBe(0o600);
    expect(mode("tls/core-02/peer-key.pem")).toBe(0o600);
    expect(mode("core-02.ign")).toBe(0o600);
    expect(readFileSync(join(dir, ".kindling", "tls/ca.pem"), "utf8")).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(r.stdout).not.toMatch(/PRIVATE KEY/);
  });

  it("adds the first-boot agent only when lab.yaml asks for it", async () => {
    const { dir } = await initAndRender("fcos");
    const paths = (f: string) =>
      JSON.parse(readFileSync(join(dir, ".kindling", f), "utf8")).storage.files.map((x: { path: string }) => x.path);
    expect(paths("core-01.ign")).not.toContain("/etc/kindling/verify.sh");
    writeFileSync(join(dir, "report.key"), `${"ab".repeat(32)}\n`);
    const yaml = readFileSync(join(dir, "lab.yaml"), "utf8")
      .replace("# verify:", "verify:  ")
      .replace("#   url:", "  url:")
      .replace("#   group:", "  group:")
      .replace("#   key_file:", "  key_file:");
    writeFileSync(join(dir, "lab.yaml"), yaml);
    expect(await lab(["render", dir])).toMatchObject({ code: 0, stderr: "" });
    expect(paths("core-02.ign")).toContain("/etc/kindling/verify.sh");
  });

  it("locates a verify section whose key file is missing", async () => {
    const dir = fresh();
    await lab(["init", dir]);
    writeFileSync(
      join(dir, "lab.yaml"),
      `${readFileSync(join(dir, "lab.yaml"), "utf8")}verify:\n  url: http://172.17.8.1:8080/reports\n  group: lab\n  key_file: nokey\n`,
    );
    const r = await lab(["render", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^${join(dir, "lab.yaml")}:\\d+:3: error: failed to read the report key ${join(dir, "nokey")}: no such file or directory\n$`,
      ),
    );
  });

  it("answers --help with the usage", async () => {
    const r = await lab(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: kindling lab init DIR \[options\]\n {7}kindling lab render DIR\n/);
  });

  it("says how to make a lab when there is none", async () => {
    const dir = fresh();
    expect(await lab(["render", dir])).toMatchObject({
      code: 1,
      stderr: `Error: open ${join(dir, "lab.yaml")}: no such file or directory (kindling lab init ${dir} writes a lab)\n`,
    });
  });
});
