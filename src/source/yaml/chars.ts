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

/** Letters, digits, `_` and `-`: what anchors, directive names and tag handles are made of. */
export function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d;
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

/** Characters a tag may contain besides word characters (`%` starts an escape). */
const URI_EXTRA = ";/?:@&=+$,.!~*'()[]%";
export function isUriChar(c: number): boolean {
  return isWordChar(c) || (c < 0x80 && URI_EXTRA.indexOf(String.fromCharCode(c)) >= 0);
}

/** The second half of a surrogate pair, which does not start a character of its own. */
export function isLowSurrogate(c: number): boolean {
  return (c & 0xfc00) === 0xdc00;
}

/**
 * Whether a character may appear in a YAML stream at all: tab, line feed,
 * carriage return, printable ASCII, NEL, and the printable rest of Unicode.
 * Surrogates are let through here (a JavaScript string holds astral
 * characters as pairs).
 */
export function isAllowed(c: number): boolean {
  if (c < 0x7f) return c >= 0x20 || c === TAB || c === LF || c === CR;
  if (c < 0xa0) return c === NEL;
  return c <= 0xfffd;
}
