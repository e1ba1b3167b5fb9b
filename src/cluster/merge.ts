/**
 * A node config with its cluster contribution merged in, for callers that
 * render nodes (lab render): the Butane node config and the snippet are
 * each transpiled, the snippet merged over the node config by Ignition's
 * merge rules, and the result validated and written as Ignition JSON; the
 * node config's diagnostics keep their lines and columns. For cloud-config
 * documents, `mergeDocumentKeys` merges the contribution's keys.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { marshalGoJson } from "../emit/json-go.js";
import { mergeConfigs } from "../ignition/merge.js";
import { loadSpec } from "../ignition/schema.js";
import { checkConfig } from "../ignition/validate.js";
import type { SpecVersion } from "../ignition/versions.js";
import { type TranspileOptions, type TranspileResult, transpile } from "../transpile.js";

/** The node config (Butane) with the snippet merged, as Ignition JSON (`target` is ignored: snippets are for Ignition hosts). */
export function transpileWithCluster(node: string | Uint8Array, snippet: string, options: TranspileOptions = {}): TranspileResult {
  const parent = transpile(node, { ...options, target: "ignition", pretty: false });
  if (parent.output === undefined) return parent;
  const child = transpile(snippet);
  const diagnostics: Diagnostic[] = [...parent.diagnostics, ...child.diagnostics];
  if (child.output === undefined) return { diagnostics, failure: `the cluster snippet does not transpile: ${child.failure}` };
  const p = JSON.parse(parent.output) as { ignition: { version: SpecVersion } };
  const c = JSON.parse(child.output) as { ignition: { version: SpecVersion } };
  if (p.ignition.version !== c.ignition.version) {
    return {
      diagnostics,
      failure: `the cluster snippet is for Ignition ${c.ignition.version}, the node config for ${p.ignition.version}: give the node config's variant and version to expandCluster`,
    };
  }
  const spec = loadSpec(p.ignition.version);
  const merged = mergeConfigs(spec, p, c);
  diagnostics.push(...checkConfig(spec, merged));
  if (hasErrors(diagnostics)) return { diagnostics, failure: "config generated was invalid", spec: parent.spec };
  return { output: marshalGoJson(spec, merged, options.pretty), diagnostics, spec: parent.spec };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * `keys` merged into a cloud-config document's keys: mappings merged key by
 * key, lists appended (write_files, coreos.units, packages, runcmd), other
 * values replaced by the contribution's.
 */
export function mergeDocumentKeys(doc: Record<string, unknown>, keys: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...doc };
  for (const [k, v] of Object.entries(keys)) {
    const have = out[k];
    if (isObject(have) && isObject(v)) out[k] = mergeDocumentKeys(have, v);
    else if (Array.isArray(have) && Array.isArray(v)) out[k] = [...have, ...v];
    else out[k] = v;
  }
  return out;
}
