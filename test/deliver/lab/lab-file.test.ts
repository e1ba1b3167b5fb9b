// lab.yaml's reader: a good lab read into values, and each mistake a
// diagnostic at its line and column in lab.yaml.
import { describe, expect, it } from "vitest";
import { labYaml } from "../../../src/deliver/lab/init.js";
import { readLab } from "../../../src/deliver/lab/lab-file.js";
import { renderLocated } from "../../../src/diagnostics/render-located.js";

const lines = (text: string) => readLab(text).diagnostics.map((d) => renderLocated(d, "lab.yaml"));

const LAB = `name: demo
box: fcos
provider: libvirt
nodes:
  - name: core-01
    ip: 172.17.8.101
  - name: core-02
    ip: 172.17.8.102
    memory: 4096
  - name: core-03
    ip: 172.17.8.103
`;

describe("readLab", () => {
  it("reads the lab init writes, cluster included", () => {
    const read = readLab(labYaml({ name: "demo", nodes: 3, box: "flatcar", provider: "virtualbox" }));
    expect(read.diagnostics).toEqual([]);
    expect(read.lab).toMatchObject({
      name: "demo",
      box: "flatcar",
      provider: "virtualbox",
      vagrantBox: "flatcar-stable",
      boxUrl: "https://stable.release.flatcar-linux.net/amd64-usr/current/flatcar_production_vagrant.json",
      sshKey: "",
      cluster: {
        name: "demo",
        etcd: { tls: false, clientPort: 2379, peerPort: 2380 },
        flannel: { network: "10.1.0.0/16", subnetLen: 24, backend: "vxlan" },
        updates: { strategy: "etcd-lock" },
      },
    });
    expect(read.lab?.nodes.map((n) => [n.name, n.ip, n.index])).toEqual([
      ["core-01", "172.17.8.101", 1],
      ["core-02", "172.17.8.102", 2],
      ["core-03", "172.17.8.103", 3],
    ]);
  });

  it("takes defaults and per-node cpus and memory", () => {
    const lab = readLab(LAB).lab!;
    expect(lab.nodes.map((n) => [n.cpus, n.memory])).toEqual([
      [2, 2048],
      [2, 4096],
      [2, 2048],
    ]);
    expect(lab.vagrantBox).toBe("fedora-coreos");
    expect(lab.boxUrl).toBeUndefined();
  });

  it("locates a duplicate address at the second one, naming the first", () => {
    expect(lines(LAB.replace("172.17.8.103", "172.17.8.101"))).toEqual([
      "lab.yaml:11:9: error: address 172.17.8.101 is already core-01's (line 6) (give every node its own address)",
    ]);
  });

  it("locates a node name that is not a hostname, and a duplicate name", () => {
    expect(lines(LAB.replace("core-02", "core_02").replace("name: core-03", "name: core-01"))).toEqual([
      `lab.yaml:7:11: error: node name "core_02" is not a valid hostname (use 1 to 63 letters, digits and '-', starting and ending with a letter or digit (core-01))`,
      "lab.yaml:10:11: error: node name core-01 is already used on line 5 (give every node its own name)",
    ]);
  });

  it("locates an unknown box and provider", () => {
    expect(lines(LAB.replace("box: fcos", "box: rhel").replace("provider: libvirt", "provider: vmware"))).toEqual([
      'lab.yaml:2:6: error: unknown box "rhel" (box is one of fcos, flatcar, coreos-legacy, ubuntu)',
      'lab.yaml:3:11: error: unknown provider "vmware" (provider is one of libvirt, virtualbox)',
    ]);
  });

  it("warns of an even node count, at nodes:, and still reads the lab", () => {
    const text = LAB.split("  - name: core-03")[0]!;
    const read = readLab(text);
    expect(read.diagnostics.map((d) => renderLocated(d, "lab.yaml"))).toEqual([
      "lab.yaml:5:3: warning: 2 nodes make an etcd cluster that survives no more failures than 1 would (use an odd number of nodes (1 or 3))",
    ]);
    expect(read.lab?.nodes).toHaveLength(2);
  });

  it("locates a bad address, a bad number, an unknown key and a missing key", () => {
    const text = `name: demo
box: fcos
provider: libvirt
colour: blue
defaults:
  cpus: many
nodes:
  - name: core-01
    ip: 172.17.8.301
  - name: core-02
`;
    expect(lines(text)).toEqual([
      'lab.yaml:4:1: warning: unknown key "colour" (the keys here are name, box, provider, vagrant_box, box_url, defaults, ssh_key, nodes, cluster, verify)',
      "lab.yaml:6:9: error: cpus must be a whole number from 1 to 64 (write a number such as 2)",
      'lab.yaml:9:9: error: "172.17.8.301" is not an IPv4 address (write four numbers from 0 to 255 joined by dots (172.17.8.101))',
      "lab.yaml:10:5: error: nodes[1] needs ip (add ip: to nodes[1])",
      "lab.yaml:8:3: warning: 2 nodes make an etcd cluster that survives no more failures than 1 would (use an odd number of nodes (1 or 3))",
    ]);
  });

  it("locates the cluster section's mistakes", () => {
    const text = `${LAB}cluster:
  etcd:
    client_port: 70000
  flannel:
    network: 10.1.0.0
    backend: udp
  updates:
    strategy: sometimes
`;
    expect(lines(text)).toEqual([
      "lab.yaml:14:18: error: client_port must be a whole number from 1 to 65535 (write a number such as 2)",
      'lab.yaml:16:14: error: "10.1.0.0" is not an IPv4 network (write an address and a prefix length (10.1.0.0/16))',
      'lab.yaml:17:14: error: unknown backend "udp" (backend is one of vxlan, host-gw)',
      'lab.yaml:19:15: error: unknown strategy "sometimes" (strategy is one of etcd-lock, reboot, off, fleet_lock, periodic)',
    ]);
  });

  it("says where the YAML breaks", () => {
    expect(lines("name: demo\nnodes: [\n")[0]).toBe(
      "lab.yaml:2:1: error: lab.yaml is not valid YAML: did not find expected node content (fix the YAML syntax at this line)",
    );
  });

  it("finds the span of a cluster path in either spelling", () => {
    const read = readLab(`${LAB}cluster:\n  updates:\n    strategy: fleet_lock\n`);
    expect(read.spanOf(["cluster", "updates", "strategy"])).toEqual({ line: 14, column: 15 });
    // a path lab.yaml does not have: the nearest one it has (the cluster section)
    expect(read.spanOf(["cluster", "etcd", "clientPort"])).toEqual({ line: 13, column: 3 });
  });
});
