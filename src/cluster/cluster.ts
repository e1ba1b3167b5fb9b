/**
 * The cluster sugar's entry point (issue 16): one `cluster:` section (etcd
 * static bootstrap with optional TLS, flannel, reboot coordination) expanded
 * into what each node's config needs, in the form its world takes. The
 * checks live in check.ts, each concern in its own module, each world in
 * worlds/. Everything but TLS material (fresh keys each call) is deterministic.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { checkCluster } from "./check.js";
import { type ClusterTls, makeClusterTls } from "./tls.js";
import { WORLDS } from "./worlds/index.js";

export type World = "fcos" | "flatcar" | "coreos-legacy" | "cloud-init";
export const CLUSTER_WORLDS: readonly World[] = ["fcos", "flatcar", "coreos-legacy", "cloud-init"];

/** One member of the cluster; `index` is 1-based, in lab order. */
export interface ClusterNode {
  name: string;
  ip: string;
  index: number;
}

/** The `cluster:` section: the same in lab.yaml and in `kindling cluster render`'s nodes file. */
export interface ClusterSpec {
  /** The lab / cluster name; etcd's initial-cluster-token derives from it. */
  name: string;
  etcd?: { tls?: boolean; clientPort?: number; peerPort?: number; image?: string };
  flannel?: { network: string; subnetLen?: number; backend?: "vxlan" | "host-gw" };
  /**
   * How nodes take updates without rebooting together. `window` is
   * `[DAYS ]HH:MM/LENGTH` (`Sun 04:00/1h`); `url` is the FleetLock server's
   * base URL (fleet_lock only).
   */
  updates?: { strategy: "etcd-lock" | "reboot" | "off" | "fleet_lock" | "periodic"; window?: string; url?: string };
}

/** What the sugar adds to one node's config, in the form its world takes. */
export interface ClusterContribution {
  /** fcos / flatcar: a Butane YAML snippet of the node config's variant+version, merged into it (Ignition merge rules) before transpiling. */
  butane?: string;
  /** coreos-legacy: top-level keys merged into the node's #cloud-config (coreos.etcd2, coreos.flannel, coreos.update, coreos.locksmith, write_files). */
  cloudConfig?: Record<string, unknown>;
  /** cloud-init hosts: keys merged (packages, write_files, runcmd, …). */
  cloudInit?: Record<string, unknown>;
  /**
   * TLS material written beside the rendered configs (paths relative to the
   * output directory); keys 0600, never logged. When present, the node's
   * config also carries its own key (inline), so write the config 0600 too.
   */
  secrets?: { path: string; contents: string; mode: number }[];
}

export interface ClusterOptions {
  /** The node config's Butane variant and version (default fcos 1.5.0, flatcar 1.1.0). */
  butaneVariant?: string;
  butaneVersion?: string;
  /** TLS material from makeClusterTls to use instead of fresh material (etcd.tls on; it must cover every node). */
  tls?: ClusterTls;
}

export interface ClusterExpansion {
  contributions: Map<string, ClusterContribution>;
  diagnostics: Diagnostic[];
}

/**
 * Each node's contribution, by node name. Never throws: problems are
 * diagnostics with paths inside `cluster` (the spec) or `nodes` (the node
 * list), and there are no contributions when any is an error.
 */
export function expandCluster(spec: ClusterSpec, nodes: ClusterNode[], world: World, options: ClusterOptions = {}): ClusterExpansion {
  const checked = checkCluster(spec, nodes);
  const diagnostics = [...checked.diagnostics];
  if (hasErrors(diagnostics) || !checked.cluster) return { contributions: new Map(), diagnostics };
  const cluster = checked.cluster;
  let tls = options.tls;
  if (cluster.tls && tls && cluster.nodes.some((n) => !tls!.nodes.has(n.name))) {
    return { contributions: new Map(), diagnostics: [...diagnostics, checked.tlsNotMade()] };
  }
  if (cluster.tls && !tls) tls = makeClusterTls(cluster.name, cluster.nodes);
  const built = WORLDS[world](cluster, { ...options, tls: cluster.tls ? tls : undefined });
  diagnostics.push(...built.diagnostics);
  if (hasErrors(diagnostics)) return { contributions: new Map(), diagnostics };
  return { contributions: built.contributions, diagnostics };
}
