// Go's strconv as yaml.v3's resolver calls it: ParseInt, ParseUint and
// ParseFloat acceptance, FormatFloat 'g'.
import { isDigitChar } from "./chars.js";

/** Go's strconv lower(): ASCII letters only, byte-wise. */
function asciiLower(c: string): string {
  return c >= "A" && c <= "Z" ? String.fromCharCode(c.charCodeAt(0) | 0x20) : c;
}

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_CUTOFF = 1n << 63n;

/** strconv.ParseUint(s, base, 64); undefined on any error. */
export function goParseUint(s: string, base: 0 | 2 | 8 | 10 | 16): bigint | undefined {
  if (s === "") return undefined;
  let b: number = base;
  let digits = s;
  if (base === 0) {
    b = 10;
    if (s[0] === "0") {
      const p = s.length >= 3 ? asciiLower(s[1]!) : "";
      if (p === "b") {
        b = 2;
        digits = s.slice(2);
      } else if (p === "o") {
        b = 8;
        digits = s.slice(2);
      } else if (p === "x") {
        b = 16;
        digits = s.slice(2);
      } else {
        b = 8;
        digits = s.slice(1);
      }
    }
  }
  const bigBase = BigInt(b);
  let n = 0n;
  for (const ch of digits) {
    const code = ch.codePointAt(0)!;
    const lowered = code | 0x20;
    let d: number;
    if (code >= 0x30 && code <= 0x39) d = code - 0x30;
    else if (code < 0x80 && lowered >= 0x61 && lowered <= 0x7a) d = lowered - 0x61 + 10;
    else return undefined; // (underscores were already stripped by the caller)
    if (d >= b) return undefined;
    n = n * bigBase + BigInt(d);
    if (n > UINT64_MAX) return undefined;
  }
  return n;
}

/** strconv.ParseInt(s, base, 64); undefined on any error. */
export function goParseInt(s: string, base: 0 | 2 | 8 | 10 | 16): bigint | undefined {
  if (s === "") return undefined;
  let neg = false;
  let rest = s;
  if (s[0] === "+") {
    rest = s.slice(1);
  } else if (s[0] === "-") {
    neg = true;
    rest = s.slice(1);
  }
  const un = goParseUint(rest, base);
  if (un === undefined) return undefined;
  if (!neg && un >= INT64_CUTOFF) return undefined;
  if (neg && un > INT64_CUTOFF) return undefined;
  return neg ? -un : un;
}

/** strconv's underscoreOK: underscores only between digits (or after a base prefix). */
function underscoreOK(s: string): boolean {
  let saw = "^";
  let i = 0;
  let t = s;
  if (t.length >= 1 && (t[0] === "-" || t[0] === "+")) t = t.slice(1);
  let hex = false;
  if (t.length >= 2 && t[0] === "0" && "box".includes(asciiLower(t[1]!))) {
    i = 2;
    saw = "0";
    hex = asciiLower(t[1]!) === "x";
  }
  for (; i < t.length; i++) {
    const c = t[i]!;
    const lc = asciiLower(c);
    if (isDigitChar(c) || (hex && lc >= "a" && lc <= "f")) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

/**
 * strconv.ParseFloat(s, 64) succeeds, for the decimal spellings this module
 * feeds it (values starting with "." and values matching YAML_STYLE_FLOAT):
 * optional sign, digits with at most one ".", optional exponent, Go-style
 * underscores, and a result that does not overflow to infinity.
 */
export function goParseDecimalFloatOk(s: string): boolean {
  let i = 0;
  if (s[i] === "+" || s[i] === "-") i++;
  let sawDigits = false;
  let sawDot = false;
  let underscores = false;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === "_") {
      underscores = true;
      continue;
    }
    if (c === ".") {
      if (sawDot) break;
      sawDot = true;
      continue;
    }
    if (isDigitChar(c)) {
      sawDigits = true;
      continue;
    }
    break;
  }
  if (!sawDigits) return false;
  if (i < s.length && (s[i] === "e" || s[i] === "E")) {
    i++;
    if (i >= s.length) return false;
    if (s[i] === "+" || s[i] === "-") i++;
    if (i >= s.length || !isDigitChar(s[i])) return false;
    for (; i < s.length && (isDigitChar(s[i]) || s[i] === "_"); i++) {
      if (s[i] === "_") underscores = true;
    }
  }
  if (underscores && !underscoreOK(s.slice(0, i))) return false;
  if (i !== s.length) return false;
  return Number.isFinite(Number(s.replace(/_/g, "")));
}

// Numbers: strconv.FormatFloat(f, 'g', -1, 64).

export function formatGoFloat(f: number): string {
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const sign = f < 0 ? "-" : "";
  const [mantissa, expPart] = Math.abs(f).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exp = Number(expPart);
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    const frac = digits.length > 1 ? "." + digits.slice(1) : "";
    return `${sign}${digits[0]}${frac}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const dp = exp + 1;
  if (digits.length <= dp) return sign + digits + "0".repeat(dp - digits.length);
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}
