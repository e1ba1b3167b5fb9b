// Time per byte, for the "linear in its size" half of the property. Each
// worker keeps a sample of ms/byte per entry point and size class, and the
// slowest inputs as candidates; the campaign merges them, and a candidate is
// re-timed before it becomes a finding:
//   - slow: ms/byte more than SLOW_FACTOR times the median of its class;
//   - superlinear: a grown input (scripts/fuzz/cases.mjs) taking more than
//     GROWTH_LIMIT times as long as the same input at half its growth.
// Inputs under FLOOR_MS are never findings: at that scale the noise of a
// shared machine and the garbage collector decide.
export const SLOW_FACTOR = 50;
export const GROWTH_LIMIT = 3;
export const FLOOR_MS = 25;
const SAMPLE = 512;
/** Candidates re-timed per kind (slow or superlinear), entry point and size class. */
const PER_KEY = 3;
const KEEP = 64;

export const sizeClass = (bytes) => (bytes < 64 ? 5 : Math.floor(Math.log2(bytes)));
export const classKey = (entry, bytes) => `${entry} ${2 ** sizeClass(bytes)}B+`;

export class Timing {
  constructor() {
    this.samples = {};
    this.seen = {};
    this.candidates = [];
  }

  add(index, entry, bytes, ms) {
    const key = classKey(entry, bytes);
    const perByte = ms / Math.max(bytes, 1);
    this.samples[key] ??= [];
    const s = this.samples[key];
    const n = (this.seen[key] ?? 0) + 1;
    this.seen[key] = n;
    if (s.length < SAMPLE) s.push(perByte);
    else {
      const j = Math.floor(Math.random() * n); // reservoir sampling: every input equally likely to stay
      if (j < SAMPLE) s[j] = perByte;
    }
    if (ms >= FLOOR_MS) this.keep({ index, key, perByte, ms, why: "slow" });
  }

  /** A grown input and its half: `ms` and `halfMs`. */
  addGrowth(index, entry, bytes, ms, halfMs) {
    if (ms >= FLOOR_MS && ms / Math.max(halfMs, 0.01) > GROWTH_LIMIT)
      this.keep({ index, key: classKey(entry, bytes), ms, halfMs, why: "superlinear" });
  }

  keep(c) {
    this.candidates.push(c);
    if (this.candidates.length > KEEP * 2) {
      this.candidates.sort((a, b) => b.ms - a.ms);
      this.candidates.length = KEEP;
    }
  }

  toJSON() {
    return { samples: this.samples, candidates: this.candidates };
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : 0;
};

/** The candidates worth re-timing, from every worker's Timing.toJSON(). */
export function slowCandidates(parts) {
  const samples = {};
  for (const p of parts) {
    for (const [k, v] of Object.entries(p.samples)) {
      samples[k] ??= [];
      samples[k].push(...v);
    }
  }
  const medians = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const out = [];
  const seen = new Set();
  const perKey = {};
  // Superlinear ones first (the linear-time property itself), then the slowest; a few per entry point and size,
  // so that one kind of slow input (an alias nest, say) does not crowd out the others.
  const order = (c) => (c.why === "superlinear" ? 1e9 : 0) + c.ms;
  for (const c of parts.flatMap((p) => p.candidates).sort((a, b) => order(b) - order(a))) {
    if (seen.has(c.index)) continue;
    if (c.why === "slow" && !(c.perByte > SLOW_FACTOR * (medians[c.key] ?? Infinity))) continue;
    const k = `${c.why} ${c.key}`;
    perKey[k] = (perKey[k] ?? 0) + 1;
    if (perKey[k] > PER_KEY) continue;
    seen.add(c.index);
    out.push({ ...c, median: medians[c.key] });
  }
  return { candidates: out, medians };
}

/** Whether re-measured times (minimum of several runs) confirm a candidate. */
export function confirmed(c, again) {
  if (again.ms < FLOOR_MS) return false;
  if (c.why === "superlinear") return again.ms / Math.max(again.halfMs, 0.01) > GROWTH_LIMIT;
  return again.ms / Math.max(again.bytes, 1) > SLOW_FACTOR * c.median;
}
