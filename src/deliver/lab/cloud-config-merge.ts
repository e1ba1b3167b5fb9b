/**
 * What the cluster sugar adds to a legacy node (coreos.etcd2, coreos.flannel,
 * write_files, packages, runcmd…) merged into the #cloud-config document the
 * node's Butane became: the document is read back into values (yaml.v3's
 * typing, as the emitter wrote them), mappings are merged key by key, lists
 * appended to, and a scalar both set takes the cluster's value, as a merged
 * Ignition config takes the later config's. Then it is written again the way
 * the legacy renderers write it.
 */
import { cloudConfigDocument } from "../../emit/legacy/common.js";
import { parseYaml } from "../../source/yaml.js";
import { yamlValue } from "../../source/yaml-value.js";

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function mergeValues(base: unknown, added: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(added)) return [...base, ...added];
  if (isMapping(base) && isMapping(added)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(added)) out[k] = k in base ? mergeValues(base[k], v) : v;
    return out;
  }
  return added;
}

/** `document` (a #cloud-config the legacy renderer wrote) with `added`'s keys merged in. */
export function mergeCloudConfig(document: string, added: Record<string, unknown>): string {
  if (Object.keys(added).length === 0) return document;
  const parsed = parseYaml(document);
  if (!parsed.ok) throw new Error(`kindling wrote a cloud-config it cannot read back: ${parsed.error.message}`);
  const base = parsed.root ? yamlValue(parsed.root) : {};
  return cloudConfigDocument(mergeValues(isMapping(base) ? base : {}, added) as Record<string, unknown>);
}
