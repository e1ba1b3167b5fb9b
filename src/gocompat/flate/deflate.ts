/**
 * Go's compress/flate compressor at level 9 (deflate.go, the lazy matcher
 * with good=32, lazy=258, nice=258, chain=4096), producing the same deflate
 * stream as flate.NewWriter(w, 9) followed by one Write and Close.
 *
 * Mirrored behaviour that decides the output bytes:
 * - a 64 KiB window, filled only after processing stops with fewer than
 *   262 bytes of lookahead; when the position reaches 64 KiB - 262 the upper
 *   half slides down 32 KiB (hash positions carry a growing offset, rebased
 *   once it passes 2^24), and a block whose start slid out can no longer be
 *   stored raw;
 * - hash chains keyed by hash4 (a 32-bit multiply of 4 big-endian bytes,
 *   top 17 bits); positions within 3 bytes of the window end are not
 *   inserted, and the last looked-up chain head is then reused as is;
 * - matches shorter than 4 are never taken, and length-4 matches only at
 *   distances up to 4096; a match is emitted when the next position finds
 *   nothing longer, the positions it covers being hashed;
 * - a block is written when 16384 tokens are queued and at the end; Close
 *   writes the last block as non-final and then an empty final stored block.
 */

import type { BitWriter } from "./bitwriter.js";
import { BlockWriter } from "./block.js";
import { matchToken } from "./tokens.js";

const WINDOW_SIZE = 1 << 15;
const WINDOW_MASK = WINDOW_SIZE - 1;
const MIN_MATCH = 4;
const MAX_MATCH = 258;
const HASH_BITS = 17;
const HASH_SIZE = 1 << HASH_BITS;
const HASH_SHIFT = 32 - HASH_BITS;
const HASH_MUL = 0x1e35a7bd;
const MAX_HASH_OFFSET = 1 << 24;
const MAX_BLOCK_TOKENS = 1 << 14;
const MAX_I32 = 0x7fffffff;

// Level 9 parameters.
const GOOD = 32;
const LAZY = 258;
const NICE = 258;
const CHAIN = 4096;

export class GoDeflater {
  private out: BitWriter;
  private readonly blocks: BlockWriter;
  private readonly window = new Uint8Array(2 * WINDOW_SIZE + 4);
  /**
   * quad[p] = window[p..p+3] as a big-endian int32 (valid where all four
   * bytes are in the window), used for hashing and 4-byte-wide comparisons.
   */
  private readonly quad = new Int32Array(2 * WINDOW_SIZE);
  private readonly hashHead = new Int32Array(HASH_SIZE);
  private readonly hashPrev = new Int32Array(WINDOW_SIZE);
  private readonly tokens = new Int32Array(MAX_BLOCK_TOKENS + 1);
  private nTokens = 0;
  private hashOffset = 1;
  private chainHead = -1;
  private index = 0;
  private windowEnd = 0;
  private blockStart = 0;
  private byteAvailable = false;
  private length = MIN_MATCH - 1;
  private offset = 0;
  private sync = false;

  constructor(out: BitWriter) {
    this.out = out;
    this.blocks = new BlockWriter(out);
  }

  /**
   * Starts a new stream into `out`, as a fresh Go writer would, without
   * clearing the 640 KiB of hash tables: the position offset jumps past
   * every stored entry, so old entries read as negative positions, which
   * every check treats exactly like Go's empty (zero) entries.
   */
  reset(out: BitWriter): void {
    this.out = out;
    this.blocks.out = out;
    const next = this.hashOffset + 2 * WINDOW_SIZE + 1;
    if (next > 1 << 30) {
      this.hashHead.fill(0);
      this.hashPrev.fill(0);
      this.hashOffset = 1;
    } else {
      this.hashOffset = next;
    }
    this.nTokens = 0;
    this.chainHead = -1;
    this.index = 0;
    this.windowEnd = 0;
    this.blockStart = 0;
    this.byteAvailable = false;
    this.length = MIN_MATCH - 1;
    this.offset = 0;
    this.sync = false;
  }

