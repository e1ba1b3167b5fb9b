// kindling cluster render: a nodes file in, one file per node out (and the
// TLS material, keys 0600), written atomically; every problem with the input
// one line at FILE:LINE:COL, and nothing written then.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clusterCommand } from "../../src/cli/cluster.js";
import { expandCluster } from "../../src/cluster/cluster.js";
import { validateCloudConfig } from "../../src/validate-cloud-config/validate.js";
import { labNodes, mergeAndValidate, minimalNodeConfig } from "../cluster/helpers.js";
import { memoryIO } from "../helpers/io.js";

const fixtures = join(import.meta.dirname, "../fixtures/cluster");
const tmp = () => mkdtempSync(join(tmpdir(), "kindling-cluster-cli-"));
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

async function run(...args: string[]) {
  const m = memoryIO();
  const code = await clusterCommand(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

/** A nodes file written to a fresh directory, and that directory's out/. */
function input(text: string, name = "nodes.yaml") {
  const dir = tmp();
  writeFileSync(join(dir, name), text);
  return { file: join(dir, name), out: join(dir, "out"), dir };
}

describe("kindling cluster render", () => {
  it("writes one Butane snippet per node for fcos, each merging into a node config cleanly", async () => {
    const out = join(tmp(), "out");
    const r = await run("render", "--nodes", join(fixtures, "lab.json"), "--world", "fcos", "--out", out);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(["core-01", "core-02", "core-03"].map((n) => `wrote ${join(out, `${n}.bu`)}\n`).join(""));
    for (const node of labNodes(3)) {
      const snippet = readFileSync(join(out, `${node.name}.bu`), "utf8");
      expect(mode(join(out, `${node.name}.bu`))).toBe("644");
      expect(snippet).toContain('base_url = "http://172.17.8.1:3333/"');
      expect(mergeAndValidate(minimalNodeConfig("fcos", "1.5.0", node.name), snippet).diagnostics).toEqual([]);
    }
    // Deterministic without TLS: what the library gives, byte for byte.
    const lib = expandCluster(
      {
        name: "lab",
        flannel: { network: "10.1.0.0/16", subnetLen: 24, backend: "host-gw" },
        updates: { strategy: "fleet_lock", url: "http://172.17.8.1:3333/" },
      },
      labNodes(3),
      "fcos",
    );
    expect(readFileSync(join(out, "core-02.bu"), "utf8")).toBe(lib.contributions.get("core-02")!.butane);
  });

  it("with TLS writes the CA and each node's certificates, keys and configs 0600, and never prints a key", async () => {
    const out = join(tmp(), "out");
    const r = await run("render", "--nodes", join(fixtures, "lab.yaml"), "--world", "coreos-legacy", "-o", out);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/PRIVATE KEY|BEGIN/);
    expect(readdirSync(out).sort()).toEqual(["core-01.cloud-config.yaml", "core-02.cloud-config.yaml", "core-03.cloud-config.yaml", "tls"]);
    expect(readdirSync(join(out, "tls")).sort()).toEqual(["ca.pem", "core-01", "core-02", "core-03"]);
    expect(mode(join(out, "tls/ca.pem"))).toBe("644");
    expect(mode(join(out, "tls/core-01/server.pem"))).toBe("644");
    expect(mode(join(out, "tls/core-01/server-key.pem"))).toBe("600");
    expect(mode(join(out, "tls/core-03/peer-key.pem"))).toBe("600");
    expect(mode(join(out, "core-02.cloud-config.yaml"))).toBe("600");
    const doc = readFileSync(join(out, "core-02.cloud-config.yaml"), "utf8");
    expect(doc).toMatch(/^#cloud-config\ncoreos:\n {2}etcd2:\n {4}name: core-02\n/);
    expect(validateCloudConfig(doc)).toEqual([]);
    expect(readdirSync(out).some((f) => f.includes(".tmp"))).toBe(false);
  });

  it("writes cloud-init fragments, and takes a bare list of nodes with --name", async () => {
    const out = join(tmp(), "out");
    const r = await run("render", "--nodes", join(fixtures, "nodes-only.yaml"), "--world", "cloud-init", "--out", out, "--name", "solo");
    expect(r).toEqual({ code: 0, stdout: `wrote ${join(out, "core-01.cloud-init.yaml")}\n`, stderr: "" });
    const doc = readFileSync(join(out, "core-01.cloud-init.yaml"), "utf8");
    expect(doc).toMatch(/^#cloud-config\npackages:\n {2}- etcd-server\n/);
    expect(doc).toContain("ETCD_INITIAL_CLUSTER_TOKEN=kindling-solo-");
  });

  it("names the cluster after the file when neither the file nor --name does", async () => {
    const { file, out } = input("- { name: a, ip: 10.0.0.1 }\n", "my-lab.yaml");
    expect((await run("render", "--nodes", file, "--world", "fcos", "--out", out)).code).toBe(0);
    expect(readFileSync(join(out, "a.bu"), "utf8")).toContain("ETCD_INITIAL_CLUSTER_TOKEN=kindling-my-lab-");
  });

  it("uses the node configs' Butane version", async () => {
    const out = join(tmp(), "out");
    await run("render", "--nodes", join(fixtures, "nodes-only.yaml"), "--world", "flatcar", "--out", out, "--butane-version", "1.0.0");
    expect(readFileSync(join(out, "core-01.bu"), "utf8")).toMatch(/^variant: flatcar\nversion: 1\.0\.0\n/);
  });
});

describe("problems in the nodes file: one located line each, nothing written", () => {
  const cases: [string, string, string[], string[]][] = [
    [
      "a duplicate address and name",
      "nodes:\n  - name: a\n    ip: 10.0.0.1\n  - name: b\n    ip: 10.0.0.1\n  - name: a\n    ip: 10.0.0.3\n",
      ["fcos"],
      [
        ":5:9: error: address 10.0.0.1 is used twice (first by node 1) (give every node an address of its own)",
        ':6:11: error: node name "a" is used twice (first by node 1) (give every node a name of its own)',
      ],
    ],
    [
      "a name that is not a host name",
      "nodes:\n  - name: Core_01\n    ip: 10.0.0.1\n",
      ["fcos"],
      [
        ':2:11: error: "Core_01" is not a valid host name (use 1 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit (RFC 1123), such as core-01)',
      ],
    ],
    [
      "a bad CIDR",
      "cluster:\n  flannel:\n    network: 10.1.0.0/33\nnodes:\n  - { name: a, ip: 10.0.0.1 }\n",
      ["fcos"],
      [':3:14: error: "10.1.0.0/33" is not an IPv4 network in CIDR notation (write it as 10.1.0.0/16)'],
    ],
    [
      "a strategy the world cannot express",
      "cluster:\n  updates:\n    strategy: fleet_lock\n    url: http://x:1/\nnodes:\n  - { name: a, ip: 10.0.0.1 }\n",
      ["coreos-legacy"],
      [
        ":3:15: error: Container Linux cannot express the update strategy fleet_lock (use etcd-lock: locksmith takes a reboot lock in the cluster's etcd)",
      ],
    ],
    [
      "an unknown key and a wrong type",
      "cluster:\n  etcd:\n    tls: maybe\n    clientport: 1\nnodes:\n  - { name: a, ip: 10.0.0.1 }\n",
      ["fcos"],
      [
        ":3:10: error: cluster.etcd.tls must be true or false (see kindling cluster render --help for the file's format)",
        ':4:5: error: unknown key "clientport" (the keys here are tls, clientPort, peerPort, image)',
      ],
    ],
    ["a missing address", "nodes:\n  - name: a\n", ["fcos"], [":2:5: error: ip is missing (add ip)"]],
    [
      "a YAML syntax error",
      "nodes:\n  - name: a\n\t  ip: 10.0.0.1\n",
      ["fcos"],
      [":2:1: error: cannot read the nodes file: found a tab character that violates indentation (fix the YAML (or JSON) syntax)"],
    ],
  ];

  for (const [what, text, [world], lines] of cases) {
    it(what, async () => {
      const { file, out } = input(text);
      const r = await run("render", "--nodes", file, "--world", world!, "--out", out);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      const got = r.stderr.trimEnd().split("\n");
      expect(got).toHaveLength(lines.length);
      got.forEach((line, i) => {
        expect(line.startsWith(file)).toBe(true);
        expect(line.slice(file.length)).toBe(lines[i]);
      });
      expect(existsSync(out)).toBe(false);
    });
  }

  it("an even node count is a located warning, and the configs are written", async () => {
    const { file, out } = input("nodes:\n  - { name: a, ip: 10.0.0.1 }\n  - { name: b, ip: 10.0.0.2 }\n");
    const r = await run("render", "--nodes", file, "--world", "fcos", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `${file}:2:3: warning: 2 nodes: etcd needs a majority, so an even count tolerates no more failures than one node fewer (use an odd number of nodes (1, 3, 5))\n`,
    );
    expect(readdirSync(out).sort()).toEqual(["a.bu", "b.bu"]);
  });

  it("an unreadable file is one line", async () => {
    expect(await run("render", "--nodes", "/nonexistent/nodes.yaml", "--world", "fcos")).toEqual({
      code: 1,
      stdout: "",
      stderr: "Error: open /nonexistent/nodes.yaml: no such file or directory\n",
    });
  });
});

describe("usage", () => {
  it.each([
    [[], "give a cluster command: render"],
    [["show"], "unknown cluster command: show"],
    [["render"], "give --nodes FILE and --world fcos|flatcar|coreos-legacy|cloud-init"],
    [
      ["render", "--nodes", "x", "--world", "ubuntu"],
      'invalid argument "ubuntu" for --world: one of fcos, flatcar, coreos-legacy, cloud-init',
    ],
  ])("%j", async (args, message) => {
    expect(await run(...args)).toEqual({ code: 2, stdout: "", stderr: `Error: ${message}\nSee 'kindling cluster --help'.\n` });
  });

  it("--help", async () => {
    const r = await run("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: kindling cluster render --nodes FILE --world WORLD/);
  });
});
