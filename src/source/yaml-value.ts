/**
 * A YAML node as plain values, with yaml.v3's implicit typing of plain
 * scalars (null, bool, int, float, else string) as Butane's decoder resolves
 * them. Ints the decoder keeps as bigints (beyond 2^53) stay bigints, so
 * nothing is rounded silently.
 */
import { deref, parseYamlInt, resolvedTag } from "../butane/decode.js";
import { parseYaml, type YamlNode } from "./yaml.js";

export function yamlValue(node: YamlNode): unknown {
  const n = deref(node);
  if (n.kind === "map") {
    const out: Record<string, unknown> = {};
    for (const { key, value } of n.pairs) out[String(yamlValue(key))] = yamlValue(value);
    return out;
  }
  if (n.kind === "seq") return n.items.map(yamlValue);
  switch (resolvedTag(n)) {
    case "!!null":
      return null;
    case "!!bool":
      return /^(true|True|TRUE)$/.test(n.value);
    case "!!int": {
      const v = parseYamlInt(n.value)!;
      return typeof v === "bigint" ? v : Number(v);
    }
    case "!!float":
      return Number(n.value);
    default:
      return n.value;
  }
}

/** YAML text as plain values (null for an empty document); throws on a YAML error. */
export function parseYamlValue(text: string): unknown {
  const r = parseYaml(text);
  if (!r.ok) throw new Error(`YAML error: line ${r.error.line}: ${r.error.message}`);
  return r.root === undefined ? null : yamlValue(r.root);
}
