/**
 * Huffman code construction exactly as Go's compress/flate builds it
 * (huffman_code.go), which is not zlib's method:
 *
 * - symbols with non-zero frequency are ordered by (frequency, symbol);
 * - with one or two such symbols every one gets a 1-bit code;
 * - otherwise code lengths come from a lazy boundary package-merge limited to
 *   `maxBits` (and to n - 1), which on equal weights prefers a merged pair
 *   over a leaf; the most frequent symbols receive the shortest lengths;
 * - codes are then canonical (RFC 1951 3.2.2): per length, in symbol order.
 *
 * Codes are stored bit-reversed, ready to be written LSB first.
 */

const MAX_I32 = 0x7fffffff;
/** Go sizes its level tables for at most 16 levels. */
const LEVELS = 17;

export class HuffmanEncoder {
  /** Code length per symbol; 0 for symbols that did not occur. */
  readonly lens: Uint8Array;
  /** Bit-reversed code per symbol (meaningful only where lens is non-zero). */
  readonly codes: Uint16Array;

  // Scratch space, reused between calls.
  private readonly keys: Int32Array;
  private readonly sortedFreq: Int32Array;
  private readonly sortedSym: Uint16Array;
  private readonly bitCount = new Int32Array(LEVELS);
  private readonly lastFreq = new Int32Array(LEVELS + 1);
  private readonly nextCharFreq = new Int32Array(LEVELS + 1);
  private readonly nextPairFreq = new Int32Array(LEVELS + 1);
  private readonly needed = new Int32Array(LEVELS + 1);
  private readonly leaves = new Int32Array(LEVELS + 1);
  private readonly below = new Int32Array(LEVELS + 1);
  private readonly rowScratch = new Int32Array(LEVELS + 1);
  private snapCount = new Int32Array(1024);
  private snapBelow = new Int32Array(1024);

  constructor(readonly size: number) {
    this.lens = new Uint8Array(size);
    this.codes = new Uint16Array(size);
    this.keys = new Int32Array(size);
    this.sortedFreq = new Int32Array(size + 1);
    this.sortedSym = new Uint16Array(size + 1);
  }

  /** Total bits to code `freq` (first `size` entries) with the current lengths. */
  bitLength(freq: Int32Array): number {
    const lens = this.lens;
    let total = 0;
    for (let i = 0; i < this.size; i++) {
      const f = freq[i]!;
      if (f !== 0) total += f * lens[i]!;
    }
    return total;
  }

  /**
   * Rebuilds the code for `freq` (first `size` entries), lengths at most
   * `maxBits` (< 16). Frequencies must be below 2^22 (a block has at most
   * 16385 symbols).
   */
  generate(freq: Int32Array, maxBits: number): void {
    const size = this.size;
    const lens = this.lens;
    const keys = this.keys;
    let count = 0;
    for (let i = 0; i < size; i++) {
      const f = freq[i]!;
      lens[i] = 0;
      // (freq, symbol) packed into one int32 sorts by both at once (freq < 2^22).
      if (f !== 0) keys[count++] = f * 512 + i;
    }
    if (count <= 2) {
      let code = 0;
      for (let i = 0; i < size; i++) {
        if (freq[i] !== 0) {
          lens[i] = 1;
          this.codes[i] = code++;
        }
      }
      return;
    }
    const sorted = keys.subarray(0, count).sort();
    const sf = this.sortedFreq;
    const ss = this.sortedSym;
    for (let i = 0; i < count; i++) {
      const k = sorted[i]!;
      const sym = k & 511;
      ss[i] = sym;
      sf[i] = k >>> 9;
    }
    sf[count] = MAX_I32;

    const bitCount = this.bitCounts(count, maxBits);
    // The most frequent symbols (end of the sorted list) get the shortest codes.
    let p = count;
    for (let bits = 1; bits < bitCount.length; bits++) {
      for (let k = bitCount[bits]!; k > 0; k--) lens[ss[--p]!] = bits;
    }
    assignCanonical(lens, this.codes, size);
  }

