/**
 * Load from worker threads: `runClosed` (capacity) and `runOpen` (a fixed
 * rate) over all workers at once, their statistics merged: counts by kind
 * and outcome, latency histograms by kind, failures with what was wrong.
 * Reporting machines are split between workers so each machine's reports go
 * out one at a time, in order (a report not newer than the last is a replay).
 */
import { Worker } from "node:worker_threads";
import { Histogram } from "./histogram.mjs";

export class LoadPool {
  constructor({
    workers,
    url,
    fleet,
    reporters,
    sources,
    socketsPerSource,
    assetsDir,
    seed,
    timeoutMs = 10_000,
    mix,
    libraryUrl,
    onProgress,
  }) {
    this.onProgress = onProgress;
    this.workers = Array.from(
      { length: workers },
      (_, w) =>
        new Worker(new URL("./load-worker.mjs", import.meta.url), {
          workerData: {
            url,
            fleet,
            reporters: reporters.filter((_, k) => k % workers === w),
            sources,
            socketsPerSource,
            assetsDir,
            seed: seed + w * 7919,
            timeoutMs,
            mix,
            libraryUrl,
          },
        }),
    );
  }

  async ready() {
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise((resolve, reject) => {
            w.once("error", reject);
            w.once("message", (m) => (m.type === "ready" ? resolve() : reject(new Error(`load worker: ${JSON.stringify(m)}`))));
          }),
      ),
    );
  }

  /** Runs `msg` on every worker; resolves to the merged statistics. */
  async run(msg) {
    const progress = new Map();
    const results = await Promise.all(
      this.workers.map(
        (w, i) =>
          new Promise((resolve, reject) => {
            const onMessage = (m) => {
              if (m.type === "progress") {
                progress.set(i, m);
                if (progress.size === this.workers.length) {
                  this.onProgress?.(
                    [...progress.values()].reduce(
                      (a, p) => ({ done: a.done + p.done, bad: a.bad + p.bad, inFlight: a.inFlight + p.inFlight }),
                      { done: 0, bad: 0, inFlight: 0 },
                    ),
                  );
                  progress.clear();
                }
              } else if (m.type === "done") {
                w.off("message", onMessage);
                w.off("error", reject);
                resolve(m.stats);
              }
            };
            w.on("message", onMessage);
            w.once("error", reject);
            w.postMessage(msg);
          }),
      ),
    );
    return mergeStats(results);
  }

  runClosed(concurrency, ms) {
    const per = Math.max(1, Math.round(concurrency / this.workers.length));
    return this.run({ run: { concurrency: per, ms } });
  }

  runOpen(rate, ms) {
    return this.run({ run: { rate: rate / this.workers.length, ms } });
  }

  async close() {
    for (const w of this.workers) w.postMessage({ stop: true });
    await Promise.all(this.workers.map((w) => new Promise((r) => w.once("exit", r))));
  }
}

export function mergeStats(all) {
  const merged = {
    counts: {},
    latency: {},
    failures: [],
    failureCount: 0,
    sent: 0,
    skipped: 0,
    retried: 0,
    maxLagMs: 0,
    maxInFlight: 0,
    elapsedMs: 0,
  };
  for (const s of all) {
    for (const [k, n] of Object.entries(s.counts)) merged.counts[k] = (merged.counts[k] ?? 0) + n;
    for (const [kind, h] of Object.entries(s.latency)) {
      merged.latency[kind] ??= new Histogram();
      merged.latency[kind].merge(h);
    }
    merged.failures.push(...s.failures);
    merged.failureCount += s.failureCount;
    merged.sent += s.sent;
    merged.skipped += s.skipped;
    merged.retried += s.retried ?? 0;
    merged.maxLagMs = Math.max(merged.maxLagMs, s.maxLagMs);
    merged.maxInFlight += s.maxInFlight;
    merged.elapsedMs = Math.max(merged.elapsedMs, s.elapsedMs);
  }
  merged.all = new Histogram();
  for (const h of Object.values(merged.latency)) merged.all.merge(h.toJSON());
  merged.done = Object.values(merged.counts).reduce((a, n) => a + n, 0);
  return merged;
}
