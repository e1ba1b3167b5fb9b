/**
 * What every world module is: the checked cluster and the options in, each
 * node's contribution (by node name) and the world's own diagnostics out.
 * Also the TLS files a node carries, which every world writes the same way.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Cluster } from "../check.js";
import type { ClusterContribution, ClusterNode, ClusterOptions } from "../cluster.js";
import { NODE_TLS_FILES } from "../etcd.js";
import { type ClusterTls, tlsSecrets } from "../tls.js";

export interface WorldResult {
  contributions: Map<string, ClusterContribution>;
  diagnostics: Diagnostic[];
}

export type WorldBuilder = (cluster: Cluster, options: ClusterOptions) => WorldResult;

/** The node's TLS files as they go on the node: certificates 0644, keys 0600. */
export function nodeTlsFiles(
  tls: ClusterTls | undefined,
  node: ClusterNode,
): { path: string; mode: number; contents: string; key: boolean }[] {
  const mine = tls?.nodes.get(node.name);
  if (!tls || !mine) return [];
  return [
    { path: NODE_TLS_FILES.ca, mode: 0o644, contents: tls.ca, key: false },
    { path: NODE_TLS_FILES.cert, mode: 0o644, contents: mine.cert, key: false },
    { path: NODE_TLS_FILES.key, mode: 0o600, contents: mine.key, key: true },
    { path: NODE_TLS_FILES.peerCert, mode: 0o644, contents: mine.peerCert, key: false },
    { path: NODE_TLS_FILES.peerKey, mode: 0o600, contents: mine.peerKey, key: true },
  ];
}

/** The contribution's secrets, when TLS is on. */
export function secretsOf(tls: ClusterTls | undefined, node: ClusterNode): Pick<ClusterContribution, "secrets"> {
  return tls?.nodes.has(node.name) ? { secrets: tlsSecrets(tls, node) } : {};
}
