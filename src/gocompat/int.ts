/**
 * Go int64 values: strconv.ParseInt(s, 10, 64) acceptance and error text,
 * ParseInt and ParseUint in the other bases (yaml.v3 resolves ints with
 * base 0), and int64 arithmetic (two's complement, wrap-around on overflow).
 *
 * A GoInt is a plain number whenever the value is a safe integer, and a
 * bigint only when it lies outside Number.MIN_SAFE_INTEGER..MAX_SAFE_INTEGER.
 * Every helper here returns values in that normal form.
 */

import { goQuote } from "./quote.js";

export type GoInt = number | bigint;

export const INT64_MAX = (1n << 63n) - 1n;
export const INT64_MIN = -(1n << 63n);

/** Brings a bigint (or number) into GoInt normal form. Never returns -0. */
export function normalizeGoInt(v: number | bigint): GoInt {
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) return BigInt(v);
    return v === 0 ? 0 : v;
  }
  if (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return Number(v);
  }
  return v;
}

function big(v: GoInt): bigint {
  return typeof v === "bigint" ? v : BigInt(v);
}

export type ParseIntResult = { ok: true; value: GoInt } | { ok: false; error: string };

/**
 * strconv.ParseInt(s, 10, 64) with Go's *NumError text on failure, e.g.
 * `strconv.ParseInt: parsing "1.5": invalid syntax` or
 * `strconv.ParseInt: parsing "9223372036854775808": value out of range`.
 * Go scans digits left to right and reports overflow as soon as it happens,
 * so "99999999999999999999x" is a range error, not a syntax error.
 */
export function parseGoIntDetailed(s: string): ParseIntResult {
  const syntax = (): ParseIntResult => ({
    ok: false,
    error: `strconv.ParseInt: parsing ${goQuote(s)}: invalid syntax`,
  });
  const range = (): ParseIntResult => ({
    ok: false,
    error: `strconv.ParseInt: parsing ${goQuote(s)}: value out of range`,
  });
  if (s.length === 0) return syntax();
  let i = 0;
  let neg = false;
  if (s[0] === "+" || s[0] === "-") {
    neg = s[0] === "-";
    i = 1;
  }
  if (i >= s.length) return syntax();
  // ParseUint over the digits: uint64 accumulation, overflow is a range error.
  const UINT64_MAX = (1n << 64n) - 1n;
  let n = 0n;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return syntax();
    n = n * 10n + BigInt(c - 0x30);
    if (n > UINT64_MAX) return range();
  }
  if (!neg && n > INT64_MAX) return range();
  if (neg && n > -INT64_MIN) return range();
  return { ok: true, value: normalizeGoInt(neg ? -n : n) };
}

/** strconv.ParseInt(s, 10, 64); undefined wherever Go returns an error. */
export function parseGoInt(literal: string): GoInt | undefined {
  const r = parseGoIntDetailed(literal);
  return r.ok ? r.value : undefined;
}

/** -1, 0 or 1 as a compares to b. */
export function goIntCompare(a: GoInt, b: GoInt): -1 | 0 | 1 {
  if (typeof a === "number" && typeof b === "number") {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const x = big(a);
  const y = big(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function goIntIsZero(a: GoInt): boolean {
  return typeof a === "bigint" ? a === 0n : a === 0;
}

/** a & b on int64 (negative values in two's complement). */
export function goIntAnd(a: GoInt, b: GoInt): GoInt {
  return normalizeGoInt(BigInt.asIntN(64, BigInt.asIntN(64, big(a)) & BigInt.asIntN(64, big(b))));
}

/** a + b on int64, wrapping on overflow as Go does. */
export function goIntAdd(a: GoInt, b: GoInt): GoInt {
  return normalizeGoInt(BigInt.asIntN(64, big(a) + big(b)));
}

/** a - b on int64, wrapping on overflow as Go does. */
export function goIntSub(a: GoInt, b: GoInt): GoInt {
  return normalizeGoInt(BigInt.asIntN(64, big(a) - big(b)));
}

/** strconv.FormatInt(v, 10) / fmt %d. */
export function goIntToString(a: GoInt): string {
  return typeof a === "bigint" ? a.toString() : String(a === 0 ? 0 : a);
}

const UINT64_MAX = (1n << 64n) - 1n;

/** Go's strconv lower(): ASCII letters only. */
function asciiLower(c: string): string {
  return c >= "A" && c <= "Z" ? String.fromCharCode(c.charCodeAt(0) | 0x20) : c;
}

const isDigit = (c: string) => c >= "0" && c <= "9";

/**
 * strconv's underscoreOK: underscores only between digits, or between a
 * base prefix (0b, 0o, 0x) and a digit; a sign may lead.
 */
export function underscoreOK(s: string): boolean {
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
    if (isDigit(c) || (hex && lc >= "a" && lc <= "f")) {
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

export type GoIntBase = 0 | 2 | 8 | 10 | 16;

/**
 * strconv.ParseUint(s, base, 64); undefined wherever Go returns an error.
 * Base 0 reads the prefix (0b, 0o, 0x, a bare 0 for octal; any case) and
 * allows underscores where underscoreOK does.
 */
export function parseGoUintBase(s: string, base: GoIntBase): GoInt | undefined {
  if (s === "") return undefined;
  let b: number = base;
  let digits = s;
  if (base === 0) {
    b = 10;
    if (s[0] === "0") {
      const p = s.length >= 3 ? asciiLower(s[1]!) : "";
      b = p === "b" ? 2 : p === "o" ? 8 : p === "x" ? 16 : 8;
      digits = p === "b" || p === "o" || p === "x" ? s.slice(2) : s.slice(1);
    }
  }
  // A number while the value is exact in one, a bigint beyond.
  let n = 0;
  let large: bigint | undefined;
  let underscores = false;
  for (let i = 0; i < digits.length; i++) {
    const code = digits.charCodeAt(i);
    if (code === 0x5f && base === 0) {
      underscores = true;
      continue;
    }
    const lowered = code | 0x20;
    let d: number;
    if (code >= 0x30 && code <= 0x39) d = code - 0x30;
    else if (lowered >= 0x61 && lowered <= 0x7a) d = lowered - 0x61 + 10;
    else return undefined;
    if (d >= b) return undefined;
    if (large === undefined) {
      const next = n * b + d;
      if (next <= Number.MAX_SAFE_INTEGER) {
        n = next;
        continue;
      }
      large = BigInt(n);
    }
    large = large * BigInt(b) + BigInt(d);
    if (large > UINT64_MAX) return undefined;
  }
  if (underscores && !underscoreOK(s)) return undefined;
  return large === undefined ? n : normalizeGoInt(large);
}

/** strconv.ParseInt(s, base, 64): an optional sign, then ParseUint's digits, within int64. */
export function parseGoIntBase(s: string, base: GoIntBase): GoInt | undefined {
  if (s === "") return undefined;
  const neg = s[0] === "-";
  const un = parseGoUintBase(s[0] === "+" || neg ? s.slice(1) : s, base);
  if (un === undefined) return undefined;
  const n = big(un);
  if (!neg && n > INT64_MAX) return undefined;
  if (neg && n > -INT64_MIN) return undefined;
  return normalizeGoInt(neg ? -n : n);
}
