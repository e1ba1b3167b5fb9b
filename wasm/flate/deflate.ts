/**
 * Go's compress/flate compressor at level 9 (deflate.go: the lazy matcher
 * with good=32, lazy=258, nice=258, chain=4096), producing the same deflate
 * stream as flate.NewWriter(w, 9), one Write, Close. Mirrors
 * src/gocompat/flate/deflate.ts (whose header lists the behaviours that
 * decide the output bytes): a 64 KiB window slid by 32 KiB, hash4 chains
 * with a growing position offset, length-4 matches only within 4096, blocks
 * of 16384 tokens, and an empty final stored block at Close.
 *
 * State persists between calls in static memory; reset() starts a stream
 * without clearing the 640 KiB of hash tables: the position offset jumps
 * past every stored entry, so old entries read as negative positions, which
 * every check treats exactly like Go's empty (zero) entries.
 */

import { flushBits } from "./bitwriter";
import { writeBlock, writeStoredHeader } from "./block";
import { LENGTH_SHIFT, MATCH_FLAG } from "./tables";

const WINDOW_SIZE: i32 = 1 << 15;
const WINDOW_MASK: i32 = WINDOW_SIZE - 1;
const MIN_MATCH: i32 = 4;
const MAX_MATCH: i32 = 258;
const HASH_BITS: i32 = 17;
const HASH_SIZE: i32 = 1 << HASH_BITS;
const HASH_SHIFT: u32 = 32 - HASH_BITS;
const HASH_MUL: u32 = 0x1e35a7bd;
const MAX_HASH_OFFSET: i32 = 1 << 24;
const MAX_BLOCK_TOKENS: i32 = 1 << 14;
const MAX_I32: i32 = 0x7fffffff;

// Level 9 parameters.
const GOOD: i32 = 32;
const LAZY: i32 = 258;
const NICE: i32 = 258;
const CHAIN: i32 = 4096;

const WIN: usize = memory.data(2 * WINDOW_SIZE + 16, 16);
/** QUAD[p] = window[p..p+3] as a big-endian i32 (valid where all four bytes are in the window). */
const QUAD: usize = memory.data(2 * WINDOW_SIZE * 4 + 16, 16);
const HASH_HEAD: usize = memory.data(HASH_SIZE * 4, 16);
const HASH_PREV: usize = memory.data(WINDOW_SIZE * 4, 16);
const TOKENS: usize = memory.data((MAX_BLOCK_TOKENS + 1) * 4, 16);

let nTokens: i32 = 0;
let hashOffset: i32 = 1;
let chainHead: i32 = -1;
let index: i32 = 0;
let windowEnd: i32 = 0;
let blockStart: i32 = 0;
let byteAvailable: bool = false;
let length: i32 = MIN_MATCH - 1;
let offset: i32 = 0;
let sync: bool = false;

@inline function quad(p: i32): i32 {
  return load<i32>(QUAD + (<usize>p << 2));
}
@inline function win(p: i32): i32 {
  return <i32>load<u8>(WIN + <usize>p);
}
@inline function hash4(v: i32): i32 {
  return <i32>((<u32>v * HASH_MUL) >>> HASH_SHIFT);
}

/** Starts a new stream as a fresh Go writer would. */
export function reset(): void {
  const next = hashOffset + 2 * WINDOW_SIZE + 1;
  if (next > 1 << 30) {
    memory.fill(HASH_HEAD, 0, <usize>HASH_SIZE * 4);
    memory.fill(HASH_PREV, 0, <usize>WINDOW_SIZE * 4);
    hashOffset = 1;
  } else {
    hashOffset = next;
  }
  nTokens = 0;
  chainHead = -1;
  index = 0;
  windowEnd = 0;
  blockStart = 0;
  byteAvailable = false;
  length = MIN_MATCH - 1;
  offset = 0;
  sync = false;
}

/** flate.Writer.Write: alternate processing the window and refilling it. */
export function write(data: usize, len: i32): void {
  let pos = 0;
  while (pos < len) {
    step();
    pos += fill(data, len, pos);
  }
}

