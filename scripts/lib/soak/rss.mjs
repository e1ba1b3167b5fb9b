/**
 * The rule the soak holds the server's resident memory to (sampled each
 * second from /proc/PID/status, proc.mjs). RSS is "flat within T" when:
 *
 *   - the first `warmupS` seconds of the steady phase are not judged (the
 *     heap and the reply cache grow to their working size);
 *   - the baseline is the highest sample of the next `baselineS` seconds
 *     (a Node process's RSS is a sawtooth between collections: the peak is
 *     what grows when memory is kept, so peaks are compared with peaks);
 *   - every later sample is at most baseline × (1 + T).
 */
/** The warm-up and baseline windows for a steady phase of `durationS`: a tenth of it each, from 10 s to 60 s. */
export function rssWindows(durationS) {
  const tenth = Math.min(60, Math.max(10, Math.round(durationS / 10)));
  return { warmupS: tenth, baselineS: tenth };
}

/**
 * Judges samples [{t: seconds into the phase, kb}] by the rule above. Returns
 * the baseline, the highest judged sample and when it was taken, their
 * ratio, a summary of the series, and `ok` (with `problem` when not).
 */
export function judgeRss(samples, { warmupS, baselineS, tolerance }) {
  const judged = samples.filter((s) => s.t >= warmupS);
  const window = judged.filter((s) => s.t < warmupS + baselineS);
  const last = samples.at(-1);
  if (!last || last.t < warmupS + baselineS - 1 || window.length === 0) {
    return { ok: false, problem: `too short to judge RSS: ${samples.length} samples, need ${warmupS} s of warm-up and a ${baselineS} s baseline window` };
  }
  const baselineKb = Math.max(...window.map((s) => s.kb));
  const top = judged.reduce((a, s) => (s.kb > a.kb ? s : a));
  const sorted = judged.map((s) => s.kb).sort((a, b) => a - b);
  const ratio = top.kb / baselineKb;
  const ok = ratio <= 1 + tolerance;
  return {
    ok,
    ...(ok ? {} : { problem: `RSS reached ${mb(top.kb)} at ${top.t} s, ${((ratio - 1) * 100).toFixed(1)}% above the baseline ${mb(baselineKb)} (allowed ${(tolerance * 100).toFixed(0)}%)` }),
    baselineKb,
    maxKb: top.kb,
    maxAtS: top.t,
    ratio,
    series: { samples: samples.length, first: samples[0].kb, min: sorted[0], median: sorted[sorted.length >> 1], last: last.kb },
  };
}

export const mb = (kb) => `${(kb / 1024).toFixed(1)} MB`;
