import { describe, expect, it } from "vitest";
import { rfc2396Unescape } from "../../src/gocompat/rfc2396.js";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe("rfc2396Unescape", () => {
  it("decodes %XX and passes other ASCII through", () => {
    expect(rfc2396Unescape(ascii("a%41+%7e"))).toEqual({ ok: true, value: ascii("aA+~") });
  });

  it("reports the library's errors", () => {
    expect(rfc2396Unescape(ascii("%g0"))).toEqual({
      ok: false,
      error: "rfc2396: invalid char 0x25 in unescape sequence",
    });
    expect(rfc2396Unescape(ascii("%0g"))).toEqual({
      ok: false,
      error: "rfc2396: invalid char 0x25 in unescape sequence",
    });
    expect(rfc2396Unescape(ascii("%0"))).toEqual({
      ok: false,
      error: "rfc2396: unexpected end of unescape sequence",
    });
    expect(rfc2396Unescape(Uint8Array.of(0xc3, 0xa9))).toEqual({
      ok: false,
      error: "rfc2396: non-ASCII char detected",
    });
  });

  it("writes an invalid byte as the low byte of U+FFFD, like byte(rune)", () => {
    expect(rfc2396Unescape(Uint8Array.of(0x61, 0xff))).toEqual({ ok: true, value: Uint8Array.of(0x61, 0xfd) });
  });
});
