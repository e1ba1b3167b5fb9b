/**
 * One deflate block from a token run, chosen the way Go's
 * huffmanBitWriter.writeBlock chooses it: count symbol frequencies (the
 * end-of-block marker included; a block without matches counts one fake
 * distance-code-0 use), build Go's dynamic codes, and emit whichever of
 * fixed, dynamic or stored is estimated smallest. Fixed is the baseline,
 * dynamic must be strictly smaller, stored must be strictly smaller than
 * both and is only possible when the block's source bytes are known and at
 * most 65535 long; its size is estimated as (len + 5) * 8 bits.
 *
 * The code-length run-length encoding (RFC 1951 3.2.7) follows Go's
 * generateCodegen: a nonzero length is written once and then repeated with
 * code 16 in runs of up to 6; zeros use 18 (11..138) then 17 (3..10).
 */

import type { BitWriter } from "./bitwriter.js";
import { fixedEncoders, HuffmanEncoder } from "./huffman.js";
import {
  END_BLOCK,
  LENGTH_BASE,
  LENGTH_CODE,
  LENGTH_CODES_START,
  LENGTH_EXTRA_BITS,
  LENGTH_SHIFT,
  MATCH_FLAG,
  NUM_LITERALS,
  NUM_OFFSETS,
  OFFSET_BASE,
  OFFSET_CODE,
  OFFSET_EXTRA_BITS,
  OFFSET_MASK,
} from "./tokens.js";

const CODEGEN_CODES = 19;
const CODEGEN_ORDER = Uint8Array.of(16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);
const BAD_CODE = 255;
const MAX_STORE_BLOCK = 65535;

export class BlockWriter {
  /** Where blocks go; may be swapped between streams. */
  out: BitWriter;
  private readonly litFreq = new Int32Array(NUM_LITERALS);
  private readonly offFreq = new Int32Array(NUM_OFFSETS);
  private readonly litEnc = new HuffmanEncoder(NUM_LITERALS);
  private readonly offEnc = new HuffmanEncoder(NUM_OFFSETS);
  private readonly cgEnc = new HuffmanEncoder(CODEGEN_CODES);
  private readonly codegen = new Uint8Array(NUM_LITERALS + NUM_OFFSETS + 1);
  private readonly codegenFreq = new Int32Array(CODEGEN_CODES);

  constructor(out: BitWriter) {
    this.out = out;
  }

  /** Stored-block header: 3 header bits, pad to a byte, LEN and NLEN. */
  writeStoredHeader(length: number, eof: boolean): void {
    const out = this.out;
    out.writeBits(eof ? 1 : 0, 3);
    out.flush();
    out.writeBits(length, 16);
    out.writeBits(~length & 0xffff, 16);
  }

  /**
   * Writes tokens[0..n) as one block. `tokens` must have room for one more
   * entry (the end-of-block marker is appended in place). `input` is the
   * block's source bytes, or null when they are no longer in the window.
   */
  writeBlock(tokens: Int32Array, n: number, eof: boolean, input: Uint8Array | null): void {
    tokens[n] = END_BLOCK;
    const count = n + 1;
    const { numLiterals, numOffsets } = this.indexTokens(tokens, count);
    const litFreq = this.litFreq;
    const offFreq = this.offFreq;

    const storable = input !== null && input.length <= MAX_STORE_BLOCK;
    let extraBits = 0;
    if (storable) {
      for (let code = LENGTH_CODES_START + 8; code < numLiterals; code++) {
        extraBits += litFreq[code]! * LENGTH_EXTRA_BITS[code - LENGTH_CODES_START]!;
      }
      for (let code = 4; code < numOffsets; code++) {
        extraBits += offFreq[code]! * OFFSET_EXTRA_BITS[code]!;
      }
    }

    const fixed = fixedEncoders();
    let litEnc = fixed.literal;
    let offEnc = fixed.offset;
    let size = 3 + fixed.literal.bitLength(litFreq) + fixed.offset.bitLength(offFreq) + extraBits;

    this.generateCodegen(numLiterals, numOffsets, this.litEnc, this.offEnc);
    this.cgEnc.generate(this.codegenFreq, 7);
    const numCodegens = this.numCodegens();
    const dynamicSize = this.dynamicHeaderSize(numCodegens) + this.litEnc.bitLength(litFreq) + this.offEnc.bitLength(offFreq) + extraBits;
    if (dynamicSize < size) {
      size = dynamicSize;
      litEnc = this.litEnc;
      offEnc = this.offEnc;
    }

    const out = this.out;
    if (storable && (input.length + 5) * 8 < size) {
      out.reserve(input.length + 8);
      this.writeStoredHeader(input.length, eof);
      out.writeBytes(input);
      return;
    }
    // Worst case per token: 15 + 5 + 15 + 13 bits; plus a dynamic header.
    out.reserve(count * 6 + 400);
    if (litEnc === fixed.literal) {
      out.writeBits(eof ? 3 : 2, 3);
    } else {
      this.writeDynamicHeader(numLiterals, numOffsets, numCodegens, eof);
    }
    writeTokens(out, tokens, count, litEnc, offEnc);
  }

