import { describe, expect, it } from "vitest";
import { Item, lexDataURL } from "../../src/gocompat/dataurllex.js";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** Items as [name, text] pairs, errors as ["Error", message]. */
function items(s: string): [string, string][] {
  return lexDataURL(enc(s)).map((it) => [Item[it.t], it.t === Item.Error ? (it.msg ?? "") : dec(it.val)]);
}

describe("lexDataURL (dataurl lex.go)", () => {
  it("lexes a full data URL", () => {
    expect(items('data:text/plain;charset="a\\"b";base64,aGk=')).toEqual([
      ["DataPrefix", "data:"],
      ["MediaType", "text"],
      ["MediaSep", "/"],
      ["MediaSubType", "plain"],
      ["ParamSemicolon", ";"],
      ["ParamAttr", "charset"],
      ["ParamEqual", "="],
      ["LeftStringQuote", '"'],
      ["ParamVal", 'a\\"b'],
      ["RightStringQuote", '"'],
      ["ParamSemicolon", ";"],
      ["Base64Enc", "base64"],
      ["DataComma", ","],
      ["Data", "aGk="],
      ["EOF", ""],
    ]);
  });

  it("emits no media type, subtype, value or data items when they are empty", () => {
    expect(items("data:,")).toEqual([
      ["DataPrefix", "data:"],
      ["DataComma", ","],
      ["EOF", ""],
    ]);
    expect(items('data:text/;a="",')).toEqual([
      ["DataPrefix", "data:"],
      ["MediaType", "text"],
      ["MediaSep", "/"],
      ["ParamSemicolon", ";"],
      ["ParamAttr", "a"],
      ["ParamEqual", "="],
      ["LeftStringQuote", '"'],
      ["RightStringQuote", '"'],
      ["DataComma", ","],
      ["EOF", ""],
    ]);
  });

  it("keeps the items before an error, then stops", () => {
    expect(items("data:;a=b%zz;c")).toEqual([
      ["DataPrefix", "data:"],
      ["ParamSemicolon", ";"],
      ["ParamAttr", "a"],
      ["ParamEqual", "="],
      ["ParamVal", "b%zz"],
      ["ParamSemicolon", ";"],
      ["Error", "unterminated parameter sequence"],
    ]);
    expect(items("nope")).toEqual([["Error", "missing data prefix"]]);
  });

  it("takes an x- token media type whole", () => {
    expect(items("data:x-foo/bar,b").slice(1, 4)).toEqual([
      ["MediaType", "x-foo"],
      ["MediaSep", "/"],
      ["MediaSubType", "bar"],
    ]);
  });

  it("accepts '\\n' only in base64 data", () => {
    expect(items("data:;base64,aG\nk=").at(-2)).toEqual(["Data", "aG\nk="]);
    expect(items("data:,a\nb").at(-1)).toEqual(["Error", "invalid data character"]);
  });
});
