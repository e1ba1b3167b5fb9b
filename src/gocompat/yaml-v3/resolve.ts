// yaml.v3's resolver (resolve.go): would an unquoted scalar read back as a string?
import { isDigitChar } from "./chars.js";
import { parseGoDecimalFloat } from "../float.js";
import { parseGoIntBase, parseGoUintBase } from "../int.js";
import { isGoTimestamp } from "./timestamp.js";

const RESOLVE_TABLE_MAP = new Set([
  "true", "True", "TRUE",
  "false", "False", "FALSE",
  "", "~", "null", "Null", "NULL",
  ".nan", ".NaN", ".NAN",
  ".inf", ".Inf", ".INF",
  "+.inf", "+.Inf", "+.INF",
  "-.inf", "-.Inf", "-.INF",
  "<<",
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** True when yaml.v3's resolver maps the untagged plain scalar `s` to !!str. */
export function resolvesToString(s: string): boolean {
  if (s === "") return false; // null
  const c = s[0]!;
  let hint: "S" | "D" | "M" | "." | undefined;
  if (c === "+" || c === "-") hint = "S";
  else if (isDigitChar(c)) hint = "D";
  else if ("yYnNtTfFoO~".includes(c)) hint = "M";
  else if (c === ".") hint = ".";
  if (hint === undefined) return true;

  if (RESOLVE_TABLE_MAP.has(s)) return false;

  switch (hint) {
    case "M":
      return true;
    case ".":
      return parseGoDecimalFloat(s) === undefined;
    case "D":
    case "S": {
      if (isGoTimestamp(s)) return false;
      const plain = s.replace(/_/g, "");
      if (parseGoIntBase(plain, 0) !== undefined) return false;
      if (parseGoUintBase(plain, 0) !== undefined) return false;
      if (YAML_STYLE_FLOAT.test(plain) && parseGoDecimalFloat(plain) !== undefined) return false;
      if (plain.startsWith("0b")) {
        const rest = plain.slice(2);
        if (parseGoIntBase(rest, 2) !== undefined || parseGoUintBase(rest, 2) !== undefined) return false;
      } else if (plain.startsWith("-0b")) {
        if (parseGoIntBase("-" + plain.slice(3), 2) !== undefined) return false;
      }
      if (plain.startsWith("0o")) {
        const rest = plain.slice(2);
        if (parseGoIntBase(rest, 8) !== undefined || parseGoUintBase(rest, 8) !== undefined) return false;
      } else if (plain.startsWith("-0o")) {
        if (parseGoIntBase("-" + plain.slice(3), 8) !== undefined) return false;
      }
      return true;
    }
  }
}
