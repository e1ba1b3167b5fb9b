/**
 * The rule the soak holds the server's resident memory to (sampled each
 * second from /proc/PID/status, proc.mjs). RSS is "flat within T" when:
 *
 *   - the first `warmupS` seconds of the steady phase are not judged (the
 *     heap and the reply cache grow to their working size);
 *   - the judged seconds are cut into windows of `windowS` seconds (a last
 *     window shorter than half of that is left out), and each window's level
 *     is its lowest sample, the floor of the sawtooth: a Node process's RSS
 *     spikes for seconds at a time when the heap grows for a burst of
 *     garbage and is handed back later, which moves a window's highest and
 *     even its median sample, while memory that is kept raises every later
 *     floor;
 *   - the first window's floor is the baseline, and no later window's floor
 *     may be more than baseline × (1 + T).
 *
 * The highest single sample is reported too, but does not decide. Runs here
 * met a six-second spike of +13.6% (152 MB over a floor near 121 MB) in ten
 * minutes, and in 60 s a window whose median was 21% over the first's while
 * its floor was not.
 */
/** The warm-up and window lengths for a steady phase of `durationS`: a tenth of it, warm-up from 10 s and windows from 15 s, both at most 60 s. */
export function rssWindows(durationS) {
  const tenth = Math.round(durationS / 10);
  return { warmupS: Math.min(60, Math.max(10, tenth)), windowS: Math.min(60, Math.max(15, tenth)) };
}

/**
 * Judges samples [{t: seconds into the phase, kb}] by the rule above. Returns
 * the baseline floor, each window's floor, the highest floor and the highest
 * single sample (and when), the ratio that decides, a summary of the series,
 * and `ok` (with `problem` when not).
 */
export function judgeRss(samples, { warmupS, windowS, tolerance }) {
  const judged = samples.filter((s) => s.t >= warmupS);
  const last = samples.at(-1);
  if (!last || last.t < warmupS + windowS - 1 || judged.length === 0) {
    return {
      ok: false,
      problem: `too short to judge RSS: ${samples.length} samples, need ${warmupS} s of warm-up and a ${windowS} s baseline window`,
    };
  }
  const windows = [];
  for (const s of judged) {
    const i = Math.floor((s.t - warmupS) / windowS);
    windows[i] ??= { fromS: warmupS + i * windowS, kbs: [] };
    windows[i].kbs.push(s.kb);
  }
  const whole = windows.filter((w, i) => w && (i === 0 || w.kbs.length * 2 >= windowS));
  const levels = whole.map((w) => ({ fromS: w.fromS, toS: w.fromS + windowS, kb: Math.min(...w.kbs) }));
  const baselineKb = levels[0].kb;
  const highest = levels.reduce((a, w) => (w.kb > a.kb ? w : a));
  const top = judged.reduce((a, s) => (s.kb > a.kb ? s : a));
  const sorted = judged.map((s) => s.kb).sort((a, b) => a - b);
  const ratio = highest.kb / baselineKb;
  const ok = ratio <= 1 + tolerance;
  return {
    ok,
    ...(ok
      ? {}
      : {
          problem: `RSS stayed at ${mb(highest.kb)} or more (the lowest sample of ${highest.fromS}–${highest.toS} s), ${((ratio - 1) * 100).toFixed(1)}% above the baseline ${mb(baselineKb)} (allowed ${(tolerance * 100).toFixed(0)}%)`,
        }),
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
