// The soak's measures (scripts/lib/soak): the latency histogram workers
// merge, and the RSS rule "flat within 10%" as the soak defines it.
import { describe, expect, it } from "vitest";
import { Histogram } from "../../scripts/lib/soak/histogram.mjs";
import { judgeRss, rssWindows } from "../../scripts/lib/soak/rss.mjs";

describe("latency histogram", () => {
  it("gives percentiles within the bucket width (2%) of the exact ones", () => {
    const h = new Histogram();
    for (let ms = 1; ms <= 1000; ms++) h.record(ms);
    expect(h.count).toBe(1000);
    expect(h.percentile(0.5)! / 500).toBeGreaterThanOrEqual(0.98);
    expect(h.percentile(0.5)! / 500).toBeLessThanOrEqual(1.02);
    expect(h.percentile(0.99)! / 990).toBeGreaterThanOrEqual(0.98);
    expect(h.percentile(0.99)! / 990).toBeLessThanOrEqual(1.02);
    expect(h.max).toBe(1000);
  });

  it("merges what workers send as if one had recorded everything", () => {
    const a = new Histogram();
    const b = new Histogram();
    const all = new Histogram();
    for (let i = 0; i < 500; i++) {
      const x = 0.05 + ((i * 7919) % 1000) / 10;
      (i % 3 ? a : b).record(x);
      all.record(x);
    }
    const merged = new Histogram();
    merged.merge(JSON.parse(JSON.stringify(a.toJSON())));
    merged.merge(JSON.parse(JSON.stringify(b.toJSON())));
    expect(merged.count).toBe(all.count);
    for (const p of [0.5, 0.9, 0.99, 1]) expect(merged.percentile(p)).toBe(all.percentile(p));
  });

  it("has no percentiles when empty, and keeps tiny and huge values", () => {
    const h = new Histogram();
    expect(h.percentile(0.5)).toBeUndefined();
    h.record(0);
    h.record(120_000);
    expect(h.percentile(0)).toBeLessThan(0.02);
    expect(h.percentile(1)).toBeGreaterThanOrEqual(120_000);
  });
});

describe("RSS flat within a tolerance", () => {
  const series = (f: (t: number) => number, seconds: number) => Array.from({ length: seconds }, (_, t) => ({ t, kb: f(t) }));

  it("windows scale with the run: a tenth of it, warm-up from 10 s and windows from 15 s, at most 60 s", () => {
    expect(rssWindows(600)).toEqual({ warmupS: 60, windowS: 60 });
    expect(rssWindows(60)).toEqual({ warmupS: 10, windowS: 15 });
    expect(rssWindows(3600)).toEqual({ warmupS: 60, windowS: 60 });
  });

  it("passes a sawtooth that does not grow, whatever the warm-up did", () => {
    // Warm-up climbs from 40 MB; then a GC sawtooth between 90 and 99 MB.
    const v = judgeRss(
      series((t) => (t < 10 ? 40_000 + t * 5000 : 90_000 + (t % 5) * 2250), 60),
      { warmupS: 10, windowS: 15, tolerance: 0.1 },
    );
    expect(v.ok).toBe(true);
    expect(v.baselineKb).toBe(90_000);
    expect(v.maxKb).toBe(99_000);
  });

  it("passes a level RSS with a few seconds' GC spike far above it, and reports the spike", () => {
    // As a ten-minute run here: level near 124 MB, six seconds at up to 152 MB.
    const v = judgeRss(
      series((t) => (t >= 230 && t < 236 ? 144_000 + (t - 230) * 1_500 : 124_000 + (t % 7) * 500), 600),
      { warmupS: 60, windowS: 60, tolerance: 0.1 },
    );
    expect(v.ok).toBe(true);
    expect(v.maxKb).toBe(151_500);
    expect(v.maxAtS).toBe(235);
    expect(v.ratio).toBe(1);
  });

  it("passes a short run whose spike fills most of a window (as a 60 s CI run here did)", () => {
    // Floor near 122 MB; 30–38 s at 150-158 MB: that window's median was 21% over the first's.
    const v = judgeRss(
      series((t) => (t >= 30 && t < 38 ? 150_000 + (t - 30) * 1_000 : 122_000 + (t % 3) * 4_000), 60),
      { warmupS: 10, windowS: 15, tolerance: 0.1 },
    );
    expect(v.ok).toBe(true);
  });

  it("fails a slow leak once a window's floor passes the baseline's by more than the tolerance, naming the window", () => {
    // 100 MB growing 0.5% a second after warm-up: 100 * 1.005^t.
    const v = judgeRss(
      series((t) => Math.round(100_000 * 1.005 ** t), 60),
      { warmupS: 10, windowS: 15, tolerance: 0.1 },
    );
    expect(v.ok).toBe(false);
    expect(v.baselineKb).toBe(Math.round(100_000 * 1.005 ** 10));
    // 55–59 s is a third of a window and left out; 40–55 s decides.
    expect(v.highestKb).toBe(Math.round(100_000 * 1.005 ** 40));
    expect(v.highestAtS).toBe(40);
    expect(v.problem).toMatch(/^RSS stayed at [\d.]+ MB or more \(the lowest sample of 40–55 s\), [\d.]+% above the baseline/);
  });

  it("fails memory that is kept in a step, even when the step comes late", () => {
    const v = judgeRss(
      series((t) => (t < 500 ? 120_000 : 140_000), 600),
      { warmupS: 60, windowS: 60, tolerance: 0.1 },
    );
    expect(v.ok).toBe(false);
    expect(v.highestAtS).toBe(540);
  });

  it("leaves out a last window too short to have a floor", () => {
    // Windows 10-25, 25-40, 40-55, then 55-70: 7 samples of it at 62 s (left out), all 15 at 70 s (judged).
    const step = (t: number) => (t >= 55 ? 140_000 : 120_000);
    expect(judgeRss(series(step, 62), { warmupS: 10, windowS: 15, tolerance: 0.1 }).ok).toBe(true);
    expect(judgeRss(series(step, 70), { warmupS: 10, windowS: 15, tolerance: 0.1 }).ok).toBe(false);
  });

  it("refuses to judge a run too short to have a baseline window", () => {
    const v = judgeRss(
      series(() => 100_000, 12),
      { warmupS: 10, windowS: 15, tolerance: 0.1 },
    );
    expect(v.ok).toBe(false);
    expect(v.problem).toMatch(/too short/);
  });
});
