/**
 * The checks every world shares: the node list (names are RFC 1123 labels,
 * addresses are addresses, neither used twice, an odd count for etcd's
 * quorum) and the spec's values (ports, image, flannel's network, the update
 * window and URL). Returns the settings resolved with their defaults.
 * Diagnostics carry paths under `nodes` and `cluster`, as a nodes file or
 * lab.yaml spells them, so callers can locate them.
 */
import { isIP } from "node:net";
import { CLUSTER_MSG } from "../diagnostics/catalogue/cluster.js";
import type { Diagnostic, PathElement } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/message.js";
import type { ClusterNode, ClusterSpec } from "./cluster.js";
import { clusterToken } from "./etcd.js";
import { type FlannelSettings, parseIpv4Network } from "./flannel.js";
import { parseWindow, type UpdateSettings } from "./updates.js";

export const DEFAULT_ETCD_IMAGE = "quay.io/coreos/etcd:v3.5.17";

/** The spec with its defaults filled in, checked. */
export interface Cluster {
  name: string;
  token: string;
  nodes: ClusterNode[];
  tls: boolean;
  clientPort: number;
  peerPort: number;
  image: string;
  flannel?: FlannelSettings;
  updates?: UpdateSettings;
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const IMAGE = /^[a-z0-9][a-z0-9._\-/:@]*$/i;
const STRATEGIES = ["etcd-lock", "reboot", "off", "fleet_lock", "periodic"] as const;

const C = ["cluster"];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every node's name and address, and their count. */
export function checkNodes(nodes: readonly ClusterNode[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!Array.isArray(nodes) || nodes.length === 0) return [diagnostic("error", CLUSTER_MSG.noNodes(), ["nodes"])];
  const names = new Map<string, number>();
  const ips = new Map<string, number>();
  nodes.forEach((node, i) => {
    const name = typeof node?.name === "string" ? node.name : "";
    const ip = typeof node?.ip === "string" ? node.ip : "";
    if (!LABEL.test(name)) out.push(diagnostic("error", CLUSTER_MSG.badName(String(node?.name ?? "")), ["nodes", i, "name"]));
    else if (names.has(name.toLowerCase())) {
      out.push(diagnostic("error", CLUSTER_MSG.duplicateName(name, names.get(name.toLowerCase())! + 1), ["nodes", i, "name"]));
    } else names.set(name.toLowerCase(), i);
    if (isIP(ip) === 0) out.push(diagnostic("error", CLUSTER_MSG.badIp(String(node?.ip ?? "")), ["nodes", i, "ip"]));
    else if (ips.has(ip)) out.push(diagnostic("error", CLUSTER_MSG.duplicateIp(ip, ips.get(ip)! + 1), ["nodes", i, "ip"]));
    else ips.set(ip, i);
  });
  if (nodes.length % 2 === 0) out.push(diagnostic("warning", CLUSTER_MSG.evenCount(nodes.length), ["nodes"]));
  return out;
}

function port(value: unknown, fallback: number, path: PathElement[], out: Diagnostic[]): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) {
    out.push(diagnostic("error", CLUSTER_MSG.badPort(String(path.at(-1)), value), path));
    return fallback;
  }
  return value;
}

function checkEtcd(spec: ClusterSpec, out: Diagnostic[]): Pick<Cluster, "tls" | "clientPort" | "peerPort" | "image"> {
  const etcd: Record<string, unknown> = isObject(spec.etcd) ? spec.etcd : {};
  if (spec.etcd !== undefined && !isObject(spec.etcd))
    out.push(diagnostic("error", CLUSTER_MSG.fileShape("etcd", "a mapping"), [...C, "etcd"]));
  if (etcd.tls !== undefined && typeof etcd.tls !== "boolean") {
    out.push(diagnostic("error", CLUSTER_MSG.fileShape("etcd.tls", "true or false"), [...C, "etcd", "tls"]));
  }
  const clientPort = port(etcd.clientPort, 2379, [...C, "etcd", "clientPort"], out);
  const peerPort = port(etcd.peerPort, 2380, [...C, "etcd", "peerPort"], out);
  if (clientPort === peerPort) out.push(diagnostic("error", CLUSTER_MSG.samePorts(clientPort), [...C, "etcd", "peerPort"]));
  let image = DEFAULT_ETCD_IMAGE;
  if (etcd.image !== undefined) {
    if (typeof etcd.image !== "string" || !IMAGE.test(etcd.image)) {
      out.push(diagnostic("error", CLUSTER_MSG.badImage(String(etcd.image)), [...C, "etcd", "image"]));
    } else image = etcd.image;
  }
  return { tls: etcd.tls === true, clientPort, peerPort, image };
}

