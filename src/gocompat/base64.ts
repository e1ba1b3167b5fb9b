/**
 * Go's base64.StdEncoding.DecodeString: standard alphabet, '=' padding
 * required, '\r' and '\n' skipped anywhere, non-zero trailing bits accepted,
 * and errors reported as "illegal base64 data at input byte N" with Go's N
 * (the offset decodeQuantum computes, which is not always the offending byte).
 */

import { toBytes } from "./utf8.js";

export type Base64Result = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

const PAD = 0x3d; // '='

function isNewline(c: number): boolean {
  return c === 0x0a || c === 0x0d;
}

function corrupt(at: number): Base64Result {
  return { ok: false, error: `illegal base64 data at input byte ${at}` };
}

/**
 * base64.StdEncoding.DecodeString. A JS string is taken as its UTF-8 bytes,
 * so a non-ASCII character fails at the offset of its first byte.
 */
export function decodeStdBase64(input: string | Uint8Array): Base64Result {
  const src = toBytes(input);
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    // One quantum of up to four symbols (decodeQuantum).
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailingError = -1;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return { ok: true, bytes: Uint8Array.from(out) };
        // A short final quantum without padding: Go reports si - j.
        return corrupt(si - j);
      }
      const c = src[si]!;
      si++;
      const v = DECODE[c]!;
      if (v >= 0) {
        dbuf[j] = v;
        continue;
      }
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== PAD) return corrupt(si - 1);
      // Padding: only valid as the third or fourth symbol.
      if (j === 0 || j === 1) return corrupt(si - 1);
      if (j === 2) {
        // "==" expected: skip newlines, then require a second '='.
        while (si < src.length && isNewline(src[si]!)) si++;
        if (si === src.length) return corrupt(src.length);
        if (src[si] !== PAD) return corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si]!)) si++;
      if (si < src.length) trailingError = si;
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    for (let k = 0; k < dlen - 1; k++) out.push(bytes[k]!);
    if (trailingError >= 0) return corrupt(trailingError);
  }
  return { ok: true, bytes: Uint8Array.from(out) };
}
