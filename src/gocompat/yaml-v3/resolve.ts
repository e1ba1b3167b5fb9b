/**
 * yaml.v3's resolver (resolve.go): the tag, and value, it gives a plain
 * scalar written without a tag. The one notion of "what does this unquoted
 * text mean" for both directions: Butane's decoder (src/butane/decode.ts)
 * reads config values with it, and the encoder quotes a string exactly when
 * it would not read back as one.
 */
import { parseGoDecimalFloat } from "../float.js";
import { type GoInt, parseGoIntBase, parseGoUintBase } from "../int.js";
import { isDigitChar } from "./chars.js";
import { isGoTimestamp } from "./timestamp.js";

export type Resolved =
  | { tag: "!!null" }
  | { tag: "!!bool"; value: boolean }
  /** An int64, or a uint64 above it (which no int field holds). */
  | { tag: "!!int"; value: GoInt }
  | { tag: "!!float"; value: number }
  | { tag: "!!timestamp" }
  | { tag: "!!str" };

const NULL: Resolved = { tag: "!!null" };
const STR: Resolved = { tag: "!!str" };

/**
 * resolve.go's table of fixed spellings. It also maps "<<" to !!merge, which
 * no plain scalar reaches: "<" starts no hint, so "<<" resolves as a string
 * (merge keys are recognised by the decoder, not here).
 */
const TABLE = new Map<string, Resolved>([
  ...["true", "True", "TRUE"].map((s) => [s, { tag: "!!bool", value: true }] as const),
  ...["false", "False", "FALSE"].map((s) => [s, { tag: "!!bool", value: false }] as const),
  ...["", "~", "null", "Null", "NULL"].map((s) => [s, NULL] as const),
  ...[".nan", ".NaN", ".NAN"].map((s) => [s, { tag: "!!float", value: NaN }] as const),
  ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map((s) => [s, { tag: "!!float", value: Infinity }] as const),
  ...["-.inf", "-.Inf", "-.INF"].map((s) => [s, { tag: "!!float", value: -Infinity }] as const),
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

type Hint = "sign" | "digit" | "word" | "dot";

/** resolve.go's hint from the first character; none means a string. */
function hintOf(c: string): Hint | undefined {
  if (c === "+" || c === "-") return "sign";
  if (isDigitChar(c)) return "digit";
  if ("yYnNtTfFoO~".includes(c)) return "word";
  if (c === ".") return "dot";
  return undefined;
}

const int = (value: GoInt | undefined): Resolved | undefined => (value === undefined ? undefined : { tag: "!!int", value });

/** ParseInt, else ParseUint, of `digits` in `base`. */
function intOrUint(digits: string, base: 0 | 2 | 8): Resolved | undefined {
  return int(parseGoIntBase(digits, base)) ?? int(parseGoUintBase(digits, base));
}

/** Numbers and timestamps, for text starting with a sign or a digit. */
function resolveNumber(text: string): Resolved {
  if (isGoTimestamp(text)) return { tag: "!!timestamp" };
  const plain = text.replace(/_/g, "");
  const found = intOrUint(plain, 0);
  if (found) return found;
  if (YAML_STYLE_FLOAT.test(plain)) {
    const value = parseGoDecimalFloat(plain);
    if (value !== undefined) return { tag: "!!float", value };
  }
  for (const [prefix, base] of [
    ["0b", 2],
    ["0o", 8],
  ] as const) {
    if (plain.startsWith(prefix)) return intOrUint(plain.slice(2), base) ?? STR;
    if (plain.startsWith("-" + prefix)) return int(parseGoIntBase("-" + plain.slice(3), base)) ?? STR;
  }
  return STR;
}

/** resolve("", text): how yaml.v3 reads an untagged plain scalar. */
export function resolvePlain(text: string): Resolved {
  if (text === "") return NULL;
  const hint = hintOf(text[0]!);
  if (hint === undefined) return STR;
  const fixed = TABLE.get(text);
  if (fixed) return fixed;
  switch (hint) {
    case "word":
      return STR;
    case "dot": {
      const value = parseGoDecimalFloat(text);
      return value === undefined ? STR : { tag: "!!float", value };
    }
    default:
      return resolveNumber(text);
  }
}
