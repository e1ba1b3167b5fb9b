/**
 * One deflate block from a token run, chosen the way Go's
 * huffmanBitWriter.writeBlock chooses it (huffman_bit_writer.go); mirrors
 * src/gocompat/flate/block.ts: count symbol frequencies (end of block
 * included; a block without matches counts one fake distance-code-0 use),
 * build Go's dynamic codes, and emit whichever of fixed, dynamic or stored is
 * estimated smallest (fixed the baseline, dynamic strictly smaller, stored
 * strictly smaller than both, only when the source bytes are known and at
 * most 65535 long, estimated as (len + 5) * 8 bits). Code lengths are
 * run-length coded like Go's generateCodegen.
 */

import { BW, flushBits, writeBits, writeBytes } from "./bitwriter";
import {
  FIXED_LIT_CODES,
  FIXED_LIT_LENS,
  FIXED_OFF_CODES,
  FIXED_OFF_LENS,
  bitLength,
  generate,
} from "./huffman";
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
} from "./tables";

const CODEGEN_CODES: i32 = 19;
const CODEGEN_ORDER: usize = memory.data<u8>([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);
const BAD_CODE: u8 = 255;
const MAX_STORE_BLOCK: i32 = 65535;

const LIT_FREQ: usize = memory.data(NUM_LITERALS * 4, 16);
const OFF_FREQ: usize = memory.data(NUM_OFFSETS * 4, 16);
const LIT_LENS: usize = memory.data(NUM_LITERALS, 16);
const LIT_CODES: usize = memory.data(NUM_LITERALS * 2, 16);
const OFF_LENS: usize = memory.data(NUM_OFFSETS, 16);
const OFF_CODES: usize = memory.data(NUM_OFFSETS * 2, 16);
const CG_LENS: usize = memory.data(CODEGEN_CODES, 16);
const CG_CODES: usize = memory.data(CODEGEN_CODES * 2, 16);
const CODEGEN: usize = memory.data(NUM_LITERALS + NUM_OFFSETS + 1, 16);
const CODEGEN_FREQ: usize = memory.data(CODEGEN_CODES * 4, 16);

@inline function geti(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}
@inline function inc(base: usize, i: i32): void {
  const p = base + (<usize>i << 2);
  store<i32>(p, load<i32>(p) + 1);
}

/** Stored-block header: 3 header bits, pad to a byte, LEN and NLEN. */
export function writeStoredHeader(length: i32, eof: bool): void {
  writeBits(eof ? 1 : 0, 3);
  flushBits();
  writeBits(<u32>length, 16);
  writeBits(<u32>(~length & 0xffff), 16);
}

let numLiterals: i32 = 0;
let numOffsets: i32 = 0;

/**
 * Writes tokens[0..n) as one block; `tokens` has room for the end-of-block
 * marker appended in place. `inputLen` is -1 when the block's source bytes
 * are no longer in the window, else they are at `input`.
 */
export function writeBlock(tokens: usize, n: i32, eof: bool, input: usize, inputLen: i32): void {
  store<i32>(tokens + (<usize>n << 2), END_BLOCK);
  const count = n + 1;
  indexTokens(tokens, count);

  const storable = inputLen >= 0 && inputLen <= MAX_STORE_BLOCK;
  let extraBits = 0;
  if (storable) {
    for (let code = LENGTH_CODES_START + 8; code < numLiterals; code++) {
      extraBits += geti(LIT_FREQ, code) * <i32>load<u8>(LENGTH_EXTRA_BITS + <usize>(code - LENGTH_CODES_START));
    }
    for (let code = 4; code < numOffsets; code++) {
      extraBits += geti(OFF_FREQ, code) * <i32>load<u8>(OFFSET_EXTRA_BITS + <usize>code);
    }
  }

  let litLens = FIXED_LIT_LENS;
  let litCodes = FIXED_LIT_CODES;
  let offLens = FIXED_OFF_LENS;
  let offCodes = FIXED_OFF_CODES;
  let size = 3 + bitLength(LIT_FREQ, FIXED_LIT_LENS, NUM_LITERALS) + bitLength(OFF_FREQ, FIXED_OFF_LENS, NUM_OFFSETS) + extraBits;

  generateCodegen();
  generate(CODEGEN_FREQ, CODEGEN_CODES, 7, CG_LENS, CG_CODES);
  const numCodegens = countCodegens();
  const dynamicSize =
    dynamicHeaderSize(numCodegens) + bitLength(LIT_FREQ, LIT_LENS, NUM_LITERALS) + bitLength(OFF_FREQ, OFF_LENS, NUM_OFFSETS) + extraBits;
  let dynamic = false;
  if (dynamicSize < size) {
    size = dynamicSize;
    litLens = LIT_LENS;
    litCodes = LIT_CODES;
    offLens = OFF_LENS;
    offCodes = OFF_CODES;
    dynamic = true;
  }

  if (storable && (inputLen + 5) * 8 < size) {
    writeStoredHeader(inputLen, eof);
    writeBytes(input, inputLen);
    return;
  }
  if (!dynamic) {
    writeBits(eof ? 3 : 2, 3);
  } else {
    writeDynamicHeader(numCodegens, eof);
  }
  writeTokens(tokens, count, litLens, litCodes, offLens, offCodes);
}

/** Frequencies of the block's symbols, then Go's codes for them. */
function indexTokens(tokens: usize, count: i32): void {
  memory.fill(LIT_FREQ, 0, <usize>NUM_LITERALS * 4);
  memory.fill(OFF_FREQ, 0, <usize>NUM_OFFSETS * 4);
  for (let i = 0; i < count; i++) {
    const t = load<i32>(tokens + (<usize>i << 2));
    if (t < MATCH_FLAG) {
      inc(LIT_FREQ, t);
    } else {
      inc(LIT_FREQ, LENGTH_CODES_START + <i32>load<u8>(LENGTH_CODE + <usize>((t >>> LENGTH_SHIFT) & 0xff)));
      inc(OFF_FREQ, <i32>load<u8>(OFFSET_CODE + <usize>(t & OFFSET_MASK)));
    }
  }
  let nl = NUM_LITERALS;
  while (geti(LIT_FREQ, nl - 1) == 0) nl--;
  let no = NUM_OFFSETS;
  while (no > 0 && geti(OFF_FREQ, no - 1) == 0) no--;
  if (no == 0) {
    // A dynamic block needs at least one distance code to be describable.
    store<i32>(OFF_FREQ, 1);
    no = 1;
  }
  numLiterals = nl;
  numOffsets = no;
  generate(LIT_FREQ, NUM_LITERALS, 15, LIT_LENS, LIT_CODES);
  generate(OFF_FREQ, NUM_OFFSETS, 15, OFF_LENS, OFF_CODES);
}

/** Run-length encodes the code lengths into CODEGEN (BAD_CODE-terminated) and counts them. */
function generateCodegen(): void {
  memory.fill(CODEGEN_FREQ, 0, <usize>CODEGEN_CODES * 4);
  const cg = CODEGEN;
  memory.copy(cg, LIT_LENS, <usize>numLiterals);
  memory.copy(cg + <usize>numLiterals, OFF_LENS, <usize>numOffsets);
  store<u8>(cg + <usize>(numLiterals + numOffsets), BAD_CODE);

  // Output never overtakes input, so the same array holds both.
  let out: usize = cg;
  let size = load<u8>(cg);
  let count = 1;
  for (let i: usize = 1; size != BAD_CODE; i++) {
    const next = load<u8>(cg + i);
    if (next == size) {
      count++;
      continue;
    }
    if (size != 0) {
      store<u8>(out++, size);
      inc(CODEGEN_FREQ, size);
      count--;
      while (count >= 3) {
        const run = min(count, 6);
        store<u8>(out++, 16);
        store<u8>(out++, <u8>(run - 3));
        inc(CODEGEN_FREQ, 16);
        count -= run;
      }
    } else {
      while (count >= 11) {
        const run = min(count, 138);
        store<u8>(out++, 18);
        store<u8>(out++, <u8>(run - 11));
        inc(CODEGEN_FREQ, 18);
        count -= run;
      }
      if (count >= 3) {
        store<u8>(out++, 17);
        store<u8>(out++, <u8>(count - 3));
        inc(CODEGEN_FREQ, 17);
        count = 0;
      }
    }
    for (; count > 0; count--) {
      store<u8>(out++, size);
      inc(CODEGEN_FREQ, size);
    }
    size = next;
    count = 1;
  }
  store<u8>(out, BAD_CODE);
}

/** Code-length code lengths to transmit: trailing zeros (in CODEGEN_ORDER) dropped, at least 4. */
function countCodegens(): i32 {
  let n = CODEGEN_CODES;
  while (n > 4 && geti(CODEGEN_FREQ, <i32>load<u8>(CODEGEN_ORDER + <usize>(n - 1))) == 0) n--;
  return n;
}

/** Bits of a dynamic block header (block type and the code-length tables). */
function dynamicHeaderSize(numCodegens: i32): i32 {
  return (
    3 +
    5 +
    5 +
    4 +
    3 * numCodegens +
    bitLength(CODEGEN_FREQ, CG_LENS, CODEGEN_CODES) +
    geti(CODEGEN_FREQ, 16) * 2 +
    geti(CODEGEN_FREQ, 17) * 3 +
    geti(CODEGEN_FREQ, 18) * 7
  );
}

function writeDynamicHeader(numCodegens: i32, eof: bool): void {
  writeBits(eof ? 5 : 4, 3);
  writeBits(<u32>(numLiterals - 257), 5);
  writeBits(<u32>(numOffsets - 1), 5);
  writeBits(<u32>(numCodegens - 4), 4);
  for (let i = 0; i < numCodegens; i++) writeBits(load<u8>(CG_LENS + <usize>load<u8>(CODEGEN_ORDER + <usize>i)), 3);
  let p = CODEGEN;
  for (;;) {
    const sym = load<u8>(p++);
    if (sym == BAD_CODE) break;
    writeBits(load<u16>(CG_CODES + (<usize>sym << 1)), load<u8>(CG_LENS + <usize>sym));
    if (sym == 16) writeBits(load<u8>(p++), 2);
    else if (sym == 17) writeBits(load<u8>(p++), 3);
    else if (sym == 18) writeBits(load<u8>(p++), 7);
  }
}

/** Huffman-codes tokens[0..count) with the given codes. */
function writeTokens(tokens: usize, count: i32, litLens: usize, litCodes: usize, offLens: usize, offCodes: usize): void {
  let pos = <usize>load<u32>(BW);
  let bits = load<u32>(BW, 4);
  let nbits = load<i32>(BW, 8);
  const end = tokens + (<usize>count << 2);
  for (let tp = tokens; tp < end; tp += 4) {
    const t = load<i32>(tp);
    if (t < MATCH_FLAG) {
      bits |= <u32>load<u16>(litCodes + (<usize>t << 1)) << <u32>nbits;
      nbits += <i32>load<u8>(litLens + <usize>t);
    } else {
      const xlen = (t >>> LENGTH_SHIFT) & 0xff;
      const lc = <i32>load<u8>(LENGTH_CODE + <usize>xlen);
      const ls = <usize>(lc + LENGTH_CODES_START);
      bits |= <u32>load<u16>(litCodes + (ls << 1)) << <u32>nbits;
      nbits += <i32>load<u8>(litLens + ls);
      if (nbits >= 16) {
        store<u16>(pos, <u16>bits);
        pos += 2;
        bits >>>= 16;
        nbits -= 16;
      }
      const lx = <i32>load<u8>(LENGTH_EXTRA_BITS + <usize>lc);
      if (lx > 0) {
        bits |= <u32>(xlen - <i32>load<u16>(LENGTH_BASE + (<usize>lc << 1))) << <u32>nbits;
        nbits += lx;
        if (nbits >= 16) {
          store<u16>(pos, <u16>bits);
          pos += 2;
          bits >>>= 16;
          nbits -= 16;
        }
      }
      const xoff = t & OFFSET_MASK;
      const oc = <usize>load<u8>(OFFSET_CODE + <usize>xoff);
      bits |= <u32>load<u16>(offCodes + (oc << 1)) << <u32>nbits;
      nbits += <i32>load<u8>(offLens + oc);
      if (nbits >= 16) {
        store<u16>(pos, <u16>bits);
        pos += 2;
        bits >>>= 16;
        nbits -= 16;
      }
      const ox = <i32>load<u8>(OFFSET_EXTRA_BITS + oc);
      if (ox > 0) {
        bits |= <u32>(xoff - <i32>load<u16>(OFFSET_BASE + (oc << 1))) << <u32>nbits;
        nbits += ox;
      }
    }
    if (nbits >= 16) {
      store<u16>(pos, <u16>bits);
      pos += 2;
      bits >>>= 16;
      nbits -= 16;
    }
  }
  store<u32>(BW, <u32>pos);
  store<u32>(BW, bits, 4);
  store<i32>(BW, nbits, 8);
}