  /** Frequencies of the block's symbols, then Go's codes for them. */
  private indexTokens(tokens: Int32Array, count: number): { numLiterals: number; numOffsets: number } {
    const litFreq = this.litFreq;
    const offFreq = this.offFreq;
    litFreq.fill(0);
    offFreq.fill(0);
    for (let i = 0; i < count; i++) {
      const t = tokens[i]!;
      if (t < MATCH_FLAG) {
        litFreq[t]!++;
      } else {
        litFreq[LENGTH_CODES_START + LENGTH_CODE[(t >>> LENGTH_SHIFT) & 0xff]!]!++;
        offFreq[OFFSET_CODE[t & OFFSET_MASK]!]!++;
      }
    }
    let numLiterals = NUM_LITERALS;
    while (litFreq[numLiterals - 1] === 0) numLiterals--;
    let numOffsets = NUM_OFFSETS;
    while (numOffsets > 0 && offFreq[numOffsets - 1] === 0) numOffsets--;
    if (numOffsets === 0) {
      // A dynamic block needs at least one distance code to be describable.
      offFreq[0] = 1;
      numOffsets = 1;
    }
    this.litEnc.generate(litFreq, 15);
    this.offEnc.generate(offFreq, 15);
    return { numLiterals, numOffsets };
  }

  /** Run-length encodes the code lengths into `codegen` (BAD_CODE-terminated) and counts them. */
  private generateCodegen(numLiterals: number, numOffsets: number, lit: HuffmanEncoder, off: HuffmanEncoder): void {
    const freq = this.codegenFreq;
    freq.fill(0);
    const cg = this.codegen;
    cg.set(lit.lens.subarray(0, numLiterals), 0);
    cg.set(off.lens.subarray(0, numOffsets), numLiterals);
    cg[numLiterals + numOffsets] = BAD_CODE;

    // Output never overtakes input, so the same array holds both.
    let out = 0;
    let size = cg[0]!;
    let count = 1;
    for (let i = 1; size !== BAD_CODE; i++) {
      const next = cg[i]!;
      if (next === size) {
        count++;
        continue;
      }
      if (size !== 0) {
        cg[out++] = size;
        freq[size]!++;
        count--;
        while (count >= 3) {
          const run = Math.min(count, 6);
          cg[out++] = 16;
          cg[out++] = run - 3;
          freq[16]!++;
          count -= run;
        }
      } else {
        while (count >= 11) {
          const run = Math.min(count, 138);
          cg[out++] = 18;
          cg[out++] = run - 11;
          freq[18]!++;
          count -= run;
        }
        if (count >= 3) {
          cg[out++] = 17;
          cg[out++] = count - 3;
          freq[17]!++;
          count = 0;
        }
      }
      for (; count > 0; count--) {
        cg[out++] = size;
        freq[size]!++;
      }
      size = next;
      count = 1;
    }
    cg[out] = BAD_CODE;
  }

