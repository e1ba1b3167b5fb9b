import { describe, expect, it } from "vitest";
import { goIsPrint, goQuote, quoteByteAsRune } from "../../src/gocompat/quote.js";

describe("goQuote (strconv.Quote)", () => {
  it.each([
    ["", '""'],
    ["hello", '"hello"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ["it's", '"it\'s"'],
    ["\x07\b\f\n\r\t\v", '"\\a\\b\\f\\n\\r\\t\\v"'],
    ["\x00", '"\\x00"'],
    ["\x1b[0m", '"\\x1b[0m"'],
    ["\x7f", '"\\x7f"'],
    ["\u0080\u009f", '"\\u0080\\u009f"'],
    ["a\u00a0b", '"a\\u00a0b"'],
    ["soft\u00adhyphen", '"soft\\u00adhyphen"'],
    ["\u200b\u2028\ufeff", '"\\u200b\\u2028\\ufeff"'],
    ["\u3000", '"\\u3000"'],
    ["caf\u00e9 \u00fcber", '"caf\u00e9 \u00fcber"'],
    ["e\u0301", '"e\u0301"'],
    ["\u20ac \u4e2d", '"\u20ac \u4e2d"'],
    ["\u{1F600}", '"\u{1F600}"'],
    ["\u{E0001}", '"\\U000e0001"'],
    ["\u{F0000}", '"\\U000f0000"'],
    ["\u{10FFFF}", '"\\U0010ffff"'],
    ["\ufffd", '"\ufffd"'],
  ])("%j -> %s", (input, want) => {
    expect(goQuote(input)).toBe(want);
  });

  it("encodes a lone surrogate as U+FFFD first, as JSON decoding does", () => {
    expect(goQuote("a\ud800b")).toBe('"a\ufffdb"');
  });

  it.each([
    [[0xff], '"\\xff"'],
    [[0x61, 0xc3], '"a\\xc3"'],
    [[0xc3, 0xa9], '"\u00e9"'],
    [[0xc0, 0x80], '"\\xc0\\x80"'],
    [[0xed, 0xa0, 0x80], '"\\xed\\xa0\\x80"'],
    [[0xe2, 0x82, 0xac], '"\u20ac"'],
    [[0xe2, 0x82], '"\\xe2\\x82"'],
    [[0xf4, 0x90, 0x80, 0x80], '"\\xf4\\x90\\x80\\x80"'],
    [[0xef, 0xbf, 0xbd], '"\ufffd"'],
    [[0x0a, 0xfe, 0x22], '"\\n\\xfe\\""'],
  ])("bytes %j -> %s", (bytes, want) => {
    expect(goQuote(Uint8Array.from(bytes))).toBe(want);
  });
});

describe("quoteByteAsRune (encoding/json quoteChar)", () => {
  it.each([
    [0x61, "'a'"],
    [0x20, "' '"],
    [0x27, "'\\''"],
    [0x22, "'\"'"],
    [0x5c, "'\\\\'"],
    [0x0a, "'\\n'"],
    [0x09, "'\\t'"],
    [0x00, "'\\x00'"],
    [0x1f, "'\\x1f'"],
    [0x7f, "'\\x7f'"],
    [0x80, "'\\u0080'"],
    [0xa0, "'\\u00a0'"],
    [0xad, "'\\u00ad'"],
    [0xe9, "'\u00e9'"],
    [0xef, "'\u00ef'"],
    [0xff, "'\u00ff'"],
  ])("byte %i -> %s", (b, want) => {
    expect(quoteByteAsRune(b)).toBe(want);
  });
});

describe("goIsPrint (unicode.IsPrint)", () => {
  it.each([
    [0x20, true],
    [0x41, true],
    [0x7e, true],
    [0x0a, false],
    [0x7f, false],
    [0x85, false],
    [0xa0, false],
    [0xad, false],
    [0xa1, true],
    [0x300, true],
    [0x3000, false],
    [0x2028, false],
    [0x200d, false],
    [0xe000, false],
    [0xd800, false],
    [0x1f600, true],
    [0x110000, false],
  ])("U+%s -> %s", (r, want) => {
    expect(goIsPrint(r)).toBe(want);
  });
});
