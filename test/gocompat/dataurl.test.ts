import { describe, expect, it } from "vitest";
import { decodeDataURL } from "../../src/gocompat/dataurl.js";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function ok(mediaType: string, params: Record<string, string>, base64: boolean, data: Uint8Array) {
  const [type, subtype] = mediaType.split("/");
  return { ok: true, mediaType, type, subtype, params: new Map(Object.entries(params)), base64, data };
}

describe("decodeDataURL accepts", () => {
  it.each([
    ["data:,", ok("text/plain", { charset: "US-ASCII" }, false, ascii(""))],
    ["data:,Hello%2C%20World!", ok("text/plain", { charset: "US-ASCII" }, false, ascii("Hello, World!"))],
    ["data:,A%20B+C", ok("text/plain", { charset: "US-ASCII" }, false, ascii("A B+C"))],
    ["data:;base64,", ok("text/plain", { charset: "US-ASCII" }, true, ascii(""))],
    ["data:;base64,aGk=\n", ok("text/plain", { charset: "US-ASCII" }, true, ascii("hi"))],
    ["data:text/plain;charset=utf-8;base64,aGk=", ok("text/plain", { charset: "utf-8" }, true, ascii("hi"))],
    ["data:application/octet-stream,%00%01", ok("application/octet-stream", {}, false, Uint8Array.of(0, 1))],
    ["data:image/png;base64,iVBORw0KGgo=", ok("image/png", {}, true, Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))],
    ["data:message/rfc822,x", ok("message/rfc822", {}, false, ascii("x"))],
    ["data:multipart/mixed,y", ok("multipart/mixed", {}, false, ascii("y"))],
    // media types are checked by prefix only
    ["data:textual/x,y", ok("textual/x", {}, false, ascii("y"))],
    ["data:x-foo/bar,b", ok("x-foo/bar", {}, false, ascii("b"))],
    // an empty subtype leaves the default "plain" in place
    ["data:text/,x", ok("text/plain", {}, false, ascii("x"))],
    ["data:;charset=x,%41", ok("text/plain", { charset: "x" }, false, ascii("A"))],
    ["data:text/plain;charset=a%20b,x", ok("text/plain", { charset: "a b" }, false, ascii("x"))],
    ["data:text/plain;a=b;a=c,x", ok("text/plain", { a: "c" }, false, ascii("x"))],
    ['data:text/plain;charset="utf-8",hi', ok("text/plain", { charset: "utf-8" }, false, ascii("hi"))],
    ['data:;a="x\\"y",d', ok("text/plain", { charset: "US-ASCII", a: 'x"y' }, false, ascii("d"))],
    ['data:text/plain;a="\\x41\\u00e9",x', ok("text/plain", { a: "A\u00e9" }, false, ascii("x"))],
    // an empty quoted value sets nothing and the next value is unquoted instead of unescaped
    ['data:text/plain;a="";b=%zz,', ok("text/plain", { b: "%zz" }, false, ascii(""))],
  ])("%j", (input, want) => {
    expect(decodeDataURL(input)).toEqual(want);
  });
});

describe("decodeDataURL rejects with the library's errors", () => {
  it.each([
    ["http://x", "missing data prefix"],
    ["DATA:,x", "missing data prefix"],
    [" data:,x", "missing data prefix"],
    ["data:", "missing comma before data"],
    ["data:@", "invalid character after data prefix"],
    ["data:plain", "missing media type slash"],
    ["data:x", "missing media type slash"],
    ["data:X-", "missing media type slash"],
    ["data:textplain,abc", "invalid character for media type"],
    // the character after "x" is swallowed unchecked, so "/" does not end the type
    ["data:x/plain,a", "invalid character for media type"],
    ["data:xx/a,b", "invalid media type"],
    ["data:foo/bar,x", "invalid media type"],
    ["data:text/plain", "incomplete media type"],
    ["data:text/pl ain,x", "invalid character for media subtype"],
    ["data:text/plain;", "unterminated parameter sequence"],
    ["data:;=x,", "unterminated parameter sequence"],
    ["data:;,", "unterminated parameter sequence"],
    ["data:;a", "unterminated parameter sequence"],
    ["data:;a b=c,", "invalid character for parameter attribute"],
    ["data:;@", "invalid character for parameter attribute"],
    ["data:;base64;a=b,x", "invalid character for parameter attribute"],
    ["data:text/plain;foo,bar", "expected base64, got foo"],
    ["data:;a=", "missing comma before data"],
    ["data:;a=b", "missing comma before data"],
    ["data:;a=@,", "invalid character for parameter value"],
    ["data:;a=b c,", "invalid character for parameter value"],
    ['data:;a="\u00e9",', "invalid character for parameter value"],
    ['data:;a="x', "unclosed quoted string"],
    ['data:;a="x\\', "unclosed quoted string"],
    ['data:;a="x\\\u00e9",', "invalid escaped character"],
    ['data:;a="b"c,', "expected semicolon or comma"],
    ["data:text/plain;base64,@@@@", "invalid data character"],
    ["data:text/plain,a b", "invalid data character"],
    ["data:,a#b", "invalid data character"],
    ["data:,\u00e9", "invalid data character"],
    ["data:;base64,aG k=", "invalid data character"],
    ["data:,50%zz", "rfc2396: invalid char 0x25 in unescape sequence"],
    ["data:,%4", "rfc2396: unexpected end of unescape sequence"],
    ["data:,%", "rfc2396: unexpected end of unescape sequence"],
    ["data:;a=b%4,", "rfc2396: unexpected end of unescape sequence"],
    // the parser meets the bad escape before the lexer's later error
    ['data:;a=b%zz;c="unclosed', "rfc2396: invalid char 0x25 in unescape sequence"],
    ['data:;a="x\\qy",', "invalid syntax"],
    ['data:;a="x\ny",', "invalid syntax"],
    ["data:;base64,aGVsbG8", "illegal base64 data at input byte 4"],
    ["data:;base64,aGk=\naGk=", "illegal base64 data at input byte 5"],
  ])("%j -> %j", (input, error) => {
    expect(decodeDataURL(input)).toEqual({ ok: false, error });
  });

  it("rejects invalid UTF-8 in the data", () => {
    expect(decodeDataURL(Uint8Array.of(...ascii("data:,"), 0xff))).toEqual({
      ok: false,
      error: "invalid data character",
    });
  });
});
