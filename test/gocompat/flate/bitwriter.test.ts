import { describe, expect, it } from "vitest";
import { BitWriter } from "../../../src/gocompat/flate/bitwriter.js";
import { BlockWriter } from "../../../src/gocompat/flate/block.js";
import { matchToken } from "../../../src/gocompat/flate/tokens.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("BitWriter", () => {
  it("packs bits LSB first and zero-pads on flush", () => {
    const w = new BitWriter();
    w.writeBits(0b1, 1);
    w.writeBits(0b01, 2);
    w.writeBits(0b11111, 5); // fills the first byte: 11111 01 1
    w.writeBits(0xabc, 12);
    w.flush();
    expect(hex(w.bytes())).toBe("fbbc0a");
  });

  it("writes raw bytes once aligned, growing as needed", () => {
    const w = new BitWriter(16);
    w.writeBits(0x1234, 16);
    const big = new Uint8Array(1000).fill(7);
    w.writeBytes(big);
    const out = w.bytes();
    expect(out.length).toBe(1002);
    expect(hex(out.subarray(0, 3))).toBe("341207");
  });

  it("refuses raw bytes in the middle of a byte", () => {
    const w = new BitWriter();
    w.writeBits(1, 3);
    expect(() => w.writeBytes(Uint8Array.of(1))).toThrow();
  });
});

// Expected bytes are what Go 1.19's huffmanBitWriter writes for the same tokens.
describe("BlockWriter (huffmanBitWriter.writeBlock)", () => {
  function block(tokens: number[], eof: boolean, input: Uint8Array | null, finalStored = false): string {
    const out = new BitWriter();
    const bw = new BlockWriter(out);
    const buf = new Int32Array(tokens.length + 1);
    buf.set(tokens);
    bw.writeBlock(buf, tokens.length, eof, input);
    if (finalStored) bw.writeStoredHeader(0, true);
    out.flush();
    return hex(out.bytes());
  }
  const lit = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

  it("chooses the fixed code for a tiny block", () => {
    expect(block([...lit("abc"), matchToken(4, 3)], true, null)).toBe("4b4c4a062100");
  });

  it("keeps a fixed block when storing would not be smaller, then an empty final stored block", () => {
    expect(block(lit("xy"), false, new TextEncoder().encode("xy"), true)).toBe("aaa804040000ffff");
  });

  it("stores a block whose coding would be larger than its bytes", () => {
    // Every byte value once: 2088 bits stored against 2170 fixed.
    const input = Uint8Array.from({ length: 256 }, (_, i) => (i * 37) & 0xff);
    const got = block(Array.from(input), false, input);
    expect(got).toBe("000001fffe" + hex(input));
  });

  it("writes a dynamic block with Go's code-length encoding", () => {
    const toks: number[] = [];
    for (let i = 0; i < 200; i++) toks.push(97 + (((i % 7) * i) % 5));
    toks.push(matchToken(258, 101), matchToken(13, 3001));
    expect(block(toks, true, null)).toBe(
      "edd63101c040100230ad81c3bf85cef5f00ab246b6883b7334455" +
        "36aee4cb6883b733445536aee4cb6883b733445536aee4cb6883b733445536aee4cb6883b733445536aee4cb6883b733445d387fce2fe01",
    );
  });
});
