import { describe, expect, it } from "vitest";
import { fixedEncoders, HuffmanEncoder, reverseBits } from "../../../src/gocompat/flate/huffman.js";
import { LENGTH_CODE, OFFSET_BASE, OFFSET_CODE } from "../../../src/gocompat/flate/tokens.js";

function lengths(freq: number[], maxBits: number): number[] {
  const enc = new HuffmanEncoder(freq.length);
  enc.generate(Int32Array.from(freq), maxBits);
  return Array.from(enc.lens);
}

const fib = [1, 1];
while (fib.length < 25) fib.push(fib[fib.length - 1]! + fib[fib.length - 2]!);

// Expected lengths are what Go 1.19's huffmanEncoder.generate produces.
describe("HuffmanEncoder.generate (Go's length-limited construction)", () => {
  it.each([
    [[5], 15, [1]],
    [[3, 0, 7], 15, [1, 0, 1]],
    [[1, 1, 1], 15, [2, 2, 1]],
    // Go prefers the pair on a tie: 3,3,2,1 rather than the equally short 2,2,2,2.
    [[1, 1, 2, 2], 15, [3, 3, 2, 1]],
    [[10, 1, 1, 1, 1], 15, [1, 3, 3, 3, 3]],
    [[1, 2, 3, 4, 5, 6, 7, 8], 15, [5, 5, 4, 3, 3, 3, 2, 2]],
    [[8, 8, 8, 8, 8, 8, 8, 8], 15, [3, 3, 3, 3, 3, 3, 3, 3]],
    [fib.slice(0, 20), 15, [15, 15, 15, 15, 14, 14, 13, 13, 12, 12, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]],
    [fib.slice(0, 20), 7, [7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 4, 4, 3, 3, 2, 2]],
    [fib.slice(0, 25), 15, [15, 15, 15, 15, 14, 14, 13, 13, 12, 12, 11, 11, 10, 10, 9, 9, 8, 8, 7, 7, 5, 4, 3, 2, 1]],
    [fib.slice(0, 25), 7, [7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 6, 5, 4, 3, 3, 2, 2]],
  ])("%j max %i", (freq, maxBits, want) => {
    expect(lengths(freq, maxBits)).toEqual(want);
  });

  it("assigns canonical codes, stored bit-reversed", () => {
    const enc = new HuffmanEncoder(4);
    enc.generate(Int32Array.of(1, 1, 2, 2), 15);
    // Lengths 3,3,2,1 -> codes 110, 111, 10, 0.
    expect(Array.from(enc.codes)).toEqual([0b011, 0b111, 0b01, 0b0]);
  });

  it("gives one or two used symbols 1-bit codes in symbol order", () => {
    const enc = new HuffmanEncoder(6);
    enc.generate(Int32Array.of(0, 9, 0, 0, 1, 0), 15);
    expect(Array.from(enc.lens)).toEqual([0, 1, 0, 0, 1, 0]);
    expect(enc.codes[1]).toBe(0);
    expect(enc.codes[4]).toBe(1);
  });

  it("is reusable: a second generate forgets the first", () => {
    const enc = new HuffmanEncoder(4);
    enc.generate(Int32Array.of(5, 5, 5, 5), 15);
    enc.generate(Int32Array.of(0, 0, 3, 0), 15);
    expect(Array.from(enc.lens)).toEqual([0, 0, 1, 0]);
  });

  it("computes bit lengths of a frequency table", () => {
    const enc = new HuffmanEncoder(4);
    enc.generate(Int32Array.of(1, 1, 2, 2), 15);
    expect(enc.bitLength(Int32Array.of(1, 1, 2, 2))).toBe(3 + 3 + 4 + 2);
  });
});

describe("fixed codes (RFC 1951 3.2.6)", () => {
  const fixed = (sym: number) => reverseBits(fixedEncoders().literal.codes[sym]!, fixedEncoders().literal.lens[sym]!);
  it("literal/length table", () => {
    expect([fixedEncoders().literal.lens[0], fixed(0)]).toEqual([8, 0b00110000]);
    expect([fixedEncoders().literal.lens[143], fixed(143)]).toEqual([8, 0b10111111]);
    expect([fixedEncoders().literal.lens[144], fixed(144)]).toEqual([9, 0b110010000]);
    expect([fixedEncoders().literal.lens[255], fixed(255)]).toEqual([9, 0b111111111]);
    expect([fixedEncoders().literal.lens[256], fixed(256)]).toEqual([7, 0]);
    expect([fixedEncoders().literal.lens[279], fixed(279)]).toEqual([7, 0b0010111]);
    expect([fixedEncoders().literal.lens[280], fixed(280)]).toEqual([8, 0b11000000]);
    expect([fixedEncoders().literal.lens[285], fixed(285)]).toEqual([8, 0b11000101]);
  });
  it("distance table", () => {
    expect(Array.from(fixedEncoders().offset.lens)).toEqual(new Array(30).fill(5));
    expect(reverseBits(fixedEncoders().offset.codes[6]!, 5)).toBe(6);
  });
});

describe("length and distance codes", () => {
  it("maps (length - 3) to length codes", () => {
    expect(LENGTH_CODE[0]).toBe(0); // length 3
    expect(LENGTH_CODE[8]).toBe(8); // 11..12
    expect(LENGTH_CODE[9]).toBe(8);
    expect(LENGTH_CODE[254]).toBe(27); // 257
    expect(LENGTH_CODE[255]).toBe(28); // 258 has its own code
  });
  it("maps (distance - 1) to distance codes", () => {
    expect(OFFSET_CODE[0]).toBe(0);
    expect(OFFSET_CODE[4]).toBe(4);
    expect(OFFSET_CODE[5]).toBe(4);
    expect(OFFSET_CODE[6]).toBe(5);
    expect(OFFSET_CODE[32767]).toBe(29);
    expect(OFFSET_BASE[29]).toBe(24576);
  });
});
