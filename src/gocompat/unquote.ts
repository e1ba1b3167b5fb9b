/**
 * Go's strconv.Unquote: a Go string literal ("...", '...' or `...`) to its
 * value. The value is returned as bytes because \x and octal escapes produce
 * raw bytes that need not be valid UTF-8. The only error Go gives is
 * strconv.ErrSyntax, "invalid syntax".
 */

import { decodeRune, encodeRune, toBytes, validRune } from "./utf8.js";

export type UnquoteResult = { ok: true; value: Uint8Array } | { ok: false; error: string };

const SYNTAX: UnquoteResult = { ok: false, error: "invalid syntax" };

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

interface CharStep {
  value: number;
  /** Encode value as UTF-8 (true) or append it as one byte (false). */
  multibyte: boolean;
  next: number;
}

/** strconv.UnquoteChar on s[i:], for the given quote byte; undefined on ErrSyntax. */
function unquoteChar(s: Uint8Array, i: number, quote: number): CharStep | undefined {
  if (i >= s.length) return undefined;
  const c = s[i]!;
  if (c === quote && (quote === 0x27 || quote === 0x22)) return undefined;
  if (c >= 0x80) {
    const d = decodeRune(s, i);
    return { value: d.rune, multibyte: true, next: i + d.size };
  }
  if (c !== 0x5c) return { value: c, multibyte: false, next: i + 1 };
  if (i + 1 >= s.length) return undefined;
  const e = s[i + 1]!;
  let p = i + 2;
  const simple: Record<number, number> = {
    0x61: 0x07, // \a
    0x62: 0x08, // \b
    0x66: 0x0c, // \f
    0x6e: 0x0a, // \n
    0x72: 0x0d, // \r
    0x74: 0x09, // \t
    0x76: 0x0b, // \v
    0x5c: 0x5c, // \\
  };
  if (e in simple) return { value: simple[e]!, multibyte: false, next: p };
  if (e === 0x78 || e === 0x75 || e === 0x55) {
    const n = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
    if (s.length - p < n) return undefined;
    let v = 0;
    for (let j = 0; j < n; j++) {
      const x = hexValue(s[p + j]!);
      if (x < 0) return undefined;
      v = v * 16 + x;
    }
    p += n;
    if (e === 0x78) return { value: v, multibyte: false, next: p };
    if (!validRune(v)) return undefined;
    return { value: v, multibyte: true, next: p };
  }
  if (e >= 0x30 && e <= 0x37) {
    let v = e - 0x30;
    if (s.length - p < 2) return undefined;
    for (let j = 0; j < 2; j++) {
      const x = s[p + j]! - 0x30;
      if (x < 0 || x > 7) return undefined;
      v = (v << 3) | x;
    }
    p += 2;
    if (v > 255) return undefined;
    return { value: v, multibyte: false, next: p };
  }
  if (e === 0x27 || e === 0x22) {
    if (e !== quote) return undefined;
    return { value: e, multibyte: false, next: p };
  }
  return undefined;
}

/** strconv.Unquote(s). */
export function goUnquote(input: string | Uint8Array): UnquoteResult {
  const s = toBytes(input);
  const n = s.length;
  if (n < 2) return SYNTAX;
  const quote = s[0]!;
  if (quote !== 0x22 && quote !== 0x27 && quote !== 0x60) return SYNTAX;
  if (s[n - 1] !== quote) return SYNTAX;
  const body = s.subarray(1, n - 1);
  if (quote === 0x60) {
    if (body.includes(0x60)) return SYNTAX;
    return { ok: true, value: Uint8Array.from(body.filter((b) => b !== 0x0d)) };
  }
  if (body.includes(0x0a)) return SYNTAX;
  // Go's fast path for escape-free literals accepts '' (an empty rune
  // literal) as the empty string.
  if (quote === 0x27 && body.length === 0) return { ok: true, value: new Uint8Array(0) };
  const out: number[] = [];
  let i = 0;
  let chars = 0;
  while (i < body.length) {
    const step = unquoteChar(body, i, quote);
    if (step === undefined) return SYNTAX;
    if (step.value < 0x80 || !step.multibyte) out.push(step.value & 0xff);
    else out.push(...encodeRune(step.value));
    i = step.next;
    chars++;
  }
  if (quote === 0x27 && chars !== 1) return SYNTAX;
  return { ok: true, value: Uint8Array.from(out) };
}
