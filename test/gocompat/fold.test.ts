import { describe, expect, it } from "vitest";
import { equalFold, runesEqualFold } from "../../src/gocompat/fold.js";

describe("equalFold (strings.EqualFold)", () => {
  it.each([
    ["", "", true],
    ["a", "", false],
    ["Files", "fILES", true],
    ["files", "file", false],
    ["systemd", "SystemD", true],
    ["a-b", "A-B", true],
    ["a-b", "A_B", false],
    ["@", "`", false],
    ["[", "{", false],
    ["123", "123", true],
    // U+017F LATIN SMALL LETTER LONG S folds with s and S
    ["\u017f", "s", true],
    ["\u017f", "S", true],
    ["files", "file\u017f", true],
    ["FILE\u017f", "files", true],
    // U+212A KELVIN SIGN folds with k and K
    ["\u212a", "k", true],
    ["\u212a", "K", true],
    ["linK", "lin\u212a", true],
    // U+212B ANGSTROM SIGN, U+00C5 and U+00E5 share an orbit
    ["\u212b", "\u00e5", true],
    ["\u00c5", "\u212b", true],
    // dotted and dotless i fold with nothing else
    ["\u0130", "i", false],
    ["\u0130", "I", false],
    ["\u0131", "I", false],
    ["\u0131", "i", false],
    // simple folding only: no ß -> ss expansion, but ß ~ ẞ
    ["stra\u00dfe", "STRASSE", false],
    ["\u00df", "\u1e9e", true],
    // three-member orbits
    ["\u03a3", "\u03c3", true],
    ["\u03c3", "\u03c2", true],
    ["\u03a3", "\u03c2", true],
    ["\u00b5", "\u03bc", true],
    ["\u00b5", "\u039c", true],
    ["\u03d0", "\u03b2", true],
    ["\u03d0", "\u0392", true],
    // title-case digraph
    ["\u01c5", "\u01c6", true],
    ["\u01c4", "\u01c5", true],
    ["\u0414\u041e\u041c", "\u0434\u043e\u043c", true],
    ["\u{10400}", "\u{10428}", true],
    ["\u00e9", "\u00c9", true],
    ["\u00e9", "e", false],
  ])("%j vs %j -> %s", (a, b, want) => {
    expect(equalFold(a, b)).toBe(want);
    expect(equalFold(b, a)).toBe(want);
  });

  it("decodes bytes like Go: every invalid byte is U+FFFD", () => {
    expect(equalFold(Uint8Array.of(0xff), Uint8Array.of(0xfe))).toBe(true);
    expect(equalFold(Uint8Array.of(0xff), "\ufffd")).toBe(true);
    expect(equalFold(Uint8Array.of(0x61, 0xc3), "A\ufffd")).toBe(true);
    expect(equalFold(Uint8Array.of(0xe2, 0x82), "\ufffd")).toBe(false);
    expect(equalFold(Uint8Array.of(0xe2, 0x82), "\ufffd\ufffd")).toBe(true);
    expect(equalFold("a", Uint8Array.of(0x61, 0x80))).toBe(false);
  });
});

describe("runesEqualFold", () => {
  it.each([
    [0x61, 0x41, true],
    [0x41, 0x61, true],
    [0x7a, 0x5a, true],
    [0x40, 0x60, false],
    [0x5b, 0x7b, false],
    [0x73, 0x17f, true],
    [0x4b, 0x212a, true],
    [0x69, 0x130, false],
    [0xfffd, 0xfffd, true],
  ])("U+%s ~ U+%s -> %s", (a, b, want) => {
    expect(runesEqualFold(a, b)).toBe(want);
  });
});
