/**
 * vincent-petithory/dataurl's rfc2396.go Unescape: %XX decoding of ASCII
 * text, with the library's error strings. Its "invalid char" error always
 * formats the '%' rune (0x25), not the offending character. Input is read
 * with strings.Reader.ReadRune, so a multi-byte character is an error while
 * an invalid byte reads as U+FFFD of width 1 and is written as byte(0xFFFD).
 */

import { decodeRune } from "./utf8.js";

export type Decoded = { ok: true; value: Uint8Array } | { ok: false; error: string };

/** The library's rfc2396 Unescape. */
export function rfc2396Unescape(s: Uint8Array): Decoded {
  const out: number[] = [];
  const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
  const unhex = (c: number) => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10);
  const badChar = { ok: false as const, error: "rfc2396: invalid char 0x25 in unescape sequence" };
  const truncated = { ok: false as const, error: "rfc2396: unexpected end of unescape sequence" };
  for (let i = 0; i < s.length; ) {
    const d = decodeRune(s, i);
    // strings.Reader.ReadRune gives size 1 for an invalid byte (as U+FFFD).
    if (d.size > 1) return { ok: false, error: "rfc2396: non-ASCII char detected" };
    i += 1;
    if (d.rune !== 0x25) {
      out.push(d.rune & 0xff);
      continue;
    }
    if (i >= s.length) return truncated;
    const hi = s[i++]!;
    if (!isHex(hi)) return badChar;
    if (i >= s.length) return truncated;
    const lo = s[i++]!;
    if (!isHex(lo)) return badChar;
    out.push(unhex(hi) * 16 + unhex(lo));
  }
  return { ok: true, value: Uint8Array.from(out) };
}
