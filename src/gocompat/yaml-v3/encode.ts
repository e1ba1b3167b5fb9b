// A re-implementation of the output side of Go's gopkg.in/yaml.v3 (v3.0.x)
// for JSON-like values, as Butane uses it to print MachineConfigs.
//
// Butane marshals its result to JSON, decodes that JSON into a generic Go
// `interface{}` and hands it to a yaml.v3 Encoder with SetIndent(2). So the
// values seen by the encoder are map[string]interface{} (keys sorted with
// yaml.v3's "natural" key order), []interface{}, string, float64, bool and
// nil. This module reproduces, byte for byte, what that encoder writes:
//
// - Style selection (encode.go stringv + emitterc.go select_scalar_style):
//   strings containing "\n" ask for a literal block; other strings ask for a
//   plain scalar when the resolver would read them back as !!str (and they are
//   neither YAML 1.1 booleans like "yes"/"off" nor base-60 floats like
//   "1:20"), otherwise for a double-quoted scalar. The emitter then downgrades
//   plain -> single-quoted -> double-quoted and literal -> double-quoted when
//   the scalar analysis forbids the requested style.
// - Indentation: mappings and sequences indent by 2; a block sequence that is
//   a mapping value is indented under its key ("key:\n  - item"); the first
//   entry of a collection nested in a sequence item shares the "- " line.
// - No line folding: yaml.v3 initialises best_width to -1, i.e. unlimited.
// - Numbers are float64 and printed like strconv.FormatFloat(f, 'g', -1, 64).
//
// Written from the behaviour described by yaml.v3's emitterc.go, encode.go,
// resolve.go, sorter.go and yamlprivateh.go; no code was copied.

const BEST_INDENT = 2;

type ScalarStyle = "plain" | "single" | "double" | "literal";

type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

export interface YamlV3Options {
  /** Map keys in the order given instead of yaml.v3's sorted order. */
  keepKeyOrder?: boolean;
  /**
   * Numbers are Go ints: integers (bigints too) are written as their digits,
   * as yaml.v3 writes an int. Without it every number is the float64 a Go
   * JSON round trip into interface{} makes of it (1000000 is `1e+06`).
   */
  ints?: boolean;
}

/**
 * Encodes a JSON-like value (plain objects, arrays, strings, finite numbers,
 * booleans, null) exactly as gopkg.in/yaml.v3 with indent 2 encodes the same
 * value after a Go JSON round trip into interface{}. The result ends with a
 * newline, like yaml.Marshal output.
 *
 * Object properties whose value is `undefined` are omitted and `undefined`
 * array entries become null (as JSON.stringify does). Non-finite numbers,
 * bigints, functions and symbols are rejected with a TypeError, since Go's
 * encoding/json could not have produced them.
 */
export function encodeYamlV3(value: unknown, options: YamlV3Options = {}): string {
  const normalized = normalize(value, "$", options.ints === true);
  const emitter = new Emitter(options.keepKeyOrder === true, options.ints === true);
  emitter.emitDocument(normalized);
  return emitter.output();
}

// ---------------------------------------------------------------------------
// Input normalisation (what a Go JSON round trip would give us).

