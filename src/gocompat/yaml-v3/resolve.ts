// yaml.v3's resolver (resolve.go): would an unquoted scalar read back as a string?
import { isDigitChar } from "./chars.js";
import { goParseDecimalFloatOk, goParseInt, goParseUint } from "./strconv.js";
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
      return !goParseDecimalFloatOk(s);
    case "D":
    case "S": {
      if (isGoTimestamp(s)) return false;
      const plain = s.replace(/_/g, "");
      if (goParseInt(plain, 0) !== undefined) return false;
      if (goParseUint(plain, 0) !== undefined) return false;
      if (YAML_STYLE_FLOAT.test(plain) && goParseDecimalFloatOk(plain)) return false;
      if (plain.startsWith("0b")) {
        const rest = plain.slice(2);
        if (goParseInt(rest, 2) !== undefined || goParseUint(rest, 2) !== undefined) return false;
      } else if (plain.startsWith("-0b")) {
        if (goParseInt("-" + plain.slice(3), 2) !== undefined) return false;
      }
      if (plain.startsWith("0o")) {
        const rest = plain.slice(2);
        if (goParseInt(rest, 8) !== undefined || goParseUint(rest, 8) !== undefined) return false;
      } else if (plain.startsWith("-0o")) {
        if (goParseInt("-" + plain.slice(3), 8) !== undefined) return false;
      }
      return true;
    }
  }
}
