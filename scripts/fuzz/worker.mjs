// A fuzzing worker thread: runs what the campaign asks: a range of case
// numbers, one given case (minimisation, replay), or a case re-timed. Before each call it writes the case number and the time
// into its heartbeat, which the campaign's watchdog reads.
import { parentPort, workerData } from "node:worker_threads";
import { makeCase } from "./cases.mjs";
import { loadLibrary } from "./library.mjs";
import { buildCorpus } from "./seeds.mjs";
import { runCase } from "./targets.mjs";
import { Timing } from "./timing.mjs";

const { root, seed, seedDirs, library, grow = true, heartbeat } = workerData;
const beat = new Float64Array(heartbeat);
const L = await loadLibrary(root, library);
const timing = new Timing();
let built;
/** Built on first use: a worker that only runs given cases (minimisation, replay) needs no corpus. */
const corpus = () => (built ??= buildCorpus(L, seedDirs));

function run(c, index) {
  beat[0] = index;
  beat[1] = Date.now();
  const v = runCase(L, c);
  beat[1] = 0;
  return v;
}

function runRange(from, to) {
  for (let i = from; i < to; i++) {
    let c;
    try {
      c = makeCase(corpus(), L, seed, i, { grow });
    } catch (e) {
      // A bug of the fuzzer's own: said, and the input skipped, not the campaign.
      parentPort.postMessage({
        type: "finding",
        finding: { index: i, kind: "fuzzer", signature: `fuzzer: ${e.message}`, message: e.stack },
      });
      continue;
    }
    const v = run(c, i);
    if (v.kind !== "ok") {
      parentPort.postMessage({ type: "finding", finding: { index: i, entry: c.entry, ...v } });
    }
    timing.add(i, c.entry, c.input.length, v.ms);
    if (c.half && v.kind === "ok") timing.addGrowth(i, c.entry, c.input.length, v.ms, run({ ...c, input: c.half }, i).ms);
  }
  parentPort.postMessage({ type: "done", from, to });
}

function retime(index, times) {
  const c = makeCase(corpus(), L, seed, index);
  let ms = Infinity;
  let halfMs = Infinity;
  for (let k = 0; k < times; k++) {
    ms = Math.min(ms, run(c, index).ms);
    if (c.half) halfMs = Math.min(halfMs, run({ ...c, input: c.half }, index).ms);
  }
  return { ms, halfMs, bytes: c.input.length };
}

parentPort.on("message", (m) => {
  if (m.type === "range") runRange(m.from, m.to);
  else if (m.type === "run") parentPort.postMessage({ type: "result", id: m.id, verdict: run(m.case, -1) });
  else if (m.type === "retime") parentPort.postMessage({ type: "result", id: m.id, verdict: retime(m.index, m.times) });
  else if (m.type === "timing") parentPort.postMessage({ type: "result", id: m.id, verdict: timing.toJSON() });
});
parentPort.postMessage({ type: "ready" });