function checkFlannel(spec: ClusterSpec, out: Diagnostic[]): FlannelSettings | undefined {
  if (spec.flannel === undefined) return undefined;
  const path = [...C, "flannel"];
  if (!isObject(spec.flannel)) {
    out.push(diagnostic("error", CLUSTER_MSG.fileShape("flannel", "a mapping with network (and subnetLen, backend)"), path));
    return undefined;
  }
  const f = spec.flannel as Record<string, unknown>;
  const net = typeof f.network === "string" ? parseIpv4Network(f.network) : undefined;
  if (!net) {
    out.push(diagnostic("error", CLUSTER_MSG.badCidr(String(f.network ?? "")), [...path, "network"]));
    return undefined;
  }
  const subnetLen = f.subnetLen ?? 24;
  if (typeof subnetLen !== "number" || !Number.isInteger(subnetLen) || subnetLen <= net.prefix || subnetLen > 30) {
    out.push(
      diagnostic("error", CLUSTER_MSG.badSubnetLen(subnetLen, net.prefix), [...path, f.subnetLen === undefined ? "network" : "subnetLen"]),
    );
  }
  const backend = f.backend ?? "vxlan";
  if (backend !== "vxlan" && backend !== "host-gw") out.push(diagnostic("error", CLUSTER_MSG.badBackend(backend), [...path, "backend"]));
  return { network: f.network as string, subnetLen: subnetLen as number, backend: backend as "vxlan" | "host-gw" };
}

function checkUpdates(spec: ClusterSpec, out: Diagnostic[]): UpdateSettings | undefined {
  if (spec.updates === undefined) return undefined;
  const path = [...C, "updates"];
  if (!isObject(spec.updates)) {
    out.push(diagnostic("error", CLUSTER_MSG.fileShape("updates", "a mapping with strategy (and window, url)"), path));
    return undefined;
  }
  const u = spec.updates as Record<string, unknown>;
  if (!(STRATEGIES as readonly unknown[]).includes(u.strategy)) {
    out.push(diagnostic("error", CLUSTER_MSG.badStrategy(u.strategy), [...path, "strategy"]));
    return undefined;
  }
  const settings: UpdateSettings = { strategy: u.strategy as UpdateSettings["strategy"] };
  if (u.window !== undefined) {
    const window = typeof u.window === "string" ? parseWindow(u.window) : undefined;
    if (!window) out.push(diagnostic("error", CLUSTER_MSG.badWindow(String(u.window)), [...path, "window"]));
    else settings.window = window;
  }
  if (u.url !== undefined) {
    if (typeof u.url !== "string" || !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(u.url) || !URL.canParse(u.url)) {
      out.push(diagnostic("error", CLUSTER_MSG.badUrl(String(u.url)), [...path, "url"]));
    } else settings.url = u.url;
  }
  return settings;
}

/** The checks, and the settings resolved when there is no error. */
export function checkCluster(
  spec: ClusterSpec,
  nodes: readonly ClusterNode[],
): { cluster?: Cluster; diagnostics: Diagnostic[]; tlsNotMade: () => Diagnostic } {
  const out: Diagnostic[] = [];
  const tlsNotMade = () => diagnostic("error", CLUSTER_MSG.tlsNotMade(), [...C, "etcd", "tls"]);
  if (!isObject(spec)) return { diagnostics: [diagnostic("error", CLUSTER_MSG.fileShape("cluster", "a mapping"), C)], tlsNotMade };
  if (typeof spec.name !== "string" || !CLUSTER_NAME.test(spec.name)) {
    out.push(diagnostic("error", CLUSTER_MSG.badClusterName(String(spec.name ?? "")), [...C, "name"]));
  }
  out.push(...checkNodes(nodes));
  const etcd = checkEtcd(spec, out);
  const flannel = checkFlannel(spec, out);
  const updates = checkUpdates(spec, out);
  if (out.some((d) => d.severity === "error")) return { diagnostics: out, tlsNotMade };
  const cluster: Cluster = {
    name: spec.name,
    token: clusterToken(spec.name),
    nodes: nodes.map((n, i) => ({ name: n.name, ip: n.ip, index: n.index ?? i + 1 })),
    ...etcd,
  };
  if (flannel) cluster.flannel = flannel;
  if (updates) cluster.updates = updates;
  return { cluster, diagnostics: out, tlsNotMade };
}
