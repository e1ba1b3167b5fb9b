// Shared by the cluster tests: node lists of 1, 3 and 5 nodes on the lab's
// private network, and the merge of a Butane snippet into a minimal node
// config the way a node config takes it (both transpiled, the snippet merged
// over the node config by Ignition's rules, the result validated).

import type { ClusterNode } from "../../src/cluster/cluster.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { mergeConfigs } from "../../src/ignition/merge.js";
import { loadSpec } from "../../src/ignition/schema.js";
import { validateIgnition } from "../../src/ignition/validate.js";
import type { SpecVersion } from "../../src/ignition/versions.js";
import { transpile } from "../../src/transpile.js";

export function labNodes(count: number): ClusterNode[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `core-0${i + 1}`,
    ip: `172.17.8.${101 + i}`,
    index: i + 1,
  }));
}

export function minimalNodeConfig(variant: string, version: string, name: string): string {
  return [
    `variant: ${variant}`,
    `version: ${version}`,
    "storage:",
    "  files:",
    "    - path: /etc/hostname",
    "      mode: 0644",
    "      contents:",
    `        inline: ${name}`,
    "",
  ].join("\n");
}

/** The node config with the snippet merged, as Ignition JSON, and every diagnostic met on the way. */
export function mergeAndValidate(nodeConfig: string, snippet: string): { config?: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const parent = transpile(nodeConfig);
  const child = transpile(snippet);
  const diagnostics = [...parent.diagnostics, ...child.diagnostics];
  if (!parent.output || !child.output) return { diagnostics };
  const p = JSON.parse(parent.output);
  const c = JSON.parse(child.output);
  const merged = mergeConfigs(loadSpec(p.ignition.version as SpecVersion), p, c);
  const validated = validateIgnition(Buffer.from(JSON.stringify(merged)));
  return { config: merged, diagnostics: [...diagnostics, ...validated.diagnostics] };
}
