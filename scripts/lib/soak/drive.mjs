/**
 * Driving load: closed loop (`concurrency` requests always in flight: how
 * fast can it go) or open loop (`rate` requests a second on a fixed
 * schedule, whatever the answers do: latency counts from when a request was
 * due, so a stall shows in full), until `ms` have passed or `stop()` says
 * so. Each answer is checked; the statistics are plain data: counts by
 * "KIND OUTCOME", latency histograms by kind, the first failures.
 */
import { Histogram } from "./histogram.mjs";

export function newStats() {
  return { counts: {}, latency: {}, failures: [], failureCount: 0, sent: 0, skipped: 0, maxLagMs: 0, maxInFlight: 0 };
}

/**
 * `send(r)` resolves to {status, headers, body} or {error}; `next()` gives
 * the next request (undefined to skip one); `tick(second)` is called each
 * second with {done, bad, inFlight}.
 */
export async function drive({ send, next, run, stop = () => false, tick }) {
  const stats = newStats();
  const hist = new Map();
  let inFlight = 0;
  let second = { done: 0, bad: 0 };
  const started = performance.now();
  const progress = setInterval(() => {
    tick?.({ ...second, inFlight });
    second = { done: 0, bad: 0 };
  }, 1000);
  const over = () => performance.now() - started >= (run.ms ?? Infinity) || stop();

  const fire = async (due) => {
    const r = next();
    if (!r) return void stats.skipped++;
    stats.sent++;
    inFlight++;
    if (inFlight > stats.maxInFlight) stats.maxInFlight = inFlight;
    const out = await send(r);
    r.done?.();
    inFlight--;
    const ms = performance.now() - due;
    const problem = out.error ? out.error : r.check(out.status, out.body, out.headers);
    const key = `${r.kind} ${out.error ? `error ${out.error}` : out.status}${problem && !out.error ? " (wrong answer)" : ""}`;
    stats.counts[key] = (stats.counts[key] ?? 0) + 1;
    if (!hist.has(r.kind)) hist.set(r.kind, new Histogram());
    hist.get(r.kind).record(ms);
    second.done++;
    if (problem) {
      second.bad++;
      stats.failureCount++;
      if (stats.failures.length < 20)
        stats.failures.push({
          at: new Date().toISOString(),
          kind: r.kind,
          valid: r.valid,
          method: r.method,
          path: r.path,
          problem: String(problem).slice(0, 300),
        });
    }
  };

  if (run.concurrency) {
    await Promise.all(
      Array.from({ length: run.concurrency }, async () => {
        while (!over()) await fire(performance.now());
      }),
    );
  } else {
    const interval = 1000 / run.rate;
    const last = run.ms === undefined ? Infinity : Math.ceil(run.ms / interval);
    let i = 0;
    const pending = new Set();
    await new Promise((resolve) => {
      const step = () => {
        const now = performance.now();
        const due = Math.min(Math.floor((now - started) / interval) + 1, last);
        if (i < due) stats.maxLagMs = Math.max(stats.maxLagMs, now - (started + i * interval));
        for (; i < due; i++) {
          const p = fire(started + i * interval);
          pending.add(p);
          void p.finally(() => pending.delete(p));
        }
        if (over()) return resolve();
        setTimeout(step, 1);
      };
      step();
    });
    await Promise.all(pending);
  }
  clearInterval(progress);
  stats.elapsedMs = performance.now() - started;
  for (const [kind, h] of hist) stats.latency[kind] = h.toJSON();
  return stats;
}
