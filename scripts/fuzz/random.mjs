// A small deterministic random source (sfc32), seeded from text, so that
// input number N of a campaign with seed S is the same input on every
// machine, in every worker, at every worker count.
import { createHash } from "node:crypto";

export class Random {
  /** @param {string} seed */
  constructor(seed) {
    const h = createHash("sha256").update(seed).digest();
    this.a = h.readUInt32LE(0);
    this.b = h.readUInt32LE(4);
    this.c = h.readUInt32LE(8);
    this.d = h.readUInt32LE(12);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** An independent copy in the same state. */
  copy() {
    return Object.assign(Object.create(Random.prototype), this);
  }

  /** A uniform 32-bit unsigned integer. */
  next() {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [0, n). */
  int(n) {
    return n <= 0 ? 0 : Math.floor((this.next() / 4294967296) * n);
  }

  /** An integer in [lo, hi]. */
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }

  chance(p) {
    return this.next() / 4294967296 < p;
  }

  pick(items) {
    return items[this.int(items.length)];
  }

  /** Picks from [weight, value] pairs. */
  weighted(pairs) {
    let total = 0;
    for (const [w] of pairs) total += w;
    let r = this.int(total);
    for (const [w, v] of pairs) {
      if (r < w) return v;
      r -= w;
    }
    return pairs[pairs.length - 1][1];
  }

  /** Small numbers more often than large ones: 1, 2, 4 … up to `max`. */
  small(max) {
    return Math.min(max, 1 + this.int(1 << this.int(Math.ceil(Math.log2(max + 1)))));
  }
}
