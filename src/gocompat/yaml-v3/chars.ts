// yaml.v3's character classes (yamlprivateh.go), on code points.

export function isBreak(cp: number): boolean {
  return cp === 0x0d || cp === 0x0a || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}

export function isBlank(cp: number): boolean {
  return cp === 0x20 || cp === 0x09;
}

export function isBlankOrBreakOrNul(cp: number): boolean {
  return isBlank(cp) || isBreak(cp) || cp === 0;
}

/**
 * yaml.v3's notion of a character it may print unescaped: LF, printable
 * ASCII, U+00A0..U+D7FF and U+E000..U+FFFD minus the BOM. Notably tab, CR,
 * DEL, C1 controls (including NEL) and everything outside the BMP are not
 * printable.
 */
export function isPrintable(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

export function isDigitChar(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}
