// etcd's static bootstrap for 1, 3 and 5 nodes: the environment file's
// settings pinned, line by line.
import { describe, expect, it } from "vitest";
import { checkCluster } from "../../src/cluster/check.js";
import { clusterToken, etcdEnvFile, etcdEnvironment, initialCluster } from "../../src/cluster/etcd.js";
import { labNodes } from "./helpers.js";

function resolved(count: number, tls = false) {
  const r = checkCluster({ name: "lab", etcd: { tls } }, labNodes(count));
  if (!r.cluster) throw new Error(JSON.stringify(r.diagnostics));
  return r.cluster;
}

describe("etcd settings", () => {
  it("derives the token from the cluster name, the same every time", () => {
    expect(clusterToken("lab")).toMatch(/^kindling-lab-[0-9a-f]{8}$/);
    expect(clusterToken("lab")).toBe(clusterToken("lab"));
    expect(clusterToken("lab2")).not.toBe(clusterToken("lab"));
  });

  it("one node", () => {
    const c = resolved(1);
    expect(etcdEnvFile(c, c.nodes[0]!)).toBe(
      [
        "# etcd member core-01 of cluster lab, written by kindling",
        "ETCD_NAME=core-01",
        "ETCD_DATA_DIR=/var/lib/etcd",
        "ETCD_INITIAL_CLUSTER=core-01=http://172.17.8.101:2380",
        "ETCD_INITIAL_CLUSTER_STATE=new",
        `ETCD_INITIAL_CLUSTER_TOKEN=${clusterToken("lab")}`,
        "ETCD_INITIAL_ADVERTISE_PEER_URLS=http://172.17.8.101:2380",
        "ETCD_LISTEN_PEER_URLS=http://172.17.8.101:2380",
        "ETCD_LISTEN_CLIENT_URLS=http://172.17.8.101:2379,http://127.0.0.1:2379",
        "ETCD_ADVERTISE_CLIENT_URLS=http://172.17.8.101:2379",
        "",
      ].join("\n"),
    );
  });

  it("three nodes: every member has the whole initial cluster and its own URLs", () => {
    const c = resolved(3);
    const cluster = "core-01=http://172.17.8.101:2380,core-02=http://172.17.8.102:2380,core-03=http://172.17.8.103:2380";
    expect(initialCluster(c)).toBe(cluster);
    expect(Object.fromEntries(etcdEnvironment(c, c.nodes[1]!))).toEqual({
      ETCD_NAME: "core-02",
      ETCD_DATA_DIR: "/var/lib/etcd",
      ETCD_INITIAL_CLUSTER: cluster,
      ETCD_INITIAL_CLUSTER_STATE: "new",
      ETCD_INITIAL_CLUSTER_TOKEN: clusterToken("lab"),
      ETCD_INITIAL_ADVERTISE_PEER_URLS: "http://172.17.8.102:2380",
      ETCD_LISTEN_PEER_URLS: "http://172.17.8.102:2380",
      ETCD_LISTEN_CLIENT_URLS: "http://172.17.8.102:2379,http://127.0.0.1:2379",
      ETCD_ADVERTISE_CLIENT_URLS: "http://172.17.8.102:2379",
    });
  });

  it("five nodes, TLS on, other ports: https everywhere and the certificate files", () => {
    const r = checkCluster({ name: "big", etcd: { tls: true, clientPort: 12379, peerPort: 12380 } }, labNodes(5));
    const c = r.cluster!;
    const env = Object.fromEntries(etcdEnvironment(c, c.nodes[4]!));
    expect(env.ETCD_INITIAL_CLUSTER).toBe([1, 2, 3, 4, 5].map((i) => `core-0${i}=https://172.17.8.${100 + i}:12380`).join(","));
    expect(env).toMatchObject({
      ETCD_NAME: "core-05",
      ETCD_INITIAL_ADVERTISE_PEER_URLS: "https://172.17.8.105:12380",
      ETCD_LISTEN_CLIENT_URLS: "https://172.17.8.105:12379,https://127.0.0.1:12379",
      ETCD_ADVERTISE_CLIENT_URLS: "https://172.17.8.105:12379",
      ETCD_TRUSTED_CA_FILE: "/etc/etcd/tls/ca.pem",
      ETCD_CERT_FILE: "/etc/etcd/tls/server.pem",
      ETCD_KEY_FILE: "/etc/etcd/tls/server-key.pem",
      ETCD_CLIENT_CERT_AUTH: "true",
      ETCD_PEER_TRUSTED_CA_FILE: "/etc/etcd/tls/ca.pem",
      ETCD_PEER_CERT_FILE: "/etc/etcd/tls/peer.pem",
      ETCD_PEER_KEY_FILE: "/etc/etcd/tls/peer-key.pem",
      ETCD_PEER_CLIENT_CERT_AUTH: "true",
    });
  });

  it("puts IPv6 addresses in brackets", () => {
    const r = checkCluster({ name: "v6" }, [{ name: "a", ip: "fd00::1", index: 1 }]);
    expect(initialCluster(r.cluster!)).toBe("a=http://[fd00::1]:2380");
  });
});