  /** flate.Writer.Write: alternate processing the window and refilling it. */
  write(data: Uint8Array): void {
    let pos = 0;
    while (pos < data.length) {
      this.step();
      pos += this.fill(data, pos);
    }
  }

  /** flate.Writer.Close: flush everything, then an empty final stored block. */
  close(): void {
    this.sync = true;
    this.step();
    this.blocks.writeStoredHeader(0, true);
    this.out.flush();
  }

  /** Slides the window if needed, then copies in as much of data[pos..] as fits. */
  private fill(data: Uint8Array, pos: number): number {
    if (this.index >= 2 * WINDOW_SIZE - (MIN_MATCH + MAX_MATCH)) {
      this.window.copyWithin(0, WINDOW_SIZE, 2 * WINDOW_SIZE);
      this.quad.copyWithin(0, WINDOW_SIZE, 2 * WINDOW_SIZE);
      this.index -= WINDOW_SIZE;
      this.windowEnd -= WINDOW_SIZE;
      this.blockStart = this.blockStart >= WINDOW_SIZE ? this.blockStart - WINDOW_SIZE : MAX_I32;
      this.hashOffset += WINDOW_SIZE;
      if (this.hashOffset > MAX_HASH_OFFSET) {
        const delta = this.hashOffset - 1;
        this.hashOffset -= delta;
        this.chainHead -= delta;
        rebase(this.hashPrev, delta);
        rebase(this.hashHead, delta);
      }
    }
    const start = this.windowEnd;
    const n = Math.min(data.length - pos, 2 * WINDOW_SIZE - start);
    const w = this.window;
    w.set(data.subarray(pos, pos + n), start);
    this.windowEnd = start + n;
    // Refresh the quads that now see new bytes (the last 3 stay partial).
    const quad = this.quad;
    const end = this.windowEnd;
    let p = start > 3 ? start - 3 : 0;
    let v = (w[p]! << 16) | (w[p + 1]! << 8) | w[p + 2]!;
    for (; p < end; p++) {
      v = (v << 8) | w[p + 3]!;
      quad[p] = v;
    }
    return n;
  }

  /** Emits queued tokens as one block ending at window position `index`. */
  private writeBlock(index: number): void {
    if (index <= 0) return;
    const input = this.blockStart <= index ? this.window.subarray(this.blockStart, index) : null;
    this.blockStart = index;
    this.blocks.writeBlock(this.tokens, this.nTokens, false, input);
    this.nTokens = 0;
  }

