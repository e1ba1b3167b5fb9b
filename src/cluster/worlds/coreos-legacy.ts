/**
 * Legacy Container Linux (coreos-cloudinit): coreos.etcd2 with the same
 * settings as the environment file (as coreos-cloudinit takes them, lower
 * case without ETCD_), coreos.flannel plus a flanneld.service drop-in that
 * sets the network config with etcd2's v2 etcdctl, coreos.update and
 * coreos.locksmith; etcd2.service and flanneld.service started.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Cluster } from "../check.js";
import type { ClusterContribution, ClusterNode } from "../cluster.js";
import { etcdEnvironment, localClientUrl, NODE_TLS_FILES } from "../etcd.js";
import { flannelLegacyDropIn } from "../flannel.js";
import { type LocksmithPlan, locksmithPlan } from "../updates.js";
import { nodeTlsFiles, secretsOf, type WorldBuilder } from "./world.js";

const BOOLEAN_KEYS = new Set(["client_cert_auth", "peer_client_cert_auth"]);

/** coreos.etcd2 for the node: the environment's keys, etcd2.service keeps its own data directory. */
export function etcd2Section(cluster: Cluster, node: ClusterNode): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const [key, value] of etcdEnvironment(cluster, node)) {
    if (key === "ETCD_DATA_DIR") continue;
    const name = key.slice("ETCD_".length).toLowerCase();
    out[name] = BOOLEAN_KEYS.has(name) ? value === "true" : value;
  }
  return out;
}

/** How flanneld and locksmithd reach etcd with TLS (coreos.flannel and coreos.locksmith name the keys alike). */
function tlsClientKeys(cluster: Cluster): Record<string, string> {
  if (!cluster.tls) return {};
  return { etcd_cafile: NODE_TLS_FILES.ca, etcd_certfile: NODE_TLS_FILES.cert, etcd_keyfile: NODE_TLS_FILES.key };
}

export const coreosLegacyWorld: WorldBuilder = (cluster, options) => {
  const diagnostics: Diagnostic[] = [];
  let plan: LocksmithPlan | undefined;
  if (cluster.updates) {
    const p = locksmithPlan(cluster.updates, "Container Linux");
    diagnostics.push(...p.diagnostics);
    plan = p.plan;
  }
  const contributions = new Map<string, ClusterContribution>();
  for (const node of cluster.nodes) {
    const coreos: Record<string, unknown> = { etcd2: etcd2Section(cluster, node) };
    const units: Record<string, unknown>[] = [{ name: "etcd2.service", command: "start" }];
    if (cluster.flannel) {
      coreos.flannel = { etcd_endpoints: localClientUrl(cluster), ...tlsClientKeys(cluster), interface: node.ip };
      units.push({
        name: "flanneld.service",
        command: "start",
        drop_ins: [{ name: "50-network-config.conf", content: flannelLegacyDropIn(cluster, cluster.flannel) }],
      });
    }
    if (plan) {
      coreos.update = { reboot_strategy: plan.strategy };
      const locksmith: Record<string, string> = {};
      if (plan.window) Object.assign(locksmith, { window_start: plan.window.start, window_length: plan.window.length });
      if (plan.strategy === "etcd-lock" && cluster.tls)
        Object.assign(locksmith, { endpoint: localClientUrl(cluster), ...tlsClientKeys(cluster) });
      if (Object.keys(locksmith).length) coreos.locksmith = locksmith;
    }
    coreos.units = units;
    const cloudConfig: Record<string, unknown> = { coreos };
    const tlsFiles = nodeTlsFiles(options.tls, node);
    if (tlsFiles.length) {
      // etcd2.service runs as etcd: it must read its key.
      cloudConfig.write_files = tlsFiles.map((f) => ({
        path: f.path,
        owner: "etcd:etcd",
        permissions: `0${f.mode.toString(8)}`,
        content: f.contents,
      }));
    }
    contributions.set(node.name, { cloudConfig, ...secretsOf(options.tls, node) });
  }
  return { contributions, diagnostics };
};
