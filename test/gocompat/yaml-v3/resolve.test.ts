// yaml.v3's resolver (resolve.go) on untagged plain scalars, worked out from
// its rules: a first character that starts no hint is a string; the fixed
// table (bools, nulls, .inf, .nan); then, for a sign or digit, a timestamp,
// ParseInt/ParseUint(s, 0) with underscores dropped, a decimal float that
// ParseFloat accepts, and the 0b/0o spellings ParseInt reads after the prefix.
import { describe, expect, it } from "vitest";
import { resolvePlain } from "../../../src/gocompat/yaml-v3/resolve.js";

describe('resolvePlain (resolve.go\'s resolve("", text))', () => {
  it.each([
    ["", { tag: "!!null" }],
    ["~", { tag: "!!null" }],
    ["Null", { tag: "!!null" }],
    ["true", { tag: "!!bool", value: true }],
    ["FALSE", { tag: "!!bool", value: false }],
    ["0644", { tag: "!!int", value: 420 }],
    ["0o644", { tag: "!!int", value: 420 }],
    ["0x1_ED", { tag: "!!int", value: 493 }],
    ["-0b101", { tag: "!!int", value: -5 }],
    ["0b-1", { tag: "!!int", value: -1 }], // ParseInt("-1", 2) after the 0b prefix
    ["0o-7", { tag: "!!int", value: -7 }],
    ["1_000", { tag: "!!int", value: 1000 }],
    ["1__0", { tag: "!!int", value: 10 }], // every underscore is dropped first
    ["18446744073709551615", { tag: "!!int", value: 18446744073709551615n }], // ParseUint
    ["18446744073709551616", { tag: "!!float", value: 2 ** 64 }], // beyond uint64: ParseFloat gives exactly 2^64
    ["1_000.5", { tag: "!!float", value: 1000.5 }],
    [".5_5", { tag: "!!float", value: 0.55 }],
    ["08", { tag: "!!float", value: 8 }], // not octal, but a decimal float
    ["-.inf", { tag: "!!float", value: -Infinity }],
    ["2001-12-14", { tag: "!!timestamp" }],
    ["2001-12-14T21:59:43.10Z", { tag: "!!timestamp" }],
    ["2001-12-14 21:59:43.10", { tag: "!!timestamp" }],
  ] as const)("%j resolves as expected", (text, resolved) => {
    expect(resolvePlain(text)).toEqual(resolved);
  });

  it("reads .nan as NaN", () => {
    expect(resolvePlain(".NaN")).toEqual({ tag: "!!float", value: NaN });
  });

  it.each(["yes", "off", "y", "<<", "1e400", "0x", "2001-02-30", "1:20", "+", "-", ".", "._5", "0b", "0b2", "hello", "True1", "12:30:00"])(
    "%j is a string",
    (text) => {
      expect(resolvePlain(text)).toEqual({ tag: "!!str" });
    },
  );
});
