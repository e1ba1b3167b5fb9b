/**
 * The rule the soak holds the server's resident memory to (sampled each
 * second from /proc/PID/status, proc.mjs). RSS is "flat within T" when:
 *
 *   - the first `warmupS` seconds of the steady phase are not judged (the
 *     heap and the reply cache grow to their working size);
 *   - the judged seconds are cut into windows of `baselineS` seconds, and
 *     each window's level is its median sample: a Node process's RSS is a
 *     sawtooth that spikes for a few seconds when the heap grows for a burst
 *     of garbage and is handed back later, so single samples say little,
 *     while memory that is kept raises every later window's median;
 *   - the first window's level is the baseline, and no later window's level
 *     may be more than baseline × (1 + T).
 *
 * The highest single sample is reported too, but does not decide: a ten
 * minute run here met one GC spike of +13.6% for six seconds (152 MB over a
 * baseline level of 123 MB) while every window's median stayed within
 * 121–128 MB.
 */
/** The warm-up and window lengths for a steady phase of `durationS`: a tenth of it each, from 10 s to 60 s. */
export function rssWindows(durationS) {
  const tenth = Math.min(60, Math.max(10, Math.round(durationS / 10)));
  return { warmupS: tenth, baselineS: tenth };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
};

/**
 * Judges samples [{t: seconds into the phase, kb}] by the rule above. Returns
 * the baseline level, each window's level, the highest window and the highest
 * single sample (and when), the ratio that decides, a summary of the series,
 * and `ok` (with `problem` when not).
 */
export function judgeRss(samples, { warmupS, baselineS, tolerance }) {
  const judged = samples.filter((s) => s.t >= warmupS);
  const last = samples.at(-1);
  if (!last || last.t < warmupS + baselineS - 1 || judged.length === 0) {
    return { ok: false, problem: `too short to judge RSS: ${samples.length} samples, need ${warmupS} s of warm-up and a ${baselineS} s baseline window` };
  }
  const windows = [];
  for (const s of judged) {
    const i = Math.floor((s.t - warmupS) / baselineS);
    (windows[i] ??= { fromS: warmupS + i * baselineS, kbs: [] }).kbs.push(s.kb);
  }
  const levels = windows.filter(Boolean).map((w) => ({ fromS: w.fromS, kb: median(w.kbs) }));
  const baselineKb = levels[0].kb;
  const highest = levels.reduce((a, w) => (w.kb > a.kb ? w : a));
  const top = judged.reduce((a, s) => (s.kb > a.kb ? s : a));
  const sorted = judged.map((s) => s.kb).sort((a, b) => a - b);
  const ratio = highest.kb / baselineKb;
  const ok = ratio <= 1 + tolerance;
  return {
    ok,
    ...(ok ? {} : { problem: `RSS held at ${mb(highest.kb)} (the median of ${highest.fromS}–${highest.fromS + baselineS} s), ${((ratio - 1) * 100).toFixed(1)}% above the baseline ${mb(baselineKb)} (allowed ${(tolerance * 100).toFixed(0)}%)` }),
    baselineKb,
    levels,
    highestKb: highest.kb,
    highestAtS: highest.fromS,
    maxKb: top.kb,
    maxAtS: top.t,
    ratio,
    series: { samples: samples.length, first: samples[0].kb, min: sorted[0], median: sorted[sorted.length >> 1], last: last.kb },
  };
}

export const mb = (kb) => `${(kb / 1024).toFixed(1)} MB`;
