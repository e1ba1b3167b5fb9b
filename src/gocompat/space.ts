/**
 * Go's unicode.IsSpace and bytes.TrimSpace / strings.TrimSpace. Go's white
 * space differs from JavaScript's: it includes U+0085 (NEL) and excludes
 * U+FEFF (BOM), so String.prototype.trim cannot stand in for it. Trimming
 * works on UTF-8 bytes and stops at an invalid byte (it decodes as U+FFFD,
 * which is not space).
 */

import { decodeLastRune, decodeRune } from "./utf8.js";

/** unicode.IsSpace. */
export function goIsSpace(r: number): boolean {
  if (r >= 0 && r <= 0xff) {
    return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  }
  return r === 0x1680 || (r >= 0x2000 && r <= 0x200a) || r === 0x2028 || r === 0x2029 || r === 0x202f || r === 0x205f || r === 0x3000;
}

/** bytes.TrimSpace(b): a view of b without leading and trailing Go white space. */
export function goTrimSpaceBytes(b: Uint8Array): Uint8Array {
  let start = 0;
  while (start < b.length) {
    const d = decodeRune(b, start);
    if (!goIsSpace(d.rune)) break;
    start += d.size;
  }
  let end = b.length;
  while (end > start) {
    const d = decodeLastRune(b, start, end);
    if (!goIsSpace(d.rune)) break;
    end -= d.size;
  }
  return b.subarray(start, end);
}