/** flate.Writer.Close: flush everything, then an empty final stored block. */
export function close(): void {
  sync = true;
  step();
  writeStoredHeader(0, true);
  flushBits();
}

/** Slides the window if needed, then copies in as much of data[pos..len) as fits. */
function fill(data: usize, len: i32, pos: i32): i32 {
  if (index >= 2 * WINDOW_SIZE - (MIN_MATCH + MAX_MATCH)) {
    memory.copy(WIN, WIN + <usize>WINDOW_SIZE, <usize>WINDOW_SIZE);
    memory.copy(QUAD, QUAD + (<usize>WINDOW_SIZE << 2), <usize>WINDOW_SIZE << 2);
    index -= WINDOW_SIZE;
    windowEnd -= WINDOW_SIZE;
    blockStart = blockStart >= WINDOW_SIZE ? blockStart - WINDOW_SIZE : MAX_I32;
    hashOffset += WINDOW_SIZE;
    if (hashOffset > MAX_HASH_OFFSET) {
      const delta = hashOffset - 1;
      hashOffset -= delta;
      chainHead -= delta;
      rebase(HASH_PREV, WINDOW_SIZE, delta);
      rebase(HASH_HEAD, HASH_SIZE, delta);
    }
  }
  const start = windowEnd;
  const n = min(len - pos, 2 * WINDOW_SIZE - start);
  memory.copy(WIN + <usize>start, data + <usize>pos, <usize>n);
  windowEnd = start + n;
  // Refresh the quads that now see new bytes (the last 3 stay partial).
  const end = windowEnd;
  let p = start > 3 ? start - 3 : 0;
  let v = (win(p) << 16) | (win(p + 1) << 8) | win(p + 2);
  for (; p < end; p++) {
    v = (v << 8) | win(p + 3);
    store<i32>(QUAD + (<usize>p << 2), v);
  }
  return n;
}

/** Subtracts `delta` from every stored position, clamping old ones to 0 (empty). */
function rebase(table: usize, n: i32, delta: i32): void {
  const end = table + (<usize>n << 2);
  for (let p = table; p < end; p += 4) {
    const v = load<i32>(p);
    store<i32>(p, v > delta ? v - delta : 0);
  }
}

/** Emits queued tokens as one block ending at window position `at`. */
function emitBlock(at: i32): void {
  if (at <= 0) return;
  const known = blockStart <= at;
  const src: usize = known ? WIN + <usize>blockStart : WIN;
  const srcLen = known ? at - blockStart : -1;
  blockStart = at;
  writeBlock(TOKENS, nTokens, false, src, srcLen);
  nTokens = 0;
}

