/**
 * Go's strings.EqualFold / bytes.EqualFold: equality under Unicode simple
 * case folding, rune by rune. This is also how encoding/json matches object
 * keys to struct fields (its foldName folds each rune to the smallest member
 * of its SimpleFold orbit, which is the same relation).
 *
 * Two runes are equivalent when they share an orbit of unicode.SimpleFold,
 * i.e. they have the same simple case folding (CaseFolding.txt, status C and
 * S). ECMAScript's /iu regular expressions canonicalise with exactly that
 * mapping, so a one-character case-insensitive Unicode regex decides it:
 * "ſ" (U+017F) matches s and S, "K" (U+212A) matches k and K, while "İ"
 * (U+0130) and "ı" (U+0131) match nothing but themselves.
 *
 * Byte input is decoded as Go does: each invalid byte is U+FFFD, so two
 * different invalid bytes compare equal.
 */

import { decodeRune, toBytes } from "./utf8.js";

const orbitTests = new Map<number, RegExp>();

function escapeForRegex(r: number): string {
  return "\\u{" + r.toString(16) + "}";
}

/** Whether two runes are equal under simple case folding. */
export function runesEqualFold(a: number, b: number): boolean {
  if (a === b) return true;
  if (a < 0x80 && b < 0x80) {
    const la = a >= 0x41 && a <= 0x5a ? a + 0x20 : a;
    const lb = b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
    return la === lb && la >= 0x61 && la <= 0x7a;
  }
  // Surrogate code points never occur in decoded Go strings; treat literally.
  if ((a >= 0xd800 && a <= 0xdfff) || (b >= 0xd800 && b <= 0xdfff)) return false;
  let re = orbitTests.get(a);
  if (re === undefined) {
    re = new RegExp("^" + escapeForRegex(a) + "$", "iu");
    orbitTests.set(a, re);
  }
  return re.test(String.fromCodePoint(b));
}

/** strings.EqualFold(a, b) / bytes.EqualFold(a, b). */
export function equalFold(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (typeof a === "string" && typeof b === "string" && a === b) return true;
  const x = toBytes(a);
  const y = toBytes(b);
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const ra = decodeRune(x, i);
    const rb = decodeRune(y, j);
    if (!runesEqualFold(ra.rune, rb.rune)) return false;
    i += ra.size;
    j += rb.size;
  }
  return i === x.length && j === y.length;
}