function normalize(value: unknown, where: string, ints: boolean): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) {
        throw new TypeError(`encodeYamlV3: non-finite number at ${where}`);
      }
      return value;
    case "bigint":
      if (!ints) throw new TypeError(`encodeYamlV3: unsupported bigint at ${where}`);
      return value;
    case "string":
      return toWellFormed(value);
    case "object": {
      if (Array.isArray(value)) {
        return value.map((item, i) => normalize(item, `${where}[${i}]`, ints));
      }
      const out: { [key: string]: JsonValue } = {};
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        if (item === undefined) continue;
        Object.defineProperty(out, toWellFormed(key), {
          value: normalize(item, `${where}.${key}`, ints),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    default:
      throw new TypeError(`encodeYamlV3: unsupported ${typeof value} at ${where}`);
  }
}

/** Lone surrogates become U+FFFD, as Go's JSON decoding would produce. */
function toWellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

// ---------------------------------------------------------------------------
// Character classes (yamlprivateh.go), on code points.

function isBreak(cp: number): boolean {
  return cp === 0x0d || cp === 0x0a || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}

function isBlank(cp: number): boolean {
  return cp === 0x20 || cp === 0x09;
}

function isBlankOrBreakOrNul(cp: number): boolean {
  return isBlank(cp) || isBreak(cp) || cp === 0;
}

/**
 * yaml.v3's notion of a character it may print unescaped: LF, printable
 * ASCII, U+00A0..U+D7FF and U+E000..U+FFFD minus the BOM. Notably tab, CR,
 * DEL, C1 controls (including NEL) and everything outside the BMP are not
 * printable.
 */
function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

function utf8Length(cp: number): number {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

function codePoints(s: string): number[] {
  const cps: number[] = [];
  for (const ch of s) cps.push(ch.codePointAt(0)!);
  return cps;
}

// ---------------------------------------------------------------------------
// Scalar analysis (emitterc.go yaml_emitter_analyze_scalar).

interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
  byteLength: number;
}

function analyzeScalar(cps: number[]): ScalarAnalysis {
  let byteLength = 0;
  for (const cp of cps) byteLength += utf8Length(cp);

  if (cps.length === 0) {
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false, byteLength };
  }

  let blockIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let tabCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;

  const startsWith3 = (c: number) => cps.length >= 3 && cps[0] === c && cps[1] === c && cps[2] === c;
  if (startsWith3(0x2d /* - */) || startsWith3(0x2e /* . */)) {
    blockIndicators = true;
  }

  let precededByWhitespace = true;
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i]!;
    const last = i === cps.length - 1;
    const followedByWhitespace = last || isBlank(cps[i + 1]!);
    const ch = String.fromCodePoint(cp);

    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) {
        blockIndicators = true;
      } else if (ch === "?" || ch === ":") {
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === "-") {
        if (followedByWhitespace) blockIndicators = true;
      }
    } else if (ch === ":") {
      if (followedByWhitespace) blockIndicators = true;
    } else if (ch === "#") {
      if (precededByWhitespace) blockIndicators = true;
    }
    // (Flow indicators only matter inside flow collections, which this
    // encoder never writes scalars into.)

    if (cp === 0x09) {
      tabCharacters = true;
    } else if (!isPrintable(cp)) {
      specialCharacters = true;
    }

    if (cp === 0x20) {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(cp)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }

    precededByWhitespace = isBlankOrBreakOrNul(cp);
  }

  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;

  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || tabCharacters || specialCharacters) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) blockAllowed = false;
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;

  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed, byteLength };
}