  /** The lazy-matching loop over the window (Go's compressor.deflate). */
  private step(): void {
    const sync = this.sync;
    const windowEnd = this.windowEnd;
    if (windowEnd - this.index < MIN_MATCH + MAX_MATCH && !sync) return;

    const win = this.window;
    const quad = this.quad;
    const hashHead = this.hashHead;
    const hashPrev = this.hashPrev;
    const tokens = this.tokens;
    const hashOffset = this.hashOffset;
    const maxInsertIndex = windowEnd - (MIN_MATCH - 1);
    let index = this.index;
    let chainHead = this.chainHead;
    let length = this.length;
    let offset = this.offset;
    let byteAvailable = this.byteAvailable;
    let nTokens = this.nTokens;

    for (;;) {
      const lookahead = windowEnd - index;
      if (lookahead < MIN_MATCH + MAX_MATCH) {
        if (!sync) break;
        if (lookahead === 0) {
          if (byteAvailable) {
            tokens[nTokens++] = win[index - 1]!;
            byteAvailable = false;
          }
          if (nTokens > 0) {
            this.nTokens = nTokens;
            this.writeBlock(index);
            nTokens = 0;
          }
          break;
        }
      }
      if (index < maxInsertIndex) {
        const h = hash4(quad[index]!);
        chainHead = hashHead[h]!;
        hashPrev[index & WINDOW_MASK] = chainHead;
        hashHead[h] = index + hashOffset;
      }
      const prevLength = length;
      const prevOffset = offset;
      length = MIN_MATCH - 1;
      offset = 0;
      const minIndex = Math.max(index - WINDOW_SIZE, 0);

      if (chainHead - hashOffset >= minIndex && lookahead > prevLength && prevLength < LAZY) {
        const found = findMatch(win, quad, hashPrev, hashOffset, index, chainHead - hashOffset, lookahead);
        if (found !== 0) {
          length = found & 0x1ff;
          offset = found >>> 9;
        }
      }

      if (prevLength >= MIN_MATCH && length <= prevLength) {
        // The match found one byte back is at least as good: emit it and
        // hash every position it covers (index - 1 and index already are).
        tokens[nTokens++] = matchToken(prevLength, prevOffset);
        const newIndex = index + prevLength - 1;
        for (let i = index + 1; i < newIndex; i++) {
          if (i < maxInsertIndex) {
            const h = hash4(quad[i]!);
            hashPrev[i & WINDOW_MASK] = hashHead[h]!;
            hashHead[h] = i + hashOffset;
          }
        }
        index = newIndex;
        byteAvailable = false;
        length = MIN_MATCH - 1;
        if (nTokens === MAX_BLOCK_TOKENS) {
          this.nTokens = nTokens;
          this.writeBlock(index);
          nTokens = 0;
        }
      } else {
        if (byteAvailable) {
          tokens[nTokens++] = win[index - 1]!;
          if (nTokens === MAX_BLOCK_TOKENS) {
            this.nTokens = nTokens;
            this.writeBlock(index);
            nTokens = 0;
          }
        }
        index++;
        byteAvailable = true;
      }
    }

    this.index = index;
    this.chainHead = chainHead;
    this.length = length;
    this.offset = offset;
    this.byteAvailable = byteAvailable;
    this.nTokens = nTokens;
  }
}

/** Go's hash4 of 4 bytes given as a big-endian int32: times 0x1e35a7bd, top 17 bits. */
function hash4(v: number): number {
  return Math.imul(v, HASH_MUL) >>> HASH_SHIFT;
}

/** Subtracts `delta` from every stored position, clamping old ones to 0 (empty). */
function rebase(table: Int32Array, delta: number): void {
  for (let i = 0; i < table.length; i++) {
    const v = table[i]!;
    table[i] = v > delta ? v - delta : 0;
  }
}

/**
 * Walks the hash chain from `head` looking for a match at `pos` longer than
 * 3 (Go's findMatch with prevLength 3). Returns (offset << 9) | length, or 0.
 *
 * Go tests one byte (at the current best length) before measuring a
 * candidate; testing the four bytes ending there, and measuring four bytes
 * at a time, rejects and accepts exactly the same candidates, faster.
 */
function findMatch(
  win: Uint8Array,
  quad: Int32Array,
  hashPrev: Int32Array,
  hashOffset: number,
  pos: number,
  head: number,
  lookahead: number,
): number {
  const maxLook = Math.min(lookahead, MAX_MATCH);
  const nice = Math.min(maxLook, NICE);
  const maxLook4 = maxLook - 4;
  let length = MIN_MATCH - 1;
  let tries = length >= GOOD ? CHAIN >> 2 : CHAIN;
  let bestOffset = 0;
  // The 4 bytes ending at pos + length: a candidate beating `length` must match them.
  let tail = quad[pos + length - 3]!;
  const minIndex = pos - WINDOW_SIZE;
  const lowest = Math.max(minIndex, 0);

  for (let i = head; tries > 0; tries--) {
    if (quad[i + length - 3] === tail) {
      let n = 0;
      while (n <= maxLook4 && quad[i + n] === quad[pos + n]) n += 4;
      while (n < maxLook && win[i + n] === win[pos + n]) n++;
      if (n > length && (n > MIN_MATCH || pos - i <= 4096)) {
        length = n;
        bestOffset = pos - i;
        if (n >= nice) break;
        tail = quad[pos + n - 3]!;
      }
    }
    if (i === minIndex) break;
    i = hashPrev[i & WINDOW_MASK]! - hashOffset;
    if (i < lowest) break;
  }
  return bestOffset === 0 ? 0 : (bestOffset << 9) | length;
}
