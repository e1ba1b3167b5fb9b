/**
 * Character classes of the YAML scanner, on UTF-16 code units as
 * `charCodeAt` returns them. Code 0 stands for the end of the input (the
 * input is followed by NULs; a NUL inside the input is refused earlier, as a
 * control character).
 */

export const NUL = 0;
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const NEL = 0x85;
export const LS = 0x2028;
export const PS = 0x2029;
export const BOM = 0xfeff;

/** A space or a tab. */
export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** A line break: LF, CR (CR LF counts once), NEL, LS or PS. */
export function isBreak(c: number): boolean {
  return c < 0x80 ? c === LF || c === CR : c === NEL || c === LS || c === PS;
}

/** A line break or the end of the input. */
export function isBreakOrEnd(c: number): boolean {
  return c === NUL || isBreak(c);
}

/** A blank, a line break or the end of the input. */
export function isSpaceOrEnd(c: number): boolean {
  return c === SPACE || c === TAB || c === NUL || isBreak(c);
}

/** ASCII character classes, as bit flags. */
const WORD = 1;
const URI = 2;
const INDICATOR = 4;
const AFTER_ANCHOR = 8;
const ASCII = new Uint8Array(128);
const mark = (chars: string, flag: number) => {
  for (let i = 0; i < chars.length; i++) ASCII[chars.charCodeAt(i)] |= flag;
};
mark("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-", WORD | URI);
mark(";/?:@&=+$,.!~*'()[]%", URI); // `%` starts an escape
mark("-?:,[]{}#&*!|>'\"%@`", INDICATOR);
mark("?:,]}%@`", AFTER_ANCHOR);

/** Letters, digits, `_` and `-`: what anchors, directive names and tag handles are made of. */
export function isWordChar(c: number): boolean {
  return c < 0x80 && (ASCII[c] & WORD) !== 0;
}

/** Characters a tag may contain. */
export function isUriChar(c: number): boolean {
  return c < 0x80 && (ASCII[c] & URI) !== 0;
}

/** Indicators, which cannot start a plain scalar (`-`, `?` and `:` can when a non-blank follows). */
export function isIndicator(c: number): boolean {
  return c < 0x80 && (ASCII[c] & INDICATOR) !== 0;
}

/** Characters that may directly follow an anchor or alias name (besides blanks and breaks). */
export function mayFollowAnchor(c: number): boolean {
  return c < 0x80 && (ASCII[c] & AFTER_ANCHOR) !== 0;
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The value of a hexadecimal digit, or -1. */
export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** The second half of a surrogate pair, which does not start a character of its own. */
export function isLowSurrogate(c: number): boolean {
  return (c & 0xfc00) === 0xdc00;
}
