/**
 * Go's unicode/utf8 decoding rules: DecodeRune, DecodeLastRune, FullRune and
 * EncodeRune. An invalid or truncated sequence decodes as U+FFFD with width 1,
 * exactly as Go does, so byte-level scanners built on this step through bad
 * input one byte at a time.
 */

export const RUNE_ERROR = 0xfffd;
export const UTF_MAX = 4;

export interface DecodedRune {
  rune: number;
  size: number;
}

/** Valid range for the second byte of a sequence, keyed by its lead byte. */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/** Sequence length announced by a lead byte; 0 for a byte that cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead < 0xc2) return 0;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  if (lead < 0xf5) return 4;
  return 0;
}

/** utf8.DecodeRune(p[start:end]). Returns size 0 only for an empty range. */
export function decodeRune(p: Uint8Array, start = 0, end = p.length): DecodedRune {
  if (start >= end) return { rune: RUNE_ERROR, size: 0 };
  const b0 = p[start]!;
  const need = sequenceLength(b0);
  if (need === 1) return { rune: b0, size: 1 };
  if (need === 0 || end - start < need) return { rune: RUNE_ERROR, size: 1 };
  const [lo, hi] = secondByteRange(b0);
  const b1 = p[start + 1]!;
  if (b1 < lo || b1 > hi) return { rune: RUNE_ERROR, size: 1 };
  if (need === 2) return { rune: ((b0 & 0x1f) << 6) | (b1 & 0x3f), size: 2 };
  const b2 = p[start + 2]!;
  if (b2 < 0x80 || b2 > 0xbf) return { rune: RUNE_ERROR, size: 1 };
  if (need === 3) {
    return { rune: ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f), size: 3 };
  }
  const b3 = p[start + 3]!;
  if (b3 < 0x80 || b3 > 0xbf) return { rune: RUNE_ERROR, size: 1 };
  return {
    rune: ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f),
    size: 4,
  };
}

/** utf8.RuneStart: the byte is not a continuation byte. */
function runeStart(b: number): boolean {
  return (b & 0xc0) !== 0x80;
}

/** utf8.DecodeLastRune(p[start:end]). */
export function decodeLastRune(p: Uint8Array, start = 0, end = p.length): DecodedRune {
  if (start >= end) return { rune: RUNE_ERROR, size: 0 };
  let s = end - 1;
  if (p[s]! < 0x80) return { rune: p[s]!, size: 1 };
  const lim = Math.max(end - UTF_MAX, start);
  for (s--; s >= lim; s--) {
    if (runeStart(p[s]!)) break;
  }
  if (s < start) s = start;
  const d = decodeRune(p, s, end);
  if (s + d.size !== end) return { rune: RUNE_ERROR, size: 1 };
  return d;
}

/**
 * utf8.FullRune(p[start:end]): whether the bytes begin with a complete
 * encoding. An invalid encoding counts as complete (it decodes as width 1).
 */
export function fullRune(p: Uint8Array, start = 0, end = p.length): boolean {
  const n = end - start;
  if (n <= 0) return false;
  const b0 = p[start]!;
  const need = sequenceLength(b0);
  if (need <= 1 || n >= need) return true;
  const [lo, hi] = secondByteRange(b0);
  if (n > 1) {
    const b1 = p[start + 1]!;
    if (b1 < lo || b1 > hi) return true;
  }
  if (n > 2) {
    const b2 = p[start + 2]!;
    if (b2 < 0x80 || b2 > 0xbf) return true;
  }
  return false;
}

/** utf8.ValidRune: in range and not a surrogate. */
export function validRune(r: number): boolean {
  return (r >= 0 && r < 0xd800) || (r > 0xdfff && r <= 0x10ffff);
}

/** utf8.RuneLen: the bytes to encode r, -1 for a surrogate or out of range. */
export function runeLen(r: number): number {
  if (r < 0) return -1;
  if (r < 0x80) return 1;
  if (r < 0x800) return 2;
  if (r >= 0xd800 && r <= 0xdfff) return -1;
  if (r < 0x10000) return 3;
  return r <= 0x10ffff ? 4 : -1;
}

/** []rune(s) for a JS string: its code points (a lone surrogate stays as it is). */
export function runes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

/** utf8.EncodeRune: invalid runes encode as U+FFFD. */
export function encodeRune(r: number): number[] {
  if (r >= 0 && r < 0x80) return [r];
  if (!validRune(r)) r = RUNE_ERROR;
  if (r < 0x800) return [0xc0 | (r >> 6), 0x80 | (r & 0x3f)];
  if (r < 0x10000) return [0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f)];
  return [0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f)];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/**
 * A JS string as the bytes Go would hold after decoding it from JSON: UTF-8,
 * with lone surrogates replaced by U+FFFD (as encoding/json does).
 */
export function toBytes(s: string | Uint8Array): Uint8Array {
  return typeof s === "string" ? encoder.encode(s) : s;
}

/** Bytes to a JS string; invalid sequences become U+FFFD. */
export function bytesToString(b: Uint8Array): string {
  return decoder.decode(b);
}