  /** Code-length code lengths to transmit: trailing zeros (in CODEGEN_ORDER) dropped, at least 4. */
  private numCodegens(): number {
    const freq = this.codegenFreq;
    let n = CODEGEN_CODES;
    while (n > 4 && freq[CODEGEN_ORDER[n - 1]!] === 0) n--;
    return n;
  }

  /** Bits of a dynamic block header (block type and the code-length tables). */
  private dynamicHeaderSize(numCodegens: number): number {
    const freq = this.codegenFreq;
    return 3 + 5 + 5 + 4 + 3 * numCodegens + this.cgEnc.bitLength(freq) + freq[16]! * 2 + freq[17]! * 3 + freq[18]! * 7;
  }

  private writeDynamicHeader(numLiterals: number, numOffsets: number, numCodegens: number, eof: boolean): void {
    const out = this.out;
    const cgLens = this.cgEnc.lens;
    const cgCodes = this.cgEnc.codes;
    out.writeBits(eof ? 5 : 4, 3);
    out.writeBits(numLiterals - 257, 5);
    out.writeBits(numOffsets - 1, 5);
    out.writeBits(numCodegens - 4, 4);
    for (let i = 0; i < numCodegens; i++) out.writeBits(cgLens[CODEGEN_ORDER[i]!]!, 3);
    const cg = this.codegen;
    for (let i = 0; ; ) {
      const sym = cg[i++]!;
      if (sym === BAD_CODE) break;
      out.writeBits(cgCodes[sym]!, cgLens[sym]!);
      if (sym === 16) out.writeBits(cg[i++]!, 2);
      else if (sym === 17) out.writeBits(cg[i++]!, 3);
      else if (sym === 18) out.writeBits(cg[i++]!, 7);
    }
  }
}

/** Huffman-codes tokens[0..count) with the given codes (room already reserved). */
function writeTokens(out: BitWriter, tokens: Int32Array, count: number, lit: HuffmanEncoder, off: HuffmanEncoder): void {
  const litCodes = lit.codes;
  const litLens = lit.lens;
  const offCodes = off.codes;
  const offLens = off.lens;
  const buf = out.buf;
  let pos = out.pos;
  let bits = out.bits;
  let nbits = out.nbits;
  for (let i = 0; i < count; i++) {
    const t = tokens[i]!;
    if (t < MATCH_FLAG) {
      bits |= litCodes[t]! << nbits;
      nbits += litLens[t]!;
    } else {
      const xlen = (t >>> LENGTH_SHIFT) & 0xff;
      const lc = LENGTH_CODE[xlen]!;
      bits |= litCodes[lc + LENGTH_CODES_START]! << nbits;
      nbits += litLens[lc + LENGTH_CODES_START]!;
      if (nbits >= 16) {
        buf[pos++] = bits;
        buf[pos++] = bits >>> 8;
        bits >>>= 16;
        nbits -= 16;
      }
      const lx = LENGTH_EXTRA_BITS[lc]!;
      if (lx > 0) {
        bits |= (xlen - LENGTH_BASE[lc]!) << nbits;
        nbits += lx;
        if (nbits >= 16) {
          buf[pos++] = bits;
          buf[pos++] = bits >>> 8;
          bits >>>= 16;
          nbits -= 16;
        }
      }
      const xoff = t & OFFSET_MASK;
      const oc = OFFSET_CODE[xoff]!;
      bits |= offCodes[oc]! << nbits;
      nbits += offLens[oc]!;
      if (nbits >= 16) {
        buf[pos++] = bits;
        buf[pos++] = bits >>> 8;
        bits >>>= 16;
        nbits -= 16;
      }
      const ox = OFFSET_EXTRA_BITS[oc]!;
      if (ox > 0) {
        bits |= (xoff - OFFSET_BASE[oc]!) << nbits;
        nbits += ox;
      }
    }
    if (nbits >= 16) {
      buf[pos++] = bits;
      buf[pos++] = bits >>> 8;
      bits >>>= 16;
      nbits -= 16;
    }
  }
  out.pos = pos;
  out.bits = bits;
  out.nbits = nbits;
}
