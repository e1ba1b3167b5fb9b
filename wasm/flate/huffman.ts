/**
 * Huffman code construction exactly as Go's compress/flate builds it
 * (huffman_code.go); mirrors src/gocompat/flate/huffman.ts:
 * - symbols with non-zero frequency ordered by (frequency, symbol);
 * - one or two such symbols: every one gets a 1-bit code;
 * - otherwise lengths from Go's lazy boundary package-merge limited to
 *   maxBits (and n - 1), the most frequent symbols getting the shortest;
 * - canonical codes (RFC 1951 3.2.2), stored bit-reversed for LSB-first output.
 *
 * An encoder is a pair of arrays in static memory: lens (u8 per symbol) and
 * codes (u16 per symbol). Frequencies are i32 arrays.
 */

const MAX_I32: i32 = 0x7fffffff;
const LEVELS: i32 = 17;
const MAX_SYMBOLS: i32 = 288;
/** Snapshot rows; a 286-symbol, 15-level build takes far fewer. */
const MAX_SNAPS: i32 = 1 << 15;

// Scratch space shared by every build (builds never nest).
const KEYS: usize = memory.data(MAX_SYMBOLS * 4, 16);
const SORTED_FREQ: usize = memory.data((MAX_SYMBOLS + 1) * 4, 16);
const SORTED_SYM: usize = memory.data((MAX_SYMBOLS + 1) * 2, 16);
const BIT_COUNT: usize = memory.data((LEVELS + 1) * 4, 16);
const LAST: usize = memory.data((LEVELS + 1) * 4, 16);
const NEXT_CHAR: usize = memory.data((LEVELS + 1) * 4, 16);
const NEXT_PAIR: usize = memory.data((LEVELS + 1) * 4, 16);
const NEEDED: usize = memory.data((LEVELS + 1) * 4, 16);
const LEAVES: usize = memory.data((LEVELS + 1) * 4, 16);
const BELOW: usize = memory.data((LEVELS + 1) * 4, 16);
const ROW: usize = memory.data((LEVELS + 1) * 4, 16);
const SNAP_COUNT: usize = memory.data(MAX_SNAPS * 4, 16);
const SNAP_BELOW: usize = memory.data(MAX_SNAPS * 4, 16);
const COUNT_PER_LEN: usize = memory.data(16 * 4, 16);
const NEXT_CODE: usize = memory.data(16 * 4, 16);

@inline function geti(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}
@inline function seti(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}

/** Total bits to code `freq` (first `size` entries) with lengths `lens`. */
export function bitLength(freq: usize, lens: usize, size: i32): i32 {
  let total = 0;
  for (let i = 0; i < size; i++) {
    const f = geti(freq, i);
    if (f != 0) total += f * <i32>load<u8>(lens + <usize>i);
  }
  return total;
}

/**
 * Rebuilds the code for `freq` (first `size` entries) into lens/codes,
 * lengths at most `maxBits` (< 16). Frequencies must be below 2^22.
 */
export function generate(freq: usize, size: i32, maxBits: i32, lens: usize, codes: usize): void {
  let count = 0;
  for (let i = 0; i < size; i++) {
    const f = geti(freq, i);
    store<u8>(lens + <usize>i, 0);
    // (freq, symbol) packed into one i32 sorts by both at once.
    if (f != 0) seti(KEYS, count++, f * 512 + i);
  }
  if (count <= 2) {
    let code: u16 = 0;
    for (let i = 0; i < size; i++) {
      if (geti(freq, i) != 0) {
        store<u8>(lens + <usize>i, 1);
        store<u16>(codes + (<usize>i << 1), code++);
      }
    }
    return;
  }
  sortKeys(count);
  for (let i = 0; i < count; i++) {
    const k = geti(KEYS, i);
    store<u16>(SORTED_SYM + (<usize>i << 1), <u16>(k & 511));
    seti(SORTED_FREQ, i, k >>> 9);
  }
  seti(SORTED_FREQ, count, MAX_I32);

  const top = bitCounts(count, maxBits);
  // The most frequent symbols (end of the sorted list) get the shortest codes.
  let p = count;
  for (let bits = 1; bits <= top; bits++) {
    for (let k = geti(BIT_COUNT, bits); k > 0; k--) {
      p--;
      store<u8>(lens + <usize>load<u16>(SORTED_SYM + (<usize>p << 1)), <u8>bits);
    }
  }
  assignCanonical(lens, codes, size);
}

/** Ascending sort of KEYS[0..n) (distinct values, n <= 288): insertion sort. */
function sortKeys(n: i32): void {
  for (let i = 1; i < n; i++) {
    const k = geti(KEYS, i);
    let j = i - 1;
    while (j >= 0 && geti(KEYS, j) > k) {
      seti(KEYS, j + 1, geti(KEYS, j));
      j--;
    }
    seti(KEYS, j + 1, k);
  }
}

/**
 * Symbols per code length for the n (>= 3) sorted frequencies in SORTED_FREQ,
 * written to BIT_COUNT[1..top]; returns top (maxBits limited to n - 1).
 * A level's row is its own leaf count plus a link to an immutable snapshot of
 * the row below, so taking a pair costs one snapshot instead of a row copy.
 */
