/**
 * Go's strconv.Quote (what fmt's %q prints for a string or []byte), and the
 * single-quoted byte form encoding/json uses in "invalid character 'x' ..."
 * messages.
 *
 * Input is taken as UTF-8 bytes: a JS string is encoded first, a Uint8Array is
 * used as is, so invalid UTF-8 bytes come out as \xNN like in Go.
 */

import { decodeRune, RUNE_ERROR, toBytes, validRune } from "./utf8.js";

/** Built on first use: a Unicode property class is costly to create at start-up. */
let graphic: RegExp | undefined;

/**
 * unicode.IsPrint / strconv.IsPrint: letters, marks, numbers, punctuation,
 * symbols and the ASCII space (U+0020 only; other spaces are not printable).
 */
export function goIsPrint(r: number): boolean {
  if (r === 0x20) return true;
  if (r < 0x20 || (r >= 0x7f && r < 0xa0)) return false;
  if (!validRune(r)) return false;
  graphic ??= /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
  return graphic.test(String.fromCodePoint(r));
}

function hex(v: number, width: number): string {
  return v.toString(16).padStart(width, "0");
}

/** strconv's appendEscapedRune for a decoded rune (ASCIIonly = graphicOnly = false). */
function escapeRune(r: number, quote: number): string {
  if (r === quote || r === 0x5c) return "\\" + String.fromCharCode(r);
  if (goIsPrint(r)) return String.fromCodePoint(r);
  switch (r) {
    case 0x07:
      return "\\a";
    case 0x08:
      return "\\b";
    case 0x0c:
      return "\\f";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    case 0x0b:
      return "\\v";
  }
  if (r < 0x20 || r === 0x7f) return "\\x" + hex(r, 2);
  if (!validRune(r)) r = RUNE_ERROR;
  if (r < 0x10000) return "\\u" + hex(r, 4);
  return "\\U" + hex(r, 8);
}

function quoteWith(bytes: Uint8Array, quote: number): string {
  let out = String.fromCharCode(quote);
  for (let i = 0; i < bytes.length; ) {
    const { rune, size } = decodeRune(bytes, i);
    if (size === 1 && rune === RUNE_ERROR) {
      out += "\\x" + hex(bytes[i]!, 2);
    } else {
      out += escapeRune(rune, quote);
    }
    i += size;
  }
  return out + String.fromCharCode(quote);
}

/** strconv.Quote(s) / fmt.Sprintf("%q", s). */
export function goQuote(s: string | Uint8Array): string {
  return quoteWith(toBytes(s), 0x22);
}

/**
 * encoding/json's quoteChar: the byte is taken as the rune U+00XX, quoted
 * like strconv.Quote but between single quotes; `'` gives '\'' and `"` gives
 * '"'.
 */
export function quoteByteAsRune(b: number): string {
  if (b === 0x27) return "'\\''";
  if (b === 0x22) return "'\"'";
  const q = goQuote(String.fromCharCode(b & 0xff));
  return "'" + q.slice(1, -1) + "'";
}
