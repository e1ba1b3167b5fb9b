/**
 * Go int64 values: strconv.ParseInt(s, 10, 64) acceptance and error text,
 * and int64 arithmetic (two's complement, wrap-around on overflow).
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

export type ParseIntResult =
  | { ok: true; value: GoInt }
  | { ok: false; error: string };

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
