/**
 * What a soak run must show, as a list of violations (empty: it passed),
 * and the summary it prints. Counts are "KIND OUTCOME" keys from the load
 * workers, "(wrong answer)" marking a status that was right with a body
 * that was not.
 */
import { mb } from "./rss.mjs";

const isOk = (kind, outcome) => (kind === "unknown" ? outcome === "404" : /^2\d\d$/.test(outcome));

/** Splits counts into machines of the fleet and unknown machines, each right or wrong. */
export function classify(counts) {
  const out = { valid: { ok: 0, bad: {} }, unknown: { ok: 0, bad: {} } };
  for (const [key, n] of Object.entries(counts)) {
    const [kind, ...rest] = key.split(" ");
    const outcome = rest.join(" ");
    const side = kind === "unknown" ? out.unknown : out.valid;
    if (isOk(kind, outcome)) side.ok += n;
    else side.bad[key] = (side.bad[key] ?? 0) + n;
  }
  return out;
}

export function verdict({ phases, editor, rss, target, achieved, server }) {
  const v = [];
  for (const [name, stats] of Object.entries(phases)) {
    const c = classify(stats.counts);
    const bad = Object.entries(c.valid.bad);
    if (bad.length)
      v.push(
        `${name}: machines of the fleet got ${bad.reduce((a, [, n]) => a + n, 0)} answers that were not 2xx or not theirs: ${bad.map(([k, n]) => `${k} ×${n}`).join(", ")}`,
      );
    const odd = Object.entries(c.unknown.bad);
    if (odd.length) v.push(`${name}: unknown machines got answers other than 404: ${odd.map(([k, n]) => `${k} ×${n}`).join(", ")}`);
  }
  if (achieved !== undefined && target !== undefined && achieved < target * 0.95)
    v.push(
      `the load ran at ${achieved.toFixed(0)} req/s, below 95% of the ${target.toFixed(0)} req/s asked for: the generator could not keep the pace, so the run does not show the server at that load`,
    );
  for (const p of editor.problems) v.push(`edits: ${p}`);
  if (editor.done.valid === 0) v.push("edits: no valid edit became visible");
  if (editor.done.refused === 0) v.push("edits: no bad edit was seen refused");
  if (!rss.ok) v.push(`memory: ${rss.problem}`);
  if (server.diedAt) v.push(`kindling serve exited during the run (${server.diedAt}): ${server.stderr}`);
  else if (server.exit && server.exit.code !== 0) v.push(`kindling serve did not stop cleanly on SIGTERM: ${JSON.stringify(server.exit)}`);
  return v;
}

const ms = (x) => (x === undefined ? "-" : x < 10 ? `${x.toFixed(2)} ms` : `${x.toFixed(0)} ms`);

export function summary({ options, machine, capacity, target, phases, editor, reloads, rss, cpu, events, server }) {
  const lines = [];
  const steady = phases.steady;
  lines.push(
    `kindling soak: ${options.machines} machines, ${options.workers} load worker(s), ${options.sources} source addresses, mix ${Object.entries(
      options.mix,
    )
      .map(([k, w]) => `${k} ${w}`)
      .join(" ")}`,
  );
  lines.push(
    `capacity (closed loop, ${options.concurrency} in flight, ${options.measure} s, edits running): ${capacity.toFixed(0)} req/s; server CPU ${cpu.measure ?? "-"}, soak process CPU ${cpu.measureSelf ?? "-"}`,
  );
  if (steady) {
    const rate = steady.done / (steady.elapsedMs / 1000);
    lines.push(
      `steady (open loop at ${(options.load * 100).toFixed(0)}%: ${target.toFixed(0)} req/s for ${options.duration} s): ${rate.toFixed(0)} req/s answered, ${steady.done} requests, latency p50 ${ms(steady.all.percentile(0.5))} p99 ${ms(steady.all.percentile(0.99))} max ${ms(steady.all.max)} (from when each was due); most in flight ${steady.maxInFlight}; generator lag max ${ms(steady.maxLagMs)}; server CPU ${cpu.steady ?? "-"}`,
    );
    for (const [kind, h] of Object.entries(steady.latency).sort())
      lines.push(
        `  ${kind.padEnd(9)} ${String(h.count).padStart(9)}  p50 ${ms(h.percentile(0.5)).padStart(9)}  p99 ${ms(h.percentile(0.99)).padStart(9)}  max ${ms(h.max).padStart(9)}`,
      );
  }
  for (const [name, stats] of Object.entries(phases)) {
    const keys = Object.entries(stats.counts).sort(([a], [b]) => a.localeCompare(b));
    lines.push(
      `${name} answers: ${keys.map(([k, n]) => `${k} ${n}`).join(", ")}${stats.retried ? `; ${stats.retried} GETs sent again after a keep-alive socket closed under them` : ""}${stats.skipped ? `; ${stats.skipped} reports not sent (every reporting machine had one in flight)` : ""}`,
    );
    const c = classify(stats.counts);
    lines.push(
      `  machines of the fleet: ${c.valid.ok} 2xx, ${Object.values(c.valid.bad).reduce((a, n) => a + n, 0)} other; unknown machines: ${c.unknown.ok} 404, ${Object.values(c.unknown.bad).reduce((a, n) => a + n, 0)} other`,
    );
  }
  const vis = [...editor.visibleMs].sort((a, b) => a - b);
  lines.push(
    `edits: ${editor.done.valid} valid edits visible (p50 ${vis.length ? vis[vis.length >> 1] : "-"} ms, max ${vis.length ? vis.at(-1) : "-"} ms), ${editor.done.refused} bad edits refused and put back, ${editor.done.leftovers} sets of editor leftovers ignored; server reloads ${reloads.applied} applied, ${reloads.refused} refused`,
  );
  if (rss.baselineKb) {
    lines.push(
      `RSS (VmRSS each second, steady phase; first ${options.rssWindows.warmupS} s not judged, then the lowest sample of each ${options.rssWindows.windowS} s window): baseline ${mb(rss.baselineKb)}, highest floor ${mb(rss.highestKb)} from ${rss.highestAtS} s (${((rss.ratio - 1) * 100).toFixed(1)}%, allowed ${(options.rssTolerance * 100).toFixed(0)}%); floors ${rss.levels.map((w) => (w.kb / 1024).toFixed(1)).join(" ")} MB; highest sample ${mb(rss.maxKb)} at ${rss.maxAtS} s; series: first ${mb(rss.series.first)}, min ${mb(rss.series.min)}, median ${mb(rss.series.median)}, last ${mb(rss.series.last)}, ${rss.series.samples} samples`,
    );
  }
  if (Object.keys(events).length)
    lines.push(
      `other server log events: ${Object.entries(events)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ")}`,
    );
  lines.push(`server log lines read: ${server.logLines}`);
  lines.push(
    `machine: ${machine.cores} cores, load average ${machine.loadBefore} before, ${machine.loadAfter} after; connections the kernel dropped from full accept queues during the run (all of the machine's listeners): ${machine.listenOverflows ?? "-"}`,
  );
  return lines.join("\n");
}
