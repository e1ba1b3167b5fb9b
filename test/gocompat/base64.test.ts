import { describe, expect, it } from "vitest";
import { decodeStdBase64 } from "../../src/gocompat/base64.js";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe("decodeStdBase64 (base64.StdEncoding.DecodeString) accepts", () => {
  it.each([
    ["", ""],
    ["aGk=", "hi"],
    ["aGVsbG8=", "hello"],
    ["aGVsbG8gd29ybGQ=", "hello world"],
    ["YQ==", "a"],
    ["YWI=", "ab"],
    ["YWJj", "abc"],
    ["ab==", "i"],
    // non-zero trailing bits are ignored (StdEncoding is not Strict)
    ["aGl=", "hi"],
    // '\r' and '\n' are skipped wherever they appear
    ["\r\n", ""],
    ["aGVs\nbG8=", "hello"],
    ["a\nGk=", "hi"],
    ["aG\rk=", "hi"],
    ["ab\n==", "i"],
    ["ab=\n=", "i"],
    ["ab==\n", "i"],
    ["aGk=\r\n\r\n", "hi"],
  ])("%j -> %j", (input, want) => {
    expect(decodeStdBase64(input)).toEqual({ ok: true, bytes: ascii(want) });
  });

  it("returns raw bytes", () => {
    expect(decodeStdBase64("AAH/")).toEqual({ ok: true, bytes: Uint8Array.of(0x00, 0x01, 0xff) });
    expect(decodeStdBase64(ascii("+/+/"))).toEqual({ ok: true, bytes: Uint8Array.of(0xfb, 0xff, 0xbf) });
  });
});

describe("decodeStdBase64 rejects with Go's offset", () => {
  it.each([
    // missing padding: offset of the start of the short quantum
    ["aGVsbG8", 4],
    ["aGk", 0],
    ["a", 0],
    ["YQ", 0],
    ["aGVsbG8gd29ybGQ", 12],
    // a lone '=' where "==" was needed: offset is the input length
    ["YQ=", 3],
    ["ab=", 3],
    // padding too early
    ["=", 0],
    ["====", 0],
    ["a===", 1],
    // "=" then not "=": offset of the first '='
    ["ab=c", 2],
    // data after the padding: offset of the first byte after it
    ["abc=d", 4],
    ["ab==x", 4],
    ["ab== ", 4],
    ["aGk=aGk=", 4],
    ["aGk==", 4],
    // characters outside the alphabet
    ["aGk@", 3],
    ["aGVs bG8=", 4],
    ["aGVsbG8-", 7],
    ["aGVsbG8_", 7],
    ["\u00e9", 0],
    ["aG\u00e9k", 2],
  ])("%j at input byte %d", (input, at) => {
    expect(decodeStdBase64(input)).toEqual({
      ok: false,
      error: `illegal base64 data at input byte ${at}`,
    });
  });
});
