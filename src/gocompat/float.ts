/**
 * Go float64 text: strconv.ParseFloat on decimal spellings and
 * strconv.FormatFloat(f, 'g', -1, 64).
 */
import { underscoreOK } from "./int.js";

const isDigit = (c: string) => c >= "0" && c <= "9";

/**
 * strconv.ParseFloat(s, 64) for decimal spellings (no hex, no "inf" or
 * "nan" words): optional sign, digits with at most one ".", optional
 * exponent, underscores where underscoreOK allows them; undefined where Go
 * returns an error, overflow to infinity included.
 */
export function parseGoDecimalFloat(s: string): number | undefined {
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
    if (isDigit(c)) {
      sawDigits = true;
      continue;
    }
    break;
  }
  if (!sawDigits) return undefined;
  if (i < s.length && (s[i] === "e" || s[i] === "E")) {
    i++;
    if (i >= s.length) return undefined;
    if (s[i] === "+" || s[i] === "-") i++;
    if (i >= s.length || !isDigit(s[i]!)) return undefined;
    for (; i < s.length && (isDigit(s[i]!) || s[i] === "_"); i++) {
      if (s[i] === "_") underscores = true;
    }
  }
  if (underscores && !underscoreOK(s.slice(0, i))) return undefined;
  if (i !== s.length) return undefined;
  const value = Number(s.replace(/_/g, ""));
  return Number.isFinite(value) ? value : undefined;
}

/** strconv.FormatFloat(f, 'g', -1, 64): the shortest digits that read back as f; exponent form below 1e-4 and from 1e6. */
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
