/**
 * Decodes the body of a JSON string literal the way Go's encoding/json does:
 * escapes resolved, a lone or mismatched UTF-16 surrogate becomes U+FFFD, and
 * every byte of an invalid UTF-8 sequence becomes its own U+FFFD (Go decodes
 * rune by rune, so a truncated three-byte sequence yields two replacements).
 */
import { isUtf8 } from "node:buffer";

const REPLACEMENT = "\uFFFD";
const latin1 = new TextDecoder("latin1");
// ignoreBOM: a U+FEFF is a character of the string, as in Go, never a mark to drop.
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** `from`/`to` delimit the bytes between the quotes; the literal is already known to be well formed. */
export function decodeJsonString(b: Uint8Array, from: number, to: number, escaped: boolean, ascii: boolean): string {
  if (!escaped) {
    const body = b.subarray(from, to);
    if (ascii) return latin1.decode(body);
    if (isUtf8(body)) return utf8.decode(body);
    return decodeGoUtf8(body);
  }
  let out = "";
  let i = from;
  while (i < to) {
    const c = b[i];
    if (c !== 0x5c) {
      let j = i;
      while (j < to && b[j] !== 0x5c) j++;
      const chunk = b.subarray(i, j);
      out += isUtf8(chunk) ? utf8.decode(chunk) : decodeGoUtf8(chunk);
      i = j;
      continue;
    }
    const e = b[i + 1];
    i += 2;
    switch (e) {
      case 0x62:
        out += "\b";
        break;
      case 0x66:
        out += "\f";
        break;
      case 0x6e:
        out += "\n";
        break;
      case 0x72:
        out += "\r";
        break;
      case 0x74:
        out += "\t";
        break;
      case 0x75: {
        const unit = hex4(b, i);
        i += 4;
        if (unit >= 0xd800 && unit < 0xdc00) {
          // A high surrogate only counts when a \u low surrogate follows.
          if (b[i] === 0x5c && b[i + 1] === 0x75) {
            const low = hex4(b, i + 2);
            if (low >= 0xdc00 && low < 0xe000) {
              out += String.fromCharCode(unit, low);
              i += 6;
              break;
            }
          }
          out += REPLACEMENT;
        } else if (unit >= 0xdc00 && unit < 0xe000) {
          out += REPLACEMENT;
        } else {
          out += String.fromCharCode(unit);
        }
        break;
      }
      default:
        out += String.fromCharCode(e); // " \ /
    }
  }
  return out;
}

function hex4(b: Uint8Array, i: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = b[i + k];
    v = v * 16 + (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);
  }
  return v;
}

/** UTF-8 decoding with Go's per-byte replacement of invalid sequences. */
export function decodeGoUtf8(b: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    const size = validRuneLength(b, i);
    if (size === 0) {
      out += REPLACEMENT;
      i++;
    } else {
      out += utf8.decode(b.subarray(i, i + size));
      i += size;
    }
  }
  return out;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 (Go's utf8.DecodeRune rules). */
function validRuneLength(b: Uint8Array, i: number): number {
  const c = b[i];
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