  /**
   * Number of symbols per code length for the `n` (>= 3) sorted frequencies
   * in sortedFreq (terminated by MAX_I32). Index 0 is unused.
   *
   * Go keeps, per level, a row of leaf counts whose lower part is replaced by
   * the row below whenever the level takes a pair. Here a row is its own
   * leaf count plus a link to an immutable snapshot of the row below, so
   * taking a pair costs one snapshot instead of a row copy.
   */
  private bitCounts(n: number, maxBits: number): Int32Array {
    if (maxBits > n - 1) maxBits = n - 1;
    const f = this.sortedFreq;
    const last = this.lastFreq;
    const nextChar = this.nextCharFreq;
    const nextPair = this.nextPairFreq;
    const needed = this.needed;
    const leaves = this.leaves; // leaves taken on each level
    const below = this.below; // snapshot of the row below (0: all zero)
    let snaps = 1;
    needed.fill(0);
    nextPair.fill(0);
    for (let lv = 1; lv <= maxBits; lv++) {
      last[lv] = f[1]!;
      nextChar[lv] = f[2]!;
      nextPair[lv] = lv === 1 ? MAX_I32 : f[0]! + f[1]!;
      leaves[lv] = 2;
      below[lv] = 0;
    }
    // 2n - 2 nodes are needed on the top level; the first two are in place.
    needed[maxBits] = 2 * n - 4;

    let lv = maxBits;
    for (;;) {
      if (nextPair[lv] === MAX_I32 && nextChar[lv] === MAX_I32) {
        // Nothing left to take on this level: retire it and everything below.
        needed[lv] = 0;
        nextPair[lv + 1] = MAX_I32;
        lv++;
        continue;
      }
      const prev = last[lv]!;
      if (nextChar[lv]! < nextPair[lv]!) {
        const taken = leaves[lv]! + 1;
        last[lv] = nextChar[lv]!;
        leaves[lv] = taken;
        nextChar[lv] = f[taken]!;
      } else {
        last[lv] = nextPair[lv]!;
        if (snaps === this.snapCount.length) this.growSnapshots();
        this.snapCount[snaps] = leaves[lv - 1]!;
        this.snapBelow[snaps] = below[lv - 1]!;
        below[lv] = snaps++;
        needed[lv - 1] = 2;
      }
      needed[lv] = needed[lv]! - 1;
      if (needed[lv] === 0) {
        if (lv === maxBits) break;
        nextPair[lv + 1] = (prev + last[lv]!) | 0;
        lv++;
      } else {
        while (needed[lv - 1]! > 0) lv--;
      }
    }
    if (leaves[maxBits] !== n) throw new Error("gzip: huffman leaf count mismatch");

    // Unfold the top row: counts[j] for j = maxBits down to 1 (0 beyond the chain).
    const counts = this.rowScratch;
    counts.fill(0);
    counts[maxBits] = leaves[maxBits]!;
    for (let j = maxBits - 1, s = below[maxBits]!; j >= 1 && s !== 0; j--) {
      counts[j] = this.snapCount[s]!;
      s = this.snapBelow[s]!;
    }
    const out = this.bitCount.subarray(0, maxBits + 1);
    out[0] = 0;
    for (let j = maxBits, bits = 1; j > 0; j--, bits++) out[bits] = counts[j]! - counts[j - 1]!;
    return out;
  }

  private growSnapshots(): void {
    const count = new Int32Array(this.snapCount.length * 2);
    const link = new Int32Array(this.snapBelow.length * 2);
    count.set(this.snapCount);
    link.set(this.snapBelow);
    this.snapCount = count;
    this.snapBelow = link;
  }
}

/** Canonical RFC 1951 codes from lengths, stored bit-reversed. */
export function assignCanonical(lens: Uint8Array, codes: Uint16Array, size: number): void {
  const countPerLen = new Int32Array(16);
  for (let i = 0; i < size; i++) countPerLen[lens[i]!]!++;
  countPerLen[0] = 0;
  const next = new Int32Array(16);
  let code = 0;
  for (let bits = 1; bits < 16; bits++) {
    code = (code + countPerLen[bits - 1]!) << 1;
    next[bits] = code;
  }
  for (let i = 0; i < size; i++) {
    const len = lens[i]!;
    if (len !== 0) codes[i] = reverseBits(next[len]!++, len);
  }
}

/** The low `len` bits of `code`, in reverse order. */
export function reverseBits(code: number, len: number): number {
  let r = 0;
  for (let i = 0; i < len; i++) {
    r = (r << 1) | (code & 1);
    code >>>= 1;
  }
  return r;
}

let fixed: { literal: HuffmanEncoder; offset: HuffmanEncoder } | undefined;

/**
 * Go's fixed literal/length code (RFC 1951 3.2.6), kept for 286 symbols but
 * built over all 288 (286 and 287 shift where the 9-bit codes start), and
 * its fixed distance code: 5 bits for each of the 30 distance codes. Built
 * on first use, so loading the module costs nothing.
 */
export function fixedEncoders(): { literal: HuffmanEncoder; offset: HuffmanEncoder } {
  fixed ??= {
    literal: fixedEncoder(286, 288, (s) => (s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8)),
    offset: fixedEncoder(30, 30, () => 5),
  };
  return fixed;
}

function fixedEncoder(size: number, alphabet: number, lenOf: (s: number) => number): HuffmanEncoder {
  const lens = new Uint8Array(alphabet);
  const codes = new Uint16Array(alphabet);
  for (let s = 0; s < alphabet; s++) lens[s] = lenOf(s);
  assignCanonical(lens, codes, alphabet);
  const enc = new HuffmanEncoder(size);
  enc.lens.set(lens.subarray(0, size));
  enc.codes.set(codes.subarray(0, size));
  return enc;
}