// ---------------------------------------------------------------------------
// Resolver (resolve.go): would an unquoted scalar read back as a string?

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
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const OLD_BOOLS = new Set(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off", "OFF"]);

/** Go's strconv lower(): ASCII letters only, byte-wise. */
function asciiLower(c: string): string {
  return c >= "A" && c <= "Z" ? String.fromCharCode(c.charCodeAt(0) | 0x20) : c;
}

function isDigitChar(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/** True when yaml.v3's resolver maps the untagged plain scalar `s` to !!str. */
function resolvesToString(s: string): boolean {
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

function isBase60Float(s: string): boolean {
  if (s === "") return false;
  const c = s[0]!;
  if (!(c === "+" || c === "-" || isDigitChar(c)) || !s.includes(":")) return false;
  return BASE60_FLOAT.test(s);
}

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_CUTOFF = 1n << 63n;

/** strconv.ParseUint(s, base, 64); undefined on any error. */
function goParseUint(s: string, base: 0 | 2 | 8 | 10 | 16): bigint | undefined {
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
function goParseInt(s: string, base: 0 | 2 | 8 | 10 | 16): bigint | undefined {
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
function goParseDecimalFloatOk(s: string): boolean {
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

// --- Timestamps: yaml.v3 tries time.Parse with four layouts on values that
// start with "YYYY-".

interface Cursor {
  v: string;
}

/** time's getnum(value, fixed=false): one or two leading digits. */
function getnum(c: Cursor): number | undefined {
  if (!isDigitChar(c.v[0])) return undefined;
  if (!isDigitChar(c.v[1])) {
    const n = c.v.charCodeAt(0) - 48;
    c.v = c.v.slice(1);
    return n;
  }
  const n = (c.v.charCodeAt(0) - 48) * 10 + (c.v.charCodeAt(1) - 48);
  c.v = c.v.slice(2);
  return n;
}

function expectLiteral(c: Cursor, lit: string): boolean {
  if (!c.v.startsWith(lit)) return false;
  c.v = c.v.slice(lit.length);
  return true;
}

function daysIn(month: number, year: number): number {
  if (month === 2) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return leap ? 29 : 28;
  }
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

type TimeLayout = "T" | "t" | " " | "date";

function parsesAsTimestamp(s: string, layout: TimeLayout): boolean {
  const c: Cursor = { v: s };
  // "2006": exactly four characters, parsed as a number.
  if (c.v.length < 4 || !/^[0-9]{4}/.test(c.v)) return false;
  const year = Number(c.v.slice(0, 4));
  c.v = c.v.slice(4);
  if (!expectLiteral(c, "-")) return false;
  const month = getnum(c);
  if (month === undefined || month < 1 || month > 12) return false;
  if (!expectLiteral(c, "-")) return false;
  const day = getnum(c);
  if (day === undefined) return false;

  if (layout !== "date") {
    if (layout === " ") {
      // A space in a Go layout matches any run of spaces (or nothing at the
      // end of the input).
      if (c.v.length > 0 && c.v[0] !== " ") return false;
      c.v = c.v.replace(/^ +/, "");
    } else if (!expectLiteral(c, layout)) {
      return false;
    }
    const hour = getnum(c);
    if (hour === undefined || hour >= 24) return false;
    if (!expectLiteral(c, ":")) return false;
    const minute = getnum(c);
    if (minute === undefined || minute >= 60) return false;
    if (!expectLiteral(c, ":")) return false;
    const second = getnum(c);
    if (second === undefined || second >= 60) return false;
    // ".999999999": optional fraction, any number of digits.
    if (c.v.length >= 2 && (c.v[0] === "." || c.v[0] === ",") && isDigitChar(c.v[1])) {
      let i = 1;
      while (i < c.v.length && isDigitChar(c.v[i])) i++;
      c.v = c.v.slice(i);
    }
    if (layout !== " ") {
      // "Z07:00"
      if (c.v[0] === "Z") {
        c.v = c.v.slice(1);
      } else {
        if (c.v.length < 6 || c.v[3] !== ":") return false;
        const sign = c.v[0];
        const hh = c.v.slice(1, 3);
        const mm = c.v.slice(4, 6);
        if (!/^[0-9]{2}$/.test(hh) || !/^[0-9]{2}$/.test(mm)) return false;
        if (Number(hh) > 24 || Number(mm) > 60) return false;
        if (sign !== "+" && sign !== "-") return false;
        c.v = c.v.slice(6);
      }
    }
  }
  if (c.v.length !== 0) return false;
  return day >= 1 && day <= daysIn(month, year);
}

function isGoTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  return (["T", "t", " ", "date"] as const).some((layout) => parsesAsTimestamp(s, layout));
}

// ---------------------------------------------------------------------------
// Numbers: strconv.FormatFloat(f, 'g', -1, 64).

function formatGoFloat(f: number): string {
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

// ---------------------------------------------------------------------------
// Map key order (sorter.go keyList.Less for two strings).

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

function isLetterCp(cp: number): boolean {
  return LETTER.test(String.fromCodePoint(cp));
}

function isDigitCp(cp: number): boolean {
  return DIGIT.test(String.fromCodePoint(cp));
}

function keyLess(a: number[], b: number[]): boolean {
  let digits = false;
  for (let i = 0; i < a.length && i < b.length; i++) {
    const ai0 = a[i]!;
    const bi0 = b[i]!;
    if (ai0 === bi0) {
      digits = isDigitCp(ai0);
      continue;
    }
    const al = isLetterCp(ai0);
    const bl = isLetterCp(bi0);
    if (al && bl) return ai0 < bi0;
    if (al || bl) return digits ? al : bl;
    // Neither is a letter: compare the digit runs starting here numerically
    // (int64 arithmetic, wrapping like Go's).
    let an = 0n;
    let bn = 0n;
    if (ai0 === 0x30 || bi0 === 0x30) {
      for (let j = i - 1; j >= 0 && isDigitCp(a[j]!); j--) {
        if (a[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < a.length && isDigitCp(a[ai]!); ai++) {
      an = BigInt.asIntN(64, an * 10n + BigInt(a[ai]! - 0x30));
    }
    let bi = i;
    for (; bi < b.length && isDigitCp(b[bi]!); bi++) {
      bn = BigInt.asIntN(64, bn * 10n + BigInt(b[bi]! - 0x30));
    }
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ai0 < bi0;
  }
  return a.length < b.length;
}

function sortKeys(keys: string[]): string[] {
  const items = keys.map((k) => ({ k, cps: codePoints(k) }));
  if (items.length <= 12) {
    // Go's sort.Sort uses insertion sort for short inputs.
    for (let i = 1; i < items.length; i++) {
      for (let j = i; j > 0 && keyLess(items[j]!.cps, items[j - 1]!.cps); j--) {
        const t = items[j]!;
        items[j] = items[j - 1]!;
        items[j - 1] = t;
      }
    }
  } else {
    items.sort((x, y) => (keyLess(x.cps, y.cps) ? -1 : keyLess(y.cps, x.cps) ? 1 : 0));
  }
  return items.map((x) => x.k);
}

// ---------------------------------------------------------------------------
// The emitter: the subset of yaml.v3's state machine reachable from generic
// values in block style, keeping the same column/whitespace/indention state so
// line breaks and padding fall exactly where yaml.v3 puts them.

class Emitter {
  /** Keys in insertion order rather than yaml.v3's sorted order (for documents people read). */
  constructor(
    private readonly keepKeyOrder = false,
    private readonly ints = false,
  ) {}

  private readonly chunks: string[] = [];
  private column = 0;
  /** The last thing written was whitespace (or nothing yet on this line). */
  private whitespace = true;
  /** Only indentation has been written on the current line so far. */
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];

  output(): string {
    return this.chunks.join("");
  }

  emitDocument(value: JsonValue): void {
    this.emitNode(value, false);
    // Document end: finish the last line.
    this.writeIndent();
  }

  // --- low-level writers

  private put(ascii: string): void {
    this.chunks.push(ascii);
    this.column += ascii.length;
  }

  private putBreak(): void {
    this.chunks.push("\n");
    this.column = 0;
    this.indention = true;
  }

  private writeChar(cp: number): void {
    this.chunks.push(String.fromCodePoint(cp));
    this.column++;
  }

  private writeBreak(cp: number): void {
    if (cp === 0x0a) {
      this.putBreak();
    } else {
      this.chunks.push(String.fromCodePoint(cp));
      this.column = 0;
      this.indention = true;
    }
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.putBreak();
    }
    while (this.column < indent) this.put(" ");
    this.whitespace = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, inSequenceItem: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) {
      this.indent = flow ? BEST_INDENT : 0;
    } else if (inSequenceItem) {
      // The first indent inside a sequence item just skips the "- ".
      this.indent += 2;
    } else {
      this.indent = BEST_INDENT * Math.floor((this.indent + BEST_INDENT) / BEST_INDENT);
    }
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  // --- nodes

  private emitNode(value: JsonValue, inSequenceItem: boolean): void {
    if (value === null) {
      this.emitScalar(codePoints("null"), "plain", inSequenceItem, false);
    } else if (typeof value === "boolean") {
      this.emitScalar(codePoints(value ? "true" : "false"), "plain", inSequenceItem, false);
    } else if (typeof value === "bigint" || (typeof value === "number" && this.ints && Number.isInteger(value))) {
      this.emitScalar(codePoints(String(value)), "plain", inSequenceItem, false);
    } else if (typeof value === "number") {
      this.emitScalar(codePoints(formatGoFloat(value)), "plain", inSequenceItem, false);
    } else if (typeof value === "string") {
      this.emitScalar(codePoints(value), requestedStringStyle(value), inSequenceItem, false);
    } else if (Array.isArray(value)) {
      this.emitSequence(value, inSequenceItem);
    } else {
      this.emitMapping(value, inSequenceItem);
    }
  }

  private emitEmptyFlow(open: string, close: string, inSequenceItem: boolean): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, inSequenceItem);
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private emitSequence(items: JsonValue[], inSequenceItem: boolean): void {
    if (items.length === 0) {
      this.emitEmptyFlow("[", "]", inSequenceItem);
      return;
    }
    this.increaseIndent(false, inSequenceItem);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.emitNode(item, true);
    }
    this.popIndent();
  }

  private emitMapping(map: { [key: string]: JsonValue }, inSequenceItem: boolean): void {
    const keys = this.keepKeyOrder ? Object.keys(map) : sortKeys(Object.keys(map));
    if (keys.length === 0) {
      this.emitEmptyFlow("{", "}", inSequenceItem);
      return;
    }
    this.increaseIndent(false, inSequenceItem);
    for (const key of keys) {
      this.writeIndent();
      const cps = codePoints(key);
      const analysis = analyzeScalar(cps);
      const simple = !analysis.multiline && analysis.byteLength <= 128;
      if (simple) {
        this.emitScalar(cps, requestedStringStyle(key), false, true, analysis);
        this.writeIndicator(":", false, false, false);
      } else {
        // Complex key: "? key" on its own, then ": value".
        this.writeIndicator("?", true, false, true);
        this.emitScalar(cps, requestedStringStyle(key), false, false, analysis);
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.emitNode(map[key]!, false);
    }
    this.popIndent();
  }

  private emitScalar(
    cps: number[],
    requested: ScalarStyle,
    inSequenceItem: boolean,
    simpleKey: boolean,
    analysis: ScalarAnalysis = analyzeScalar(cps),
  ): void {
    const style = selectStyle(requested, cps, analysis, simpleKey);
    this.increaseIndent(true, inSequenceItem);
    switch (style) {
      case "plain":
        this.writePlain(cps);
        break;
      case "single":
        this.writeSingleQuoted(cps);
        break;
      case "double":
        this.writeDoubleQuoted(cps);
        break;
      case "literal":
        this.writeLiteral(cps);
        break;
    }
    this.popIndent();
  }

  private writePlain(cps: number[]): void {
    if (cps.length > 0 && !this.whitespace) this.put(" ");
    let breaks = false;
    for (const cp of cps) {
      if (cp === 0x20) {
        this.writeChar(cp);
      } else if (isBreak(cp)) {
        // Unreachable in practice (line breaks rule out plain style).
        if (!breaks && cp === 0x0a) this.putBreak();
        this.writeBreak(cp);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeChar(cp);
        this.indention = false;
        breaks = false;
      }
    }
    if (cps.length > 0) this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(cps: number[]): void {
    this.writeIndicator("'", true, false, false);
    let breaks = false;
    for (const cp of cps) {
      if (cp === 0x20) {
        this.writeChar(cp);
      } else if (isBreak(cp)) {
        if (!breaks && cp === 0x0a) this.putBreak();
        this.writeBreak(cp);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (cp === 0x27) this.put("'");
        this.writeChar(cp);
        this.indention = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(cps: number[]): void {
    this.writeIndicator('"', true, false, false);
    // yaml.v3 checks for a BOM at the start of the *whole* value at every
    // position, so a leading BOM makes it escape every character.
    const startsWithBom = cps[0] === 0xfeff;
    for (const cp of cps) {
      if (!isPrintable(cp) || startsWithBom || isBreak(cp) || cp === 0x22 || cp === 0x5c) {
        this.put("\\" + escapeCodePoint(cp));
      } else {
        this.writeChar(cp);
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(cps: number[]): void {
    this.writeIndicator("|", true, false, false);
    // Indentation indicator when the content starts with a space or break.
    if (cps.length > 0 && (cps[0] === 0x20 || isBreak(cps[0]!))) {
      this.writeIndicator(String(BEST_INDENT), false, false, false);
    }
    // Chomping indicator.
    let chomp = "";
    const n = cps.length;
    if (n === 0 || !isBreak(cps[n - 1]!)) chomp = "-";
    else if (n === 1 || isBreak(cps[n - 2]!)) chomp = "+";
    if (chomp !== "") this.writeIndicator(chomp, false, false, false);

    this.whitespace = true;
    let breaks = true;
    for (const cp of cps) {
      if (isBreak(cp)) {
        this.writeBreak(cp);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeChar(cp);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

function escapeCodePoint(cp: number): string {
  switch (cp) {
    case 0x00: return "0";
    case 0x07: return "a";
    case 0x08: return "b";
    case 0x09: return "t";
    case 0x0a: return "n";
    case 0x0b: return "v";
    case 0x0c: return "f";
    case 0x0d: return "r";
    case 0x1b: return "e";
    case 0x22: return '"';
    case 0x5c: return "\\";
    case 0x85: return "N";
    case 0xa0: return "_";
    case 0x2028: return "L";
    case 0x2029: return "P";
  }
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return "x" + hex.padStart(2, "0");
  if (cp <= 0xffff) return "u" + hex.padStart(4, "0");
  return "U" + hex.padStart(8, "0");
}

/** The style yaml.v3's encoder asks for when marshalling a Go string. */
function requestedStringStyle(s: string): ScalarStyle {
  if (s.includes("\n")) return "literal";
  const canUsePlain = resolvesToString(s) && !isBase60Float(s) && !OLD_BOOLS.has(s);
  return canUsePlain ? "plain" : "double";
}

/** The emitter's final choice (block context, untagged scalars). */
function selectStyle(requested: ScalarStyle, cps: number[], a: ScalarAnalysis, simpleKey: boolean): ScalarStyle {
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
