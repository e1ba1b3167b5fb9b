import { describe, expect, it } from "vitest";
import { goUnquote } from "../../src/gocompat/unquote.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("goUnquote (strconv.Unquote) accepts", () => {
  it.each([
    ['""', ""],
    ['"a"', "a"],
    ['"\\a\\b\\f\\n\\r\\t\\v\\\\\\""', '\x07\b\f\n\r\t\v\\"'],
    ['"\\x41\\u00e9\\U0001F600\\101"', "A\u00e9\u{1F600}A"],
    ['"\\000"', "\x00"],
    ['"tab\there"', "tab\there"],
    ['"caf\u00e9"', "caf\u00e9"],
    ["'a'", "a"],
    ["'\\''", "'"],
    ["'\u00e9'", "\u00e9"],
    ["''", ""],
    ["`a\\nb`", "a\\nb"],
    ["`a\rb`", "ab"],
  ])("%j -> %j", (lit, want) => {
    expect(goUnquote(lit)).toEqual({ ok: true, value: utf8(want) });
  });

  it("keeps \\x and octal escapes as raw bytes", () => {
    expect(goUnquote('"\\xff\\377"')).toEqual({ ok: true, value: Uint8Array.of(0xff, 0xff) });
  });

  it("turns a raw invalid byte into U+FFFD", () => {
    expect(goUnquote(Uint8Array.of(0x22, 0xff, 0x22))).toEqual({
      ok: true,
      value: Uint8Array.of(0xef, 0xbf, 0xbd),
    });
  });
});

describe("goUnquote rejects with invalid syntax", () => {
  it.each([
    "",
    '"',
    "a",
    '"a',
    'a"',
    '"\\400"',
    '"\\0"',
    '"\\q"',
    '"\\x4"',
    '"\\xg0"',
    '"\\ud800"',
    '"\\U00110000"',
    '"\\\'"',
    "'\\\"'",
    '"a"b"',
    '"a\nb"',
    "'ab'",
    "`a`b`",
    '"a\\"',
  ])("%j", (lit) => {
    expect(goUnquote(lit)).toEqual({ ok: false, error: "invalid syntax" });
  });
});
