/**
 * cloud-init hosts (Debian, Ubuntu): the distribution's etcd-server package,
 * /etc/etcd/etcd.env and /etc/default/etcd (the same settings), a drop-in
 * that makes etcd.service read the environment file, and runcmd restarting
 * etcd; flannel's network config is put into etcd by runcmd (no flanneld:
 * not packaged, a warning). Files are written after the packages are in
 * (`defer`), so the etcd user exists and the package keeps them.
 */
import { CLUSTER_MSG } from "../../diagnostics/catalogue/cluster.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/message.js";
import type { ClusterContribution } from "../cluster.js";
import { ETCD_ENV_FILE, etcdEnvFile } from "../etcd.js";
import { flannelPutScript } from "../flannel.js";
import { cloudInitUpdates } from "../updates.js";
import { nodeTlsFiles, secretsOf, type WorldBuilder } from "./world.js";

export const ETCD_PACKAGES = ["etcd-server", "etcd-client"];
export const DEBIAN_ETCD_DEFAULTS = "/etc/default/etcd";
export const ETCD_DROPIN = "/etc/systemd/system/etcd.service.d/20-kindling-cluster.conf";

export const cloudInitWorld: WorldBuilder = (cluster, options) => {
  const diagnostics: Diagnostic[] = [];
  if (cluster.updates) diagnostics.push(...cloudInitUpdates(cluster.updates));
  if (cluster.flannel) diagnostics.push(diagnostic("warning", CLUSTER_MSG.flannelNotPackaged(), ["cluster", "flannel"]));
  const contributions = new Map<string, ClusterContribution>();
  for (const node of cluster.nodes) {
    const env = etcdEnvFile(cluster, node);
    const files: Record<string, unknown>[] = [
      { path: ETCD_ENV_FILE, content: env, permissions: "0644", defer: true },
      { path: DEBIAN_ETCD_DEFAULTS, content: env, permissions: "0644", defer: true },
      { path: ETCD_DROPIN, content: `[Service]\nEnvironmentFile=${ETCD_ENV_FILE}\n`, permissions: "0644", defer: true },
    ];
    for (const f of nodeTlsFiles(options.tls, node)) {
      files.push({ path: f.path, content: f.contents, owner: "etcd:etcd", permissions: `0${f.mode.toString(8)}`, defer: true });
    }
    const runcmd: string[][] = [
      ["systemctl", "daemon-reload"],
      ["systemctl", "restart", "etcd"],
    ];
    if (cluster.flannel) runcmd.push(["sh", "-c", flannelPutScript(cluster, cluster.flannel)]);
    const cloudInit = { packages: [...ETCD_PACKAGES], write_files: files, runcmd };
    contributions.set(node.name, { cloudInit, ...secretsOf(options.tls, node) });
  }
  return { contributions, diagnostics };
};
