import { describe, expect, it } from "vitest";
import {
  bytesToString,
  decodeLastRune,
  decodeRune,
  encodeRune,
  fullRune,
  RUNE_ERROR,
  runeLen,
  runes,
  toBytes,
  validRune,
} from "../../src/gocompat/utf8.js";

const b = (...xs: number[]) => Uint8Array.from(xs);

describe("decodeRune (utf8.DecodeRune)", () => {
  it.each([
    [[], RUNE_ERROR, 0],
    [[0x41], 0x41, 1],
    [[0xc3, 0xa9], 0xe9, 2],
    [[0xe2, 0x82, 0xac], 0x20ac, 3],
    [[0xf0, 0x9f, 0x98, 0x80], 0x1f600, 4],
    [[0x80], RUNE_ERROR, 1],
    [[0xc1, 0xbf], RUNE_ERROR, 1],
    [[0xc3], RUNE_ERROR, 1],
    [[0xe0, 0x80, 0x80], RUNE_ERROR, 1],
    [[0xed, 0xa0, 0x80], RUNE_ERROR, 1],
    [[0xed, 0x9f, 0xbf], 0xd7ff, 3],
    [[0xf4, 0x8f, 0xbf, 0xbf], 0x10ffff, 4],
    [[0xf4, 0x90, 0x80, 0x80], RUNE_ERROR, 1],
    [[0xf5, 0x80, 0x80, 0x80], RUNE_ERROR, 1],
    [[0xe2, 0x82, 0x41], RUNE_ERROR, 1],
    [[0xef, 0xbf, 0xbd], RUNE_ERROR, 3],
  ])("%j -> rune %d size %d", (bytes, rune, size) => {
    expect(decodeRune(Uint8Array.from(bytes))).toEqual({ rune, size });
  });

  it("decodes within a range", () => {
    expect(decodeRune(b(0x61, 0xc3, 0xa9), 1)).toEqual({ rune: 0xe9, size: 2 });
    expect(decodeRune(b(0x61, 0xc3, 0xa9), 1, 2)).toEqual({ rune: RUNE_ERROR, size: 1 });
  });
});

describe("decodeLastRune (utf8.DecodeLastRune)", () => {
  it.each([
    [[], RUNE_ERROR, 0],
    [[0x61, 0x62], 0x62, 1],
    [[0x61, 0xc3, 0xa9], 0xe9, 2],
    [[0xe2, 0x82, 0xac], 0x20ac, 3],
    [[0x61, 0xa9], RUNE_ERROR, 1],
    [[0xe2, 0x82], RUNE_ERROR, 1],
    [[0x80, 0x80, 0x80, 0x80, 0x80], RUNE_ERROR, 1],
  ])("%j -> rune %d size %d", (bytes, rune, size) => {
    expect(decodeLastRune(Uint8Array.from(bytes))).toEqual({ rune, size });
  });
});

describe("fullRune (utf8.FullRune)", () => {
  it.each([
    [[], false],
    [[0x41], true],
    [[0xc3], false],
    [[0xc3, 0xa9], true],
    [[0xe2, 0x82], false],
    [[0xe2, 0x41], true],
    [[0xf0, 0x9f, 0x98], false],
    [[0xf0, 0x9f, 0x41], true],
    [[0xff], true],
    [[0x80], true],
  ])("%j -> %s", (bytes, want) => {
    expect(fullRune(Uint8Array.from(bytes))).toBe(want);
  });
});

describe("encodeRune / validRune", () => {
  it("encodes like utf8.EncodeRune", () => {
    expect(encodeRune(0x41)).toEqual([0x41]);
    expect(encodeRune(0xe9)).toEqual([0xc3, 0xa9]);
    expect(encodeRune(0x20ac)).toEqual([0xe2, 0x82, 0xac]);
    expect(encodeRune(0x1f600)).toEqual([0xf0, 0x9f, 0x98, 0x80]);
    expect(encodeRune(0xd800)).toEqual([0xef, 0xbf, 0xbd]);
    expect(encodeRune(0x110000)).toEqual([0xef, 0xbf, 0xbd]);
    expect(encodeRune(-1)).toEqual([0xef, 0xbf, 0xbd]);
  });

  it("rejects surrogates and out-of-range values", () => {
    expect(validRune(0)).toBe(true);
    expect(validRune(0xd7ff)).toBe(true);
    expect(validRune(0xd800)).toBe(false);
    expect(validRune(0xdfff)).toBe(false);
    expect(validRune(0x10ffff)).toBe(true);
    expect(validRune(0x110000)).toBe(false);
    expect(validRune(-1)).toBe(false);
  });
});

describe("toBytes / bytesToString", () => {
  it("round-trips through UTF-8", () => {
    expect(Array.from(toBytes("a\u00e9"))).toEqual([0x61, 0xc3, 0xa9]);
    expect(Array.from(toBytes("\ud800"))).toEqual([0xef, 0xbf, 0xbd]);
    expect(bytesToString(b(0x61, 0xc3, 0xa9))).toBe("a\u00e9");
    expect(bytesToString(b(0x61, 0xff))).toBe("a\ufffd");
    const same = b(1, 2);
    expect(toBytes(same)).toBe(same);
  });
});

describe("runeLen (utf8.RuneLen)", () => {
  it.each([
    [0x41, 1],
    [0x7f, 1],
    [0x80, 2],
    [0x7ff, 2],
    [0x800, 3],
    [0xffff, 3],
    [0x10000, 4],
    [0x10ffff, 4],
    [0xd800, -1],
    [0xdfff, -1],
    [0x110000, -1],
    [-1, -1],
  ])("runeLen(%i) = %i", (r, n) => {
    expect(runeLen(r)).toBe(n);
  });
});

describe("runes ([]rune(s))", () => {
  it("gives one code point per character, astral ones whole", () => {
    expect(runes("aé€😀")).toEqual([0x61, 0xe9, 0x20ac, 0x1f600]);
    expect(runes("")).toEqual([]);
  });
});
