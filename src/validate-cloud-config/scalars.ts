/**
 * What type a YAML scalar has for coreos-cloudinit, which read YAML with
 * go-yaml v1, a YAML 1.1 reader: a plain `yes`, `no`, `on`, `off`, `y`, `n`
 * (any of their usual capitalisations) is a bool there, not a string; `0644`
 * is an octal int; `1_000` is an int; `~` and an empty value are null.
 * Quoted and block scalars are always strings. Explicit tags are honoured
 * where they name a type; `!!binary` is a string of the decoded bytes.
 *
 * Only the type matters to the validator: a value of a string-typed key keeps
 * its text whatever it resolves to (coreos-cloudinit reads the text again
 * into the string field), so `reboot_strategy: off` is the string "off".
 */
import type { YamlScalar } from "../source/yaml.js";

export type ScalarKind = "string" | "int" | "float64" | "bool" | "null";

const BOOLS = new Set(
  ["y", "yes", "true", "on", "n", "no", "false", "off"].flatMap((w) => [w, w[0]!.toUpperCase() + w.slice(1), w.toUpperCase()]),
);
const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const SPECIAL_FLOATS = new Set(
  [".nan", ".NaN", ".NAN"].concat(["", "+", "-"].flatMap((sign) => [".inf", ".Inf", ".INF"].map((w) => sign + w))),
);

const INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]*|[1-9][0-9]*|0[bB][01]+)$/;
const FLOAT = /^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/;
const GO_FLOAT_WORDS = /^[-+]?(inf|infinity|nan)$/i;

const TAGGED: Record<string, ScalarKind> = {
  "tag:yaml.org,2002:str": "string",
  "tag:yaml.org,2002:binary": "string",
  "tag:yaml.org,2002:int": "int",
  "tag:yaml.org,2002:float": "float64",
  "tag:yaml.org,2002:bool": "bool",
  "tag:yaml.org,2002:null": "null",
};

/** The kind go-yaml v1 gives a plain, untagged scalar. */
export function resolvePlain(text: string): ScalarKind {
  if (NULLS.has(text)) return "null";
  if (BOOLS.has(text)) return "bool";
  if (SPECIAL_FLOATS.has(text)) return "float64";
  const first = text[0]!;
  // Only text that starts like a number is tried as one.
  if (!/[-+.0-9]/.test(first)) return "string";
  const plain = text.replace(/_/g, "");
  if (first !== "." && INT.test(plain)) return "int";
  if (FLOAT.test(plain)) return "float64";
  if ((first === "+" || first === "-") && GO_FLOAT_WORDS.test(plain)) return "float64";
  return "string";
}

export function scalarKind(node: YamlScalar): ScalarKind {
  if (node.tag !== undefined && node.tag !== "!") {
    const tagged = TAGGED[node.tag];
    if (tagged === undefined) return "string";
    if (tagged === "string" || tagged === "null") return tagged;
    // A type tag on text of another type does not change what it is.
    return node.style === "plain" && resolvePlain(node.value) === tagged ? tagged : "string";
  }
  return node.style === "plain" && node.tag === undefined ? resolvePlain(node.value) : "string";
}

/** `!!binary` content: the bytes it stands for. */
export function isBinary(node: YamlScalar): boolean {
  return node.tag === "tag:yaml.org,2002:binary";
}
