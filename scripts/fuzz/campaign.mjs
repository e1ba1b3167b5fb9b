// A fuzzing campaign: cases 0..count-1 of a seed, in ranges handed to the
// pool's workers until the count or the time limit is reached; then the
// slow candidates are re-timed, and each new crash is minimised and stored.
import { makeCase } from "./cases.mjs";
import { loadLibrary } from "./library.mjs";
import { minimiseCase } from "./minimise.mjs";
import { Pool } from "./pool.mjs";
import { buildCorpus } from "./seeds.mjs";
import { storeCase, storedSignatures } from "./store.mjs";
import { confirmed, slowCandidates } from "./timing.mjs";

const RANGE = 250;
const RETIMES = 3;
/** Slow candidates re-timed at most (each takes a few runs of a slow input). */
const MAX_RETIMED = 20;

/**
 * settings: { root, seed, count, cases?, seconds, workers, hangSeconds, out, seedDirs, minimise, library, log }
 * (`cases`: run only these case numbers, to store again what an earlier campaign found)
 * Returns { inputs, seconds, crashes: [{ kind, signature, count, index, entry, stored?, input?, new }],
 * hangs (case numbers), slow, fuzzerErrors (inputs the fuzzer failed to make) }.
 */
export async function runCampaign(settings) {
  const { root, seed, count, seconds, workers, hangSeconds, out, seedDirs = [], library, log = () => {} } = settings;
  const started = Date.now();
  const deadline = seconds ? started + seconds * 1000 : Infinity;
  const pool = new Pool({ workers, hangSeconds, workerData: { root, seed, seedDirs, library } });
  await pool.start();
  const findings = [];
  const hangs = [];
  let next = 0;
  let done = 0;
  let lastLog = Date.now();
  // Ranges of case numbers: 0..count-1 in steps, or the given cases one by one.
  const ranges = settings.cases
    ? settings.cases.map((i) => [i, i + 1])
    : Array.from({ length: Math.ceil(count / RANGE) }, (_, k) => [k * RANGE, Math.min(count, (k + 1) * RANGE)]);
  const feed = async (slot) => {
    while (next < ranges.length && Date.now() < deadline) {
      const [from, to] = ranges[next++];
      const r = await slot.runRange(from, to);
      findings.push(...r.findings);
      hangs.push(...r.hangs);
      done += to - from;
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        log(
          `${done} inputs, ${new Set(findings.map((f) => f.signature)).size} crash signatures, ${hangs.length} hangs, ${((Date.now() - started) / 1000).toFixed(0)} s`,
        );
      }
    }
  };
  try {
    await Promise.all(pool.slots.map(feed));
    const fuzzSeconds = (Date.now() - started) / 1000;

    // Slow inputs, re-timed on one worker while nothing else runs.
    const parts = await Promise.all(pool.slots.map((s) => s.request({ type: "timing" })));
    const { candidates } = slowCandidates(parts);
    const slow = [];
    for (const c of candidates.slice(0, MAX_RETIMED)) {
      const again = await pool.slots[0].request({ type: "retime", index: c.index, times: RETIMES });
      if (again.kind === "hang") hangs.push(c.index);
      else if (confirmed(c, again)) slow.push({ ...c, ...again });
    }

    // Crashes and violations: one per signature; new ones minimised and stored.
    const stored = storedSignatures(out);
    const bySignature = new Map();
    const fuzzerErrors = findings.filter((f) => f.kind === "fuzzer");
    for (const f of findings.filter((f) => f.kind !== "fuzzer").sort((a, b) => a.index - b.index)) {
      const g = bySignature.get(f.signature);
      if (g) g.count++;
      else bySignature.set(f.signature, { ...f, count: 1, new: !stored.has(f.signature) });
    }
    const L = await loadLibrary(root, library);
    const corpus = buildCorpus(L, seedDirs);
    const run = (c) => pool.slots[0].request({ type: "run", case: c });
    for (const f of bySignature.values()) {
      if (!f.new) continue;
      const original = makeCase(corpus, L, seed, f.index);
      f.entry = original.entry; // a worker that died on it could not say
      const small = settings.minimise === false ? original : await minimiseCase(original, f.signature, run);
      f.stored = storeCase(out, small, {
        kind: f.kind,
        signature: f.signature,
        message: f.message,
        ...(f.stack ? { stack: f.stack } : {}),
        found: { seed, index: f.index, from: original.seed, mutations: original.steps, bytes: original.input.length },
      });
      f.input = small;
    }
    // Hangs are not minimised (each try would take the watchdog's time): the smallest input of each kind is stored.
    const smallestHang = new Map();
    for (const index of hangs) {
      const c = makeCase(corpus, L, seed, index);
      const signature = `hang in ${c.entry}${c.options.target ? ` (${c.options.target})` : ""}`;
      const known = smallestHang.get(signature);
      if (!stored.has(signature) && (!known || c.input.length < known.c.input.length)) smallestHang.set(signature, { c, index });
    }
    for (const [signature, { c, index }] of smallestHang) {
      storeCase(out, c, {
        kind: "hang",
        signature,
        message: `no answer in ${hangSeconds} s`,
        found: { seed, index, from: c.seed, mutations: c.steps, bytes: c.input.length },
      });
    }
    return {
      inputs: done,
      seconds: fuzzSeconds,
      totalSeconds: (Date.now() - started) / 1000,
      crashes: [...bySignature.values()],
      hangs,
      slow,
      fuzzerErrors,
    };
  } finally {
    await pool.stop();
  }
}
