/**
 * etcd's static bootstrap for one member: the initial cluster built from the
 * node list (`name=http://ip:2380,…`), state `new`, a token derived from the
 * cluster name, client and peer URLs on the node's private address (clients
 * also on 127.0.0.1), and the TLS files when TLS is on. The same settings
 * are written as `/etc/etcd/etcd.env` (`ETCD_*=value` lines) in every world
 * that can read one, and as coreos.etcd2 keys on legacy hosts.
 */
import { createHash } from "node:crypto";
import type { Cluster } from "./check.js";
import type { ClusterNode } from "./cluster.js";

export const ETCD_ENV_FILE = "/etc/etcd/etcd.env";
export const ETCD_DATA_DIR = "/var/lib/etcd";
/** Where the TLS files are on the node. */
export const ETCD_TLS_DIR = "/etc/etcd/tls";
export const NODE_TLS_FILES = {
  ca: `${ETCD_TLS_DIR}/ca.pem`,
  cert: `${ETCD_TLS_DIR}/server.pem`,
  key: `${ETCD_TLS_DIR}/server-key.pem`,
  peerCert: `${ETCD_TLS_DIR}/peer.pem`,
  peerKey: `${ETCD_TLS_DIR}/peer-key.pem`,
} as const;

/** `kindling-<name>-<first 8 hex digits of sha256(name)>`: the same for every render of the same cluster. */
export function clusterToken(name: string): string {
  return `kindling-${name}-${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
}

/** `http://10.0.0.1:2379`, with IPv6 addresses in brackets. */
export function url(tls: boolean, ip: string, port: number): string {
  return `${tls ? "https" : "http"}://${ip.includes(":") ? `[${ip}]` : ip}:${port}`;
}

/** The client URL a process on the node itself uses. */
export function localClientUrl(cluster: Cluster): string {
  return url(cluster.tls, "127.0.0.1", cluster.clientPort);
}

/** `a=http://ip1:2380,b=http://ip2:2380`, in node order. */
export function initialCluster(cluster: Cluster): string {
  return cluster.nodes.map((n) => `${n.name}=${url(cluster.tls, n.ip, cluster.peerPort)}`).join(",");
}

/** The member's settings as etcd's environment variables, in a fixed order. */
export function etcdEnvironment(cluster: Cluster, node: ClusterNode): [string, string][] {
  const { tls, clientPort, peerPort } = cluster;
  const env: [string, string][] = [
    ["ETCD_NAME", node.name],
    ["ETCD_DATA_DIR", ETCD_DATA_DIR],
    ["ETCD_INITIAL_CLUSTER", initialCluster(cluster)],
    ["ETCD_INITIAL_CLUSTER_STATE", "new"],
    ["ETCD_INITIAL_CLUSTER_TOKEN", cluster.token],
    ["ETCD_INITIAL_ADVERTISE_PEER_URLS", url(tls, node.ip, peerPort)],
    ["ETCD_LISTEN_PEER_URLS", url(tls, node.ip, peerPort)],
    ["ETCD_LISTEN_CLIENT_URLS", `${url(tls, node.ip, clientPort)},${localClientUrl(cluster)}`],
    ["ETCD_ADVERTISE_CLIENT_URLS", url(tls, node.ip, clientPort)],
  ];
  if (tls) {
    env.push(
      ["ETCD_TRUSTED_CA_FILE", NODE_TLS_FILES.ca],
      ["ETCD_CERT_FILE", NODE_TLS_FILES.cert],
      ["ETCD_KEY_FILE", NODE_TLS_FILES.key],
      ["ETCD_CLIENT_CERT_AUTH", "true"],
      ["ETCD_PEER_TRUSTED_CA_FILE", NODE_TLS_FILES.ca],
      ["ETCD_PEER_CERT_FILE", NODE_TLS_FILES.peerCert],
      ["ETCD_PEER_KEY_FILE", NODE_TLS_FILES.peerKey],
      ["ETCD_PEER_CLIENT_CERT_AUTH", "true"],
    );
  }
  return env;
}

/**
 * The environment file: `KEY=value` lines, unquoted (no value has a space),
 * which systemd's EnvironmentFile=, podman's --env-file and a shell all read.
 */
export function etcdEnvFile(cluster: Cluster, node: ClusterNode): string {
  const lines = etcdEnvironment(cluster, node).map(([k, v]) => `${k}=${v}`);
  return `# etcd member ${node.name} of cluster ${cluster.name}, written by kindling\n${lines.join("\n")}\n`;
}

/** etcdctl's flags to reach the local member (v3 API; TLS with the node's own certificate). */
export function etcdctlFlags(cluster: Cluster): string[] {
  const flags = [`--endpoints=${localClientUrl(cluster)}`];
  if (cluster.tls) flags.push(`--cacert=${NODE_TLS_FILES.ca}`, `--cert=${NODE_TLS_FILES.cert}`, `--key=${NODE_TLS_FILES.key}`);
  return flags;
}
