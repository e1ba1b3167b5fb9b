// YAML text to plain values, for tests: our parser, with yaml.v3's implicit
// typing of plain scalars (ints, floats, bools, nulls) as Butane's decoder
// resolves them.
import { deref, parseYamlInt, resolvedTag } from "../../src/butane/decode.js";
import { parseYaml, type YamlNode } from "../../src/source/yaml.js";

function toValue(node: YamlNode): unknown {
  const n = deref(node);
  if (n.kind === "map") {
    const out: Record<string, unknown> = {};
    for (const { key, value } of n.pairs) out[String(toValue(key))] = toValue(value);
    return out;
  }
  if (n.kind === "seq") return n.items.map(toValue);
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

export function parseYamlValue(text: string): unknown {
  const r = parseYaml(text);
  if (!r.ok) throw new Error(`YAML error: line ${r.error.line}: ${r.error.message}`);
  return r.root === undefined ? null : toValue(r.root);
}
