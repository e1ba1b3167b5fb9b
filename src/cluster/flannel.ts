/**
 * flannel: its network config (`/coreos.com/network/config` in etcd:
 * Network, SubnetLen, Backend.Type) and the unit that writes it and runs
 * flanneld. Fedora CoreOS and Flatcar run flanneld as a container (podman,
 * docker) and write the config with the etcd image's etcdctl (v3 `put`);
 * legacy Container Linux's own flanneld.service gets a drop-in with v2
 * `etcdctl set`, as its flannel reads the v2 API.
 */
import type { Cluster } from "./check.js";
import { ETCD_TLS_DIR, etcdctlFlags, localClientUrl, NODE_TLS_FILES } from "./etcd.js";

export const FLANNEL_CONFIG_KEY = "/coreos.com/network/config";
export const FLANNEL_IMAGE = "docker.io/flannel/flannel:v0.26.7";

export interface FlannelSettings {
  network: string;
  subnetLen: number;
  backend: "vxlan" | "host-gw";
}

/** `10.1.0.0/16` as its prefix length, when it is an IPv4 network with no host bits set. */
export function parseIpv4Network(text: string): { prefix: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o, i) => o > 255 || (m[i + 1]!.length > 1 && m[i + 1]!.startsWith("0"))) || prefix < 1 || prefix > 30) return undefined;
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  const hostBits = 2 ** (32 - prefix);
  return address % hostBits === 0 ? { prefix } : undefined;
}

/** The JSON flannel reads from etcd, keys in flannel's order. */
export function flannelNetworkConfig(f: FlannelSettings): string {
  return JSON.stringify({ Network: f.network, SubnetLen: f.subnetLen, Backend: { Type: f.backend } });
}

/** flanneld's etcd flags for the local member. */
function flanneldFlags(cluster: Cluster, ip: string): string[] {
  const flags = [`--etcd-endpoints=${localClientUrl(cluster)}`];
  if (cluster.tls) {
    flags.push(`--etcd-cafile=${NODE_TLS_FILES.ca}`, `--etcd-certfile=${NODE_TLS_FILES.cert}`, `--etcd-keyfile=${NODE_TLS_FILES.key}`);
  }
  flags.push(`--iface=${ip}`, "--ip-masq");
  return flags;
}

/**
 * flanneld.service for a container host: writes the network config into
 * etcd (retried by systemd until etcd has its quorum), then runs flanneld
 * with host networking.
 */
export function flannelContainerUnit(cluster: Cluster, f: FlannelSettings, ip: string, runtime: "podman" | "docker"): string {
  const bin = `/usr/bin/${runtime}`;
  const tlsVolume = cluster.tls ? ` --volume ${ETCD_TLS_DIR}:${ETCD_TLS_DIR}:ro,z` : "";
  const put = [
    `${bin} run --rm --net=host${tlsVolume} ${cluster.image} etcdctl`,
    ...etcdctlFlags(cluster),
    "put",
    FLANNEL_CONFIG_KEY,
    `'${flannelNetworkConfig(f)}'`,
  ];
  const run = [
    `${bin} run --name flanneld --rm --net=host --privileged --volume /run/flannel:/run/flannel:z${tlsVolume} ${FLANNEL_IMAGE}`,
    ...flanneldFlags(cluster, ip),
  ];
  return [
    "[Unit]",
    `Description=flannel for cluster ${cluster.name} (kindling)`,
    `Wants=network-online.target etcd-member.service${runtime === "docker" ? " docker.service" : ""}`,
    `After=network-online.target etcd-member.service${runtime === "docker" ? " docker.service" : ""}`,
    "",
    "[Service]",
    "Restart=on-failure",
    "RestartSec=10s",
    "TimeoutStartSec=0",
    "ExecStartPre=/usr/bin/mkdir -p /run/flannel",
    `ExecStartPre=-${bin} rm -f flanneld`,
    `ExecStartPre=${put.join(" ")}`,
    `ExecStart=${run.join(" ")}`,
    `ExecStop=${bin} stop flanneld`,
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}

/** Legacy Container Linux: the drop-in that puts the network config with etcd2's v2 etcdctl before flanneld starts. */
export function flannelLegacyDropIn(cluster: Cluster, f: FlannelSettings): string {
  const flags = [`--endpoints=${localClientUrl(cluster)}`];
  if (cluster.tls) flags.push(`--ca-file=${NODE_TLS_FILES.ca}`, `--cert-file=${NODE_TLS_FILES.cert}`, `--key-file=${NODE_TLS_FILES.key}`);
  const set = ["/usr/bin/etcdctl", ...flags, "set", FLANNEL_CONFIG_KEY, `'${flannelNetworkConfig(f)}'`];
  return `[Service]\nExecStartPre=${set.join(" ")}\n`;
}

/** A shell command that puts the network config with the host's etcdctl (v3), trying for up to five minutes. */
export function flannelPutScript(cluster: Cluster, f: FlannelSettings): string {
  const put = ["etcdctl", ...etcdctlFlags(cluster), "put", FLANNEL_CONFIG_KEY, `'${flannelNetworkConfig(f)}'`].join(" ");
  return `for i in $(seq 60); do ${put} && exit 0; sleep 5; done; exit 1`;
}