/** The lazy-matching loop over the window (Go's compressor.deflate). */
function step(): void {
  const we = windowEnd;
  if (we - index < MIN_MATCH + MAX_MATCH && !sync) return;

  const hOff = hashOffset;
  const maxInsertIndex = we - (MIN_MATCH - 1);
  let idx = index;
  let head = chainHead;
  let len = length;
  let off = offset;
  let avail = byteAvailable;
  let nt = nTokens;

  for (;;) {
    const lookahead = we - idx;
    if (lookahead < MIN_MATCH + MAX_MATCH) {
      if (!sync) break;
      if (lookahead == 0) {
        if (avail) {
          store<i32>(TOKENS + (<usize>nt << 2), win(idx - 1));
          nt++;
          avail = false;
        }
        if (nt > 0) {
          nTokens = nt;
          emitBlock(idx);
          nt = 0;
        }
        break;
      }
    }
    if (idx < maxInsertIndex) {
      const hp = HASH_HEAD + (<usize>hash4(quad(idx)) << 2);
      head = load<i32>(hp);
      store<i32>(HASH_PREV + (<usize>(idx & WINDOW_MASK) << 2), head);
      store<i32>(hp, idx + hOff);
    }
    const prevLength = len;
    const prevOffset = off;
    len = MIN_MATCH - 1;
    off = 0;
    const minIndex = max(idx - WINDOW_SIZE, 0);

    if (head - hOff >= minIndex && lookahead > prevLength && prevLength < LAZY) {
      const found = findMatch(hOff, idx, head - hOff, lookahead);
      if (found != 0) {
        len = found & 0x1ff;
        off = found >>> 9;
      }
    }

    if (prevLength >= MIN_MATCH && len <= prevLength) {
      // The match found one byte back is at least as good: emit it and
      // hash every position it covers (idx - 1 and idx already are).
      store<i32>(TOKENS + (<usize>nt << 2), MATCH_FLAG | ((prevLength - 3) << LENGTH_SHIFT) | (prevOffset - 1));
      nt++;
      const newIndex = idx + prevLength - 1;
      for (let i = idx + 1; i < newIndex; i++) {
        if (i < maxInsertIndex) {
          const hp = HASH_HEAD + (<usize>hash4(quad(i)) << 2);
          store<i32>(HASH_PREV + (<usize>(i & WINDOW_MASK) << 2), load<i32>(hp));
          store<i32>(hp, i + hOff);
        }
      }
      idx = newIndex;
      avail = false;
      len = MIN_MATCH - 1;
      if (nt == MAX_BLOCK_TOKENS) {
        nTokens = nt;
        emitBlock(idx);
        nt = 0;
      }
    } else {
      if (avail) {
        store<i32>(TOKENS + (<usize>nt << 2), win(idx - 1));
        nt++;
        if (nt == MAX_BLOCK_TOKENS) {
          nTokens = nt;
          emitBlock(idx);
          nt = 0;
        }
      }
      idx++;
      avail = true;
    }
  }

  index = idx;
  chainHead = head;
  length = len;
  offset = off;
  byteAvailable = avail;
  nTokens = nt;
}

/**
 * Walks the hash chain from `head` looking for a match at `pos` longer than
 * 3 (Go's findMatch with prevLength 3). Returns (offset << 9) | length, or 0.
 * Go tests one byte (at the current best length) before measuring a
 * candidate; testing the four bytes ending there, and measuring eight bytes
 * at a time (the first differing byte found from the XOR), accepts exactly
 * the candidates Go's byte tests do, with the same lengths.
 */
function findMatch(hOff: i32, pos: i32, head: i32, lookahead: i32): i32 {
  const maxLook = min(lookahead, MAX_MATCH);
  const nice = min(maxLook, NICE);
  const maxLook8 = maxLook - 8;
  let best = MIN_MATCH - 1;
  let tries = best >= GOOD ? CHAIN >> 2 : CHAIN;
  let bestOffset = 0;
  const here = WIN + <usize>pos;
  // The 4 bytes ending at pos + best: a candidate beating `best` must match them.
  let tail = load<u32>(here + <usize>(best - 3));
  const minIndex = pos - WINDOW_SIZE;
  const lowest = max(minIndex, 0);

  for (let i = head; tries > 0; tries--) {
    const there = WIN + <usize>i;
    if (load<u32>(there + <usize>(best - 3)) == tail) {
      let n = 0;
      for (;;) {
        if (n > maxLook8) {
          while (n < maxLook && load<u8>(there + <usize>n) == load<u8>(here + <usize>n)) n++;
          break;
        }
        const x = load<u64>(there + <usize>n) ^ load<u64>(here + <usize>n);
        if (x != 0) {
          n += <i32>(ctz(x) >> 3);
          break;
        }
        n += 8;
      }
      if (n > best && (n > MIN_MATCH || pos - i <= 4096)) {
        best = n;
        bestOffset = pos - i;
        if (n >= nice) break;
        tail = load<u32>(here + <usize>(n - 3));
      }
    }
    if (i == minIndex) break;
    i = load<i32>(HASH_PREV + (<usize>(i & WINDOW_MASK) << 2)) - hOff;
    if (i < lowest) break;
  }
  return bestOffset == 0 ? 0 : (bestOffset << 9) | best;
}
