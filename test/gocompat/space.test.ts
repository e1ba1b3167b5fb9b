import { describe, expect, it } from "vitest";
import { goIsSpace, goTrimSpaceBytes } from "../../src/gocompat/space.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("goIsSpace (unicode.IsSpace)", () => {
  it.each([
    [0x20, true],
    [0x09, true],
    [0x0a, true],
    [0x0b, true],
    [0x0c, true],
    [0x0d, true],
    [0x85, true],
    [0xa0, true],
    [0x1680, true],
    [0x2000, true],
    [0x200a, true],
    [0x2028, true],
    [0x2029, true],
    [0x202f, true],
    [0x205f, true],
    [0x3000, true],
    [0x1c, false],
    [0x41, false],
    [0x180e, false],
    [0x200b, false],
    [0xfeff, false],
    [-1, false],
  ])("U+%s -> %s", (r, want) => {
    expect(goIsSpace(r)).toBe(want);
  });
});

describe("goTrimSpaceBytes (bytes.TrimSpace)", () => {
  it.each([
    ["", ""],
    [" \t a b \r\n", "a b"],
    ["\u0085x\u00a0", "x"],
    ["\u3000\u2000x\u2029", "x"],
    ["\ufeffx\ufeff", "\ufeffx\ufeff"],
    ["\u200bx", "\u200bx"],
    ["   ", ""],
  ])("%j -> %j", (input, want) => {
    expect(goTrimSpaceBytes(utf8(input))).toEqual(utf8(want));
  });

  it("stops at invalid bytes", () => {
    expect(goTrimSpaceBytes(Uint8Array.of(0x20, 0xff, 0x20))).toEqual(Uint8Array.of(0xff));
    expect(goTrimSpaceBytes(Uint8Array.of(0x80, 0x20))).toEqual(Uint8Array.of(0x80));
    expect(goTrimSpaceBytes(Uint8Array.of(0x20, 0xe2, 0x80))).toEqual(Uint8Array.of(0xe2, 0x80));
  });
});
