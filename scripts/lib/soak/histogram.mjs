/**
 * Latencies in a log-scale histogram: buckets 2% wide from 10 µs up, so a
 * percentile is within 2% of the exact one at any scale, in a few hundred
 * counters that load workers send to the coordinator and it merges.
 */
const FLOOR_MS = 0.01;
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);

const bucketOf = (ms) => (ms <= FLOOR_MS ? 0 : 1 + Math.floor(Math.log(ms / FLOOR_MS) / LOG_GROWTH));
/** The largest latency a bucket holds. */
const upperOf = (bucket) => FLOOR_MS * GROWTH ** bucket;

export class Histogram {
  constructor() {
    /** bucket → count */
    this.buckets = new Map();
    this.count = 0;
    this.max = 0;
  }

  record(ms) {
    const b = bucketOf(ms);
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + 1);
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** The latency at or below which a fraction `p` (0–1) of the records fall (the bucket's top, or the max); undefined when empty. */
  percentile(p) {
    if (this.count === 0) return undefined;
    const rank = Math.max(1, Math.ceil(p * this.count));
    let seen = 0;
    for (const b of [...this.buckets.keys()].sort((x, y) => x - y)) {
      seen += this.buckets.get(b);
      if (seen >= rank) return Math.min(upperOf(b), this.max);
    }
    return this.max;
  }

  /** A plain value for postMessage / JSON. */
  toJSON() {
    return { buckets: [...this.buckets], count: this.count, max: this.max };
  }

  /** Adds what another histogram's toJSON() holds. */
  merge(other) {
    for (const [b, n] of other.buckets) this.buckets.set(b, (this.buckets.get(b) ?? 0) + n);
    this.count += other.count;
    if (other.max > this.max) this.max = other.max;
  }
}
