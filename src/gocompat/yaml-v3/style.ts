// Which style a scalar is written in: what yaml.v3's encoder asks for
// (encode.go stringv) and what the emitter settles on (emitterc.go
// yaml_emitter_select_scalar_style).
import type { ScalarAnalysis } from "./analyze.js";
import { isDigitChar } from "./chars.js";
import { resolvePlain } from "./resolve.js";

export type ScalarStyle = "plain" | "single" | "double" | "literal";

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const OLD_BOOLS = new Set(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off", "OFF"]);

function isBase60Float(s: string): boolean {
  if (s === "") return false;
  const c = s[0]!;
  if (!(c === "+" || c === "-" || isDigitChar(c)) || !s.includes(":")) return false;
  return BASE60_FLOAT.test(s);
}

/** The style yaml.v3's encoder asks for when marshalling a Go string. */
export function requestedStringStyle(s: string): ScalarStyle {
  if (s.includes("\n")) return "literal";
  const canUsePlain = resolvePlain(s).tag === "!!str" && !isBase60Float(s) && !OLD_BOOLS.has(s);
  return canUsePlain ? "plain" : "double";
}

/** The emitter's final choice (block context, untagged scalars). */
export function selectStyle(requested: ScalarStyle, cps: number[], a: ScalarAnalysis, simpleKey: boolean): ScalarStyle {
  let style = requested;
  if (simpleKey && a.multiline) style = "double";
  if (style === "plain") {
    if (!a.blockPlainAllowed) style = "single";
    if (cps.length === 0 && simpleKey) style = "single";
  }
  if (style === "single" && !a.singleQuotedAllowed) style = "double";
  if (style === "literal" && (!a.blockAllowed || simpleKey)) style = "double";
  return style;
}
