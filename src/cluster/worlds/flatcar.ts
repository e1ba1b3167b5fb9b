/**
 * Flatcar: its own etcd-member.service with a drop-in that reads
 * /etc/etcd/etcd.env (EnvironmentFile=) and runs the pinned etcd image with
 * docker from that file, flanneld as a docker container unit, and
 * locksmith's strategy in /etc/flatcar/update.conf; one Butane snippet (the
 * flatcar variant) per node.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { butaneSnippet, type SnippetFile, type SnippetUnit } from "../butane.js";
import type { Cluster } from "../check.js";
import type { ClusterContribution } from "../cluster.js";
import { ETCD_CONTAINER, etcdContainerRun } from "../container.js";
import { ETCD_DATA_DIR, ETCD_ENV_FILE, etcdEnvFile, localClientUrl, NODE_TLS_FILES } from "../etcd.js";
import { flannelContainerUnit } from "../flannel.js";
import { type LocksmithPlan, locksmithPlan } from "../updates.js";
import { nodeTlsFiles, secretsOf, type WorldBuilder } from "./world.js";

export const FLATCAR_UPDATE_CONF = "/etc/flatcar/update.conf";

/** /etc/flatcar/update.conf: REBOOT_STRATEGY=, the window and, with TLS, how locksmithd reaches etcd. */
export function flatcarUpdateConf(cluster: Cluster, plan: LocksmithPlan): string {
  const lines = [`REBOOT_STRATEGY=${plan.strategy}`];
  if (plan.window)
    lines.push(`LOCKSMITHD_REBOOT_WINDOW_START=${plan.window.start}`, `LOCKSMITHD_REBOOT_WINDOW_LENGTH=${plan.window.length}`);
  if (plan.strategy === "etcd-lock" && cluster.tls) {
    lines.push(
      `LOCKSMITHD_ENDPOINT=${localClientUrl(cluster)}`,
      `LOCKSMITHD_ETCD_CAFILE=${NODE_TLS_FILES.ca}`,
      `LOCKSMITHD_ETCD_CERTFILE=${NODE_TLS_FILES.cert}`,
      `LOCKSMITHD_ETCD_KEYFILE=${NODE_TLS_FILES.key}`,
    );
  }
  return lines.join("\n") + "\n";
}

export const flatcarWorld: WorldBuilder = (cluster, options) => {
  const diagnostics: Diagnostic[] = [];
  let plan: LocksmithPlan | undefined;
  if (cluster.updates) {
    const p = locksmithPlan(cluster.updates, "Flatcar");
    diagnostics.push(...p.diagnostics);
    plan = p.plan;
  }
  const variant = options.butaneVariant ?? "flatcar";
  const version = options.butaneVersion ?? "1.1.0";
  const dropin = [
    "# The cluster's etcd member, written by kindling: the settings are in the environment file,",
    "# which the container gets too.",
    "[Unit]",
    "Wants=docker.service",
    "After=docker.service",
    "",
    "[Service]",
    "Type=simple",
    "User=root",
    `EnvironmentFile=${ETCD_ENV_FILE}`,
    "ExecStartPre=",
    `ExecStartPre=/usr/bin/mkdir -p ${ETCD_DATA_DIR}`,
    `ExecStartPre=-/usr/bin/docker rm -f ${ETCD_CONTAINER}`,
    "ExecStart=",
    `ExecStart=${etcdContainerRun(cluster, "docker")}`,
    "ExecStop=",
    `ExecStop=/usr/bin/docker stop ${ETCD_CONTAINER}`,
    "",
  ].join("\n");
  const contributions = new Map<string, ClusterContribution>();
  for (const node of cluster.nodes) {
    const files: SnippetFile[] = [{ path: ETCD_ENV_FILE, mode: 0o644, contents: etcdEnvFile(cluster, node) }];
    files.push(...nodeTlsFiles(options.tls, node).map(({ path, mode, contents }) => ({ path, mode, contents })));
    if (plan) files.push({ path: FLATCAR_UPDATE_CONF, mode: 0o644, contents: flatcarUpdateConf(cluster, plan) });
    const units: SnippetUnit[] = [
      { name: "etcd-member.service", enabled: true, dropins: [{ name: "20-kindling-cluster.conf", contents: dropin }] },
    ];
    if (cluster.flannel) {
      units.push({ name: "flanneld.service", enabled: true, contents: flannelContainerUnit(cluster, cluster.flannel, node.ip, "docker") });
    }
    contributions.set(node.name, { butane: butaneSnippet(variant, version, files, units), ...secretsOf(options.tls, node) });
  }
  return { contributions, diagnostics };
};
