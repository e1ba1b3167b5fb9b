#!/usr/bin/env node
// `npm run soak`: kindling serve, as a child process over a generated fleet,
// held at 80% of its measured capacity for ten minutes while its data
// directory is edited every few seconds, validly and not. It passes when
// machines of the fleet got only 2xx answers with their own content,
// unknown machines only 404, every valid edit became visible, every bad one
// was refused while the last good data kept being served, and the server's
// RSS stayed flat within 10% (scripts/lib/soak/rss.mjs says how that is
// measured). Exits 1 on any violation, printing each; 2 on a usage error.
//
//   node scripts/soak.mjs [--duration 600] [--measure 15] [--load 0.8]
//     [--edit-every 2] [--machines 1000] [--workers 1] [--sources 256]
//     [--sockets-per-source 2] [--concurrency 64] [--rss-tolerance 0.1] [--rss-warmup S]
//     [--rss-window S] [--seed N] [--json FILE]
//     [--cli PATH/TO/cli.js] [--keep]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { loopbackSources } from "./lib/soak/client.mjs";
import { Editor, ReloadLog } from "./lib/soak/edits.mjs";
import { makeFleet, writeFleet } from "./lib/soak/fleet.mjs";
import { LoadPool } from "./lib/soak/load.mjs";
import { readCpuSeconds, readListenOverflows, readRssKb } from "./lib/soak/proc.mjs";
import { DEFAULT_MIX } from "./lib/soak/requests.mjs";
import { judgeRss, mb, rssWindows } from "./lib/soak/rss.mjs";
import { REPO, startServe } from "./lib/soak/serve-process.mjs";
import { summary, verdict } from "./lib/soak/verdict.mjs";

const USAGE =
  "usage: node scripts/soak.mjs [--duration S] [--measure S] [--load F] [--edit-every S] [--machines N] [--workers N] [--sources N] [--sockets-per-source N] [--concurrency N] [--rss-tolerance F] [--rss-warmup S] [--rss-window S] [--seed N] [--json FILE] [--cli PATH] [--keep]";
let parsed;
try {
  parsed = parseArgs({
    options: {
      duration: { type: "string", default: "600" },
      measure: { type: "string", default: "15" },
      load: { type: "string", default: "0.8" },
      "edit-every": { type: "string", default: "2" },
      machines: { type: "string", default: "1000" },
      workers: { type: "string", default: "1" },
      sources: { type: "string", default: "256" },
      concurrency: { type: "string", default: "64" },
      "sockets-per-source": { type: "string", default: "2" },
      "rss-tolerance": { type: "string", default: "0.1" },
      "rss-warmup": { type: "string" },
      "rss-window": { type: "string" },
      seed: { type: "string", default: String(Date.now() % 1_000_000) },
      json: { type: "string" },
      cli: { type: "string", default: join(REPO, "dist/cli.js") },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  }).values;
} catch (err) {
  console.error(`${err.message}\n${USAGE}`);
  process.exit(2);
}
if (parsed.help) {
  console.log(USAGE);
  process.exit(0);
}
const num = (name, min) => {
  const n = Number(parsed[name]);
  if (!Number.isFinite(n) || n < min) {
    console.error(`--${name} ${parsed[name]}: a number of at least ${min}\n${USAGE}`);
    process.exit(2);
  }
  return n;
};
const options = {
  duration: num("duration", 1),
  measure: num("measure", 1),
  load: num("load", 0.01),
  editEvery: num("edit-every", 0.1),
  machines: num("machines", 10),
  workers: num("workers", 1),
  sources: num("sources", 1),
  concurrency: num("concurrency", 1),
  socketsPerSource: num("sockets-per-source", 1),
  rssTolerance: num("rss-tolerance", 0),
  seed: num("seed", 0),
  mix: DEFAULT_MIX,
};
options.rssWindows = rssWindows(options.duration);
if (parsed["rss-warmup"] !== undefined) options.rssWindows.warmupS = num("rss-warmup", 0);
if (parsed["rss-window"] !== undefined) options.rssWindows.windowS = num("rss-window", 1);

const say = (line) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);
const work = mkdtempSync(join(tmpdir(), "kindling-soak-"));
const data = join(work, "data");
const assetsDir = join(work, "assets");
const secret = `soak-report-secret-${options.seed}-0123456789abcdef0123456789`;
writeFileSync(join(work, "report-secret"), secret + "\n");
const fleet = makeFleet({ machines: options.machines });
writeFleet(fleet, { data, assets: assetsDir });
say(
  `seed ${options.seed}; fleet in ${work}: ${fleet.machines.length} machines, ${fleet.profiles} node profiles, ${fleet.shared.length} shared verified groups, ${fleet.reporters.length} reporting machines, assets ${fleet.assets.map((a) => `${a.name} ${mb(a.size / 1024)}`).join(", ")}`,
);

