/**
 * Fedora CoreOS: etcd as a podman container unit (etcd-member.service,
 * --env-file /etc/etcd/etcd.env), flanneld as a podman container unit, and
 * Zincati's update strategy; one Butane snippet per node.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { butaneSnippet, type SnippetFile, type SnippetUnit } from "../butane.js";
import type { ClusterContribution } from "../cluster.js";
import { ETCD_CONTAINER, etcdContainerRun } from "../container.js";
import { ETCD_DATA_DIR, ETCD_ENV_FILE, etcdEnvFile } from "../etcd.js";
import { flannelContainerUnit } from "../flannel.js";
import { zincatiConfig } from "../updates.js";
import { nodeTlsFiles, secretsOf, type WorldBuilder } from "./world.js";

export const ZINCATI_STRATEGY_FILE = "/etc/zincati/config.d/55-updates-strategy.toml";

export const fcosWorld: WorldBuilder = (cluster, options) => {
  const diagnostics: Diagnostic[] = [];
  let zincati: string | undefined;
  if (cluster.updates) {
    const z = zincatiConfig(cluster.updates);
    diagnostics.push(...z.diagnostics);
    zincati = z.toml;
  }
  const variant = options.butaneVariant ?? "fcos";
  const version = options.butaneVersion ?? "1.5.0";
  const contributions = new Map<string, ClusterContribution>();
  for (const node of cluster.nodes) {
    const files: SnippetFile[] = [{ path: ETCD_ENV_FILE, mode: 0o644, contents: etcdEnvFile(cluster, node) }];
    files.push(...nodeTlsFiles(options.tls, node).map(({ path, mode, contents }) => ({ path, mode, contents })));
    if (zincati) files.push({ path: ZINCATI_STRATEGY_FILE, mode: 0o644, contents: zincati });
    const units: SnippetUnit[] = [
      {
        name: "etcd-member.service",
        enabled: true,
        contents: [
          "[Unit]",
          `Description=etcd member ${node.name} of cluster ${cluster.name} (kindling)`,
          "Wants=network-online.target",
          "After=network-online.target",
          "",
          "[Service]",
          "Restart=on-failure",
          "RestartSec=5s",
          "TimeoutStartSec=0",
          `ExecStartPre=/usr/bin/mkdir -p ${ETCD_DATA_DIR}`,
          `ExecStartPre=-/usr/bin/podman rm -f ${ETCD_CONTAINER}`,
          `ExecStart=${etcdContainerRun(cluster, "podman")}`,
          `ExecStop=/usr/bin/podman stop ${ETCD_CONTAINER}`,
          "",
          "[Install]",
          "WantedBy=multi-user.target",
          "",
        ].join("\n"),
      },
    ];
    if (cluster.flannel) {
      units.push({ name: "flanneld.service", enabled: true, contents: flannelContainerUnit(cluster, cluster.flannel, node.ip, "podman") });
    }
    contributions.set(node.name, { butane: butaneSnippet(variant, version, files, units), ...secretsOf(options.tls, node) });
  }
  return { contributions, diagnostics };
};