function bitCounts(n: i32, maxBits: i32): i32 {
  if (maxBits > n - 1) maxBits = n - 1;
  const f = SORTED_FREQ;
  let snaps = 1;
  for (let i = 0; i <= LEVELS; i++) {
    seti(NEEDED, i, 0);
    seti(NEXT_PAIR, i, 0);
  }
  for (let lv = 1; lv <= maxBits; lv++) {
    seti(LAST, lv, geti(f, 1));
    seti(NEXT_CHAR, lv, geti(f, 2));
    seti(NEXT_PAIR, lv, lv == 1 ? MAX_I32 : geti(f, 0) + geti(f, 1));
    seti(LEAVES, lv, 2);
    seti(BELOW, lv, 0);
  }
  // 2n - 2 nodes are needed on the top level; the first two are in place.
  seti(NEEDED, maxBits, 2 * n - 4);

  let lv = maxBits;
  for (;;) {
    if (geti(NEXT_PAIR, lv) == MAX_I32 && geti(NEXT_CHAR, lv) == MAX_I32) {
      // Nothing left to take on this level: retire it and everything below.
      seti(NEEDED, lv, 0);
      seti(NEXT_PAIR, lv + 1, MAX_I32);
      lv++;
      continue;
    }
    const prev = geti(LAST, lv);
    if (geti(NEXT_CHAR, lv) < geti(NEXT_PAIR, lv)) {
      const taken = geti(LEAVES, lv) + 1;
      seti(LAST, lv, geti(NEXT_CHAR, lv));
      seti(LEAVES, lv, taken);
      seti(NEXT_CHAR, lv, geti(f, taken));
    } else {
      seti(LAST, lv, geti(NEXT_PAIR, lv));
      if (snaps == MAX_SNAPS) unreachable();
      seti(SNAP_COUNT, snaps, geti(LEAVES, lv - 1));
      seti(SNAP_BELOW, snaps, geti(BELOW, lv - 1));
      seti(BELOW, lv, snaps++);
      seti(NEEDED, lv - 1, 2);
    }
    const needed = geti(NEEDED, lv) - 1;
    seti(NEEDED, lv, needed);
    if (needed == 0) {
      if (lv == maxBits) break;
      seti(NEXT_PAIR, lv + 1, prev + geti(LAST, lv));
      lv++;
    } else {
      while (geti(NEEDED, lv - 1) > 0) lv--;
    }
  }
  if (geti(LEAVES, maxBits) != n) unreachable();

  // Unfold the top row: counts[j] for j = maxBits down to 1 (0 beyond the chain).
  for (let i = 0; i <= LEVELS; i++) seti(ROW, i, 0);
  seti(ROW, maxBits, geti(LEAVES, maxBits));
  for (let j = maxBits - 1, s = geti(BELOW, maxBits); j >= 1 && s != 0; j--) {
    seti(ROW, j, geti(SNAP_COUNT, s));
    s = geti(SNAP_BELOW, s);
  }
  seti(BIT_COUNT, 0, 0);
  for (let j = maxBits, bits = 1; j > 0; j--, bits++) seti(BIT_COUNT, bits, geti(ROW, j) - geti(ROW, j - 1));
  return maxBits;
}

/** Canonical RFC 1951 codes from lengths, stored bit-reversed. */
export function assignCanonical(lens: usize, codes: usize, size: i32): void {
  for (let i = 0; i < 16; i++) seti(COUNT_PER_LEN, i, 0);
  for (let i = 0; i < size; i++) {
    const len = <i32>load<u8>(lens + <usize>i);
    seti(COUNT_PER_LEN, len, geti(COUNT_PER_LEN, len) + 1);
  }
  seti(COUNT_PER_LEN, 0, 0);
  let code = 0;
  for (let bits = 1; bits < 16; bits++) {
    code = (code + geti(COUNT_PER_LEN, bits - 1)) << 1;
    seti(NEXT_CODE, bits, code);
  }
  for (let i = 0; i < size; i++) {
    const len = <i32>load<u8>(lens + <usize>i);
    if (len != 0) {
      const c = geti(NEXT_CODE, len);
      seti(NEXT_CODE, len, c + 1);
      store<u16>(codes + (<usize>i << 1), <u16>reverseBits(c, len));
    }
  }
}

/** The low `len` bits of `code`, in reverse order. */
function reverseBits(code: i32, len: i32): i32 {
  let r = 0;
  for (let i = 0; i < len; i++) {
    r = (r << 1) | (code & 1);
    code >>>= 1;
  }
  return r;
}

/** Go's fixed literal/length code, built over all 288 symbols (286 used). */
export const FIXED_LIT_LENS: usize = memory.data(MAX_SYMBOLS, 16);
export const FIXED_LIT_CODES: usize = memory.data(MAX_SYMBOLS * 2, 16);
/** Go's fixed distance code: 5 bits for each of the 30 codes. */
export const FIXED_OFF_LENS: usize = memory.data(32, 16);
export const FIXED_OFF_CODES: usize = memory.data(64, 16);

export function initFixed(): void {
  for (let s = 0; s < MAX_SYMBOLS; s++) {
    store<u8>(FIXED_LIT_LENS + <usize>s, s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8);
  }
  assignCanonical(FIXED_LIT_LENS, FIXED_LIT_CODES, MAX_SYMBOLS);
  for (let s = 0; s < 30; s++) store<u8>(FIXED_OFF_LENS + <usize>s, 5);
  assignCanonical(FIXED_OFF_LENS, FIXED_OFF_CODES, 30);
}