const machine = {
  cores: cpus().length,
  loadBefore: loadavg()
    .map((x) => x.toFixed(2))
    .join(" "),
  listenOverflowsBefore: readListenOverflows(),
};
say(`machine: ${machine.cores} cores, load average ${machine.loadBefore}`);
const reloadLog = new ReloadLog();
const events = {};
const server = await startServe({
  cli: parsed.cli,
  args: ["--data", data, "--assets", assetsDir, "--report-secret-file", join(work, "report-secret")],
  onEvent: (e) => {
    if (e.event === "reload" || e.event === "reload-refused") reloadLog.add(e);
    else events[e.event] = (events[e.event] ?? 0) + 1;
  },
}).catch((err) => {
  console.error(`FAILED: ${err.message}`);
  rmSync(work, { recursive: true, force: true });
  process.exit(1);
});
let diedAt;
void server.exited.then((exit) => {
  if (!stopping) diedAt = `${new Date().toISOString()}, ${JSON.stringify(exit)}`;
});
let stopping = false;
say(`kindling serve pid ${server.pid} at ${server.url}`);

const libraryUrl = pathToFileURL(join(parsed.cli, "../index.js")).href;
const { reportKey } = await import(libraryUrl);
const reporters = fleet.reporters.map((r) => ({ ...r, key: reportKey(secret, r.id, r.label) }));
const sources = loopbackSources(options.sources);

let progress = { done: 0, bad: 0, inFlight: 0 };
const pool = new LoadPool({
  workers: options.workers,
  url: server.url,
  fleet,
  reporters,
  sources,
  socketsPerSource: options.socketsPerSource,
  assetsDir,
  seed: options.seed,
  mix: options.mix,
  libraryUrl,
  onProgress: (p) => (progress = p),
});
await pool.ready();

// RSS and CPU each second, tagged with the phase.
const samples = [];
let phase = "warm-up";
let phaseStarted = Date.now();
const sampler = setInterval(() => {
  const kb = readRssKb(server.pid);
  const cpu = readCpuSeconds(server.pid);
  if (kb !== undefined)
    samples.push({
      phase,
      t: Math.round((Date.now() - phaseStarted) / 1000),
      kb,
      cpu,
      self: process.cpuUsage(),
      at: Date.now(),
      load: progress,
    });
}, 1000);
const reporter = setInterval(() => {
  const last = samples.at(-1);
  say(
    `${phase} ${Math.round((Date.now() - phaseStarted) / 1000)} s: ${progress.done} answers/s, ${progress.bad} wrong, ${progress.inFlight} in flight; RSS ${last ? mb(last.kb) : "-"}; reloads ${reloadLog.count("reload")} applied, ${reloadLog.count("reload-refused")} refused; edits ${editor.done.valid} valid, ${editor.done.refused} refused, ${editor.problems.length} problems`,
  );
}, 10_000);
const startPhase = (name) => {
  phase = name;
  phaseStarted = Date.now();
};
/** CPU use over a phase, as a share of one core: the server's, and this process's (load workers included). */
const cpuOver = (name) => {
  const s = samples.filter((x) => x.phase === name);
  if (s.length < 2) return {};
  const secs = (s.at(-1).at - s[0].at) / 1000;
  const self = (s.at(-1).self.user + s.at(-1).self.system - s[0].self.user - s[0].self.system) / 1e6;
  return { server: `${((100 * (s.at(-1).cpu - s[0].cpu)) / secs).toFixed(0)}%`, self: `${((100 * self) / secs).toFixed(0)}%` };
};

