// The cluster input's checks: each problem an error (or the even-count
// warning) at the path of the value at fault, so a caller can locate it.
import { describe, expect, it } from "vitest";
import { checkCluster } from "../../src/cluster/check.js";
import type { ClusterSpec } from "../../src/cluster/cluster.js";
import { labNodes } from "./helpers.js";

const problems = (spec: ClusterSpec, nodes = labNodes(3)) =>
  checkCluster(spec, nodes).diagnostics.map((d) => [d.severity, d.code, d.path.join(".")]);

describe("checkCluster", () => {
  it("accepts a lab and fills in the defaults", () => {
    const r = checkCluster({ name: "lab", flannel: { network: "10.1.0.0/16" } }, labNodes(3));
    expect(r.diagnostics).toEqual([]);
    expect(r.cluster).toMatchObject({
      clientPort: 2379,
      peerPort: 2380,
      tls: false,
      image: "quay.io/coreos/etcd:v3.5.17",
      flannel: { network: "10.1.0.0/16", subnetLen: 24, backend: "vxlan" },
    });
  });

  it("refuses duplicate names and addresses, and names that are not host names", () => {
    const nodes = [
      { name: "core-01", ip: "172.17.8.101", index: 1 },
      { name: "core-01", ip: "172.17.8.102", index: 2 },
      { name: "core_03", ip: "172.17.8.101", index: 3 },
      { name: "-x", ip: "172.17.8.300", index: 4 },
      { name: "ok", ip: "10.0.0.1", index: 5 },
    ];
    expect(problems({ name: "lab" }, nodes)).toEqual([
      ["error", "cluster.node.duplicate-name", "nodes.1.name"],
      ["error", "cluster.node.name", "nodes.2.name"],
      ["error", "cluster.node.duplicate-ip", "nodes.2.ip"],
      ["error", "cluster.node.name", "nodes.3.name"],
      ["error", "cluster.node.ip", "nodes.3.ip"],
    ]);
    const dup = checkCluster({ name: "lab" }, nodes).diagnostics[0]!;
    expect(dup.message).toBe('node name "core-01" is used twice (first by node 1)');
  });

  it("warns about an even node count (etcd's quorum) and refuses none", () => {
    expect(problems({ name: "lab" }, labNodes(2))).toEqual([["warning", "cluster.nodes.even", "nodes"]]);
    expect(problems({ name: "lab" }, labNodes(4))).toEqual([["warning", "cluster.nodes.even", "nodes"]]);
    expect(problems({ name: "lab" }, [])).toEqual([["error", "cluster.nodes.empty", "nodes"]]);
  });

  it.each([
    ["10.1.0.0/33", "network"],
    ["10.1.0.1/16", "network"],
    ["10.1.0/16", "network"],
    ["300.1.0.0/16", "network"],
    ["fd00::/64", "network"],
  ])("refuses flannel network %s", (network, key) => {
    expect(problems({ name: "lab", flannel: { network } })).toEqual([["error", "cluster.flannel.network", `cluster.flannel.${key}`]]);
  });

  it("refuses a subnet length that does not fit the network, and an unknown backend", () => {
    expect(problems({ name: "lab", flannel: { network: "10.1.0.0/16", subnetLen: 16 } })).toEqual([
      ["error", "cluster.flannel.subnet-len", "cluster.flannel.subnetLen"],
    ]);
    expect(problems({ name: "lab", flannel: { network: "10.1.0.0/24" } })).toEqual([
      ["error", "cluster.flannel.subnet-len", "cluster.flannel.network"],
    ]);
    expect(problems({ name: "lab", flannel: { network: "10.1.0.0/16", backend: "udp" as "vxlan" } })).toEqual([
      ["error", "cluster.flannel.backend", "cluster.flannel.backend"],
    ]);
  });

  it("refuses bad ports, the same port twice, a bad image and a bad cluster name", () => {
    expect(problems({ name: "lab", etcd: { clientPort: 0, peerPort: 70000 } })).toEqual([
      ["error", "cluster.etcd.port", "cluster.etcd.clientPort"],
      ["error", "cluster.etcd.port", "cluster.etcd.peerPort"],
    ]);
    expect(problems({ name: "lab", etcd: { clientPort: 2380 } })).toEqual([["error", "cluster.etcd.same-ports", "cluster.etcd.peerPort"]]);
    expect(problems({ name: "lab", etcd: { image: "quay.io/etcd v3" } })).toEqual([["error", "cluster.etcd.image", "cluster.etcd.image"]]);
    expect(problems({ name: "my lab" })).toEqual([["error", "cluster.name", "cluster.name"]]);
  });

  it("refuses an unknown update strategy, a malformed window and a URL that is not http(s)", () => {
    expect(problems({ name: "lab", updates: { strategy: "sometimes" as "off" } })).toEqual([
      ["error", "cluster.updates.strategy", "cluster.updates.strategy"],
    ]);
    expect(problems({ name: "lab", updates: { strategy: "periodic", window: "Sunday 4am" } })).toEqual([
      ["error", "cluster.updates.window", "cluster.updates.window"],
    ]);
    expect(problems({ name: "lab", updates: { strategy: "fleet_lock", url: "ftp://x/" } })).toEqual([
      ["error", "cluster.updates.url", "cluster.updates.url"],
    ]);
  });
});