// The edits run through every phase, one after another, one every --edit-every seconds.
const editor = new Editor({ data, fleet, url: server.url, log: reloadLog });
let editing = true;
const edits = (async () => {
  while (editing) {
    const started = Date.now();
    await editor.next();
    const wait = options.editEvery * 1000 - (Date.now() - started);
    if (wait > 0 && editing) await new Promise((r) => setTimeout(r, wait));
  }
})();

const phases = {};
let capacity = 0;
let target = 0;
let achieved;
try {
  say(`warming up: closed loop, ${options.concurrency} in flight, 5 s`);
  phases["warm-up"] = await pool.runClosed(options.concurrency, 5000);
  startPhase("measure");
  say(`measuring capacity: closed loop, ${options.concurrency} in flight, ${options.measure} s`);
  phases.measure = await pool.runClosed(options.concurrency, options.measure * 1000);
  capacity = phases.measure.done / (phases.measure.elapsedMs / 1000);
  target = capacity * options.load;
  say(`capacity ${capacity.toFixed(0)} req/s; steady load ${target.toFixed(0)} req/s for ${options.duration} s`);
  startPhase("steady");
  phases.steady = await pool.runOpen(target, options.duration * 1000);
  achieved = phases.steady.sent / (phases.steady.elapsedMs / 1000);
} finally {
  editing = false;
  await edits;
  clearInterval(sampler);
  clearInterval(reporter);
  await pool.close();
  stopping = true;
}
const exit = diedAt ? undefined : await server.stop();
machine.loadAfter = loadavg()
  .map((x) => x.toFixed(2))
  .join(" ");
machine.listenOverflows = readListenOverflows() - machine.listenOverflowsBefore;
const steadySamples = samples.filter((s) => s.phase === "steady");
const rss = judgeRss(steadySamples, { ...options.rssWindows, tolerance: options.rssTolerance });
const measureCpu = cpuOver("measure");
const steadyCpu = cpuOver("steady");
const reloads = { applied: reloadLog.count("reload"), refused: reloadLog.count("reload-refused") };
const serverState = { diedAt, exit, stderr: server.stderr().slice(-2000), logLines: server.logLines() };
const violations = verdict({ phases, editor, rss, target, achieved, server: serverState });
console.log(
  "\n" +
    summary({
      options,
      machine,
      capacity,
      target,
      phases,
      editor,
      reloads,
      rss,
      cpu: { measure: measureCpu.server, measureSelf: measureCpu.self, steady: steadyCpu.server },
      events,
      server: serverState,
    }),
);
const failures = Object.values(phases)
  .flatMap((p) => p.failures)
  .slice(0, 10);
if (failures.length)
  console.log(`first failed requests:\n${failures.map((f) => `  ${f.at} ${f.method} ${f.path}: ${f.problem}`).join("\n")}`);
if (parsed.json) {
  const plain = Object.fromEntries(
    Object.entries(phases).map(([k, p]) => [
      k,
      {
        ...p,
        all: undefined,
        latency: Object.fromEntries(
          Object.entries(p.latency).map(([kind, h]) => [
            kind,
            { count: h.count, p50: h.percentile(0.5), p99: h.percentile(0.99), max: h.max },
          ]),
        ),
      },
    ]),
  );
  writeFileSync(
    parsed.json,
    JSON.stringify(
      {
        options,
        machine,
        capacity,
        target,
        achieved,
        phases: plain,
        editor: { ...editor.done, problems: editor.problems, visibleMs: editor.visibleMs },
        reloads,
        rss,
        samples,
        violations,
      },
      null,
      2,
    ) + "\n",
  );
}
if (!parsed.keep) rmSync(work, { recursive: true, force: true });
if (violations.length) {
  console.log(`\nFAILED (${violations.length}):\n${violations.map((v) => `  - ${v}`).join("\n")}`);
  process.exit(1);
}
console.log("\nPASSED");
