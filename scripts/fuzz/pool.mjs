// Worker threads with a hang watchdog and a heap limit. Each slot runs one
// worker (scripts/fuzz/worker.mjs). A worker whose current call has run
// longer than `hangSeconds` is terminated and the case number it was on is
// reported as a hang; a worker that dies on a case (out of memory, say)
// reports that case as a crash. Either way a fresh worker takes over the
// rest of the range.
import { Worker } from "node:worker_threads";

const WORKER = new URL("./worker.mjs", import.meta.url);
/** About the main thread's stack, so recursion fails in a worker where it fails for a user. */
const STACK_MB = 1;
/**
 * A worker's heap: an input that needs more (an alias bomb expanded, say)
 * ends its worker with ERR_WORKER_OUT_OF_MEMORY, reported as a crash of that
 * input, instead of taking the machine's memory.
 */
const HEAP_MB = 1024;

class Slot {
  constructor(settings) {
    this.settings = settings;
    this.heartbeat = new Float64Array(new SharedArrayBuffer(16));
    this.pending = new Map();
    this.nextId = 0;
  }

  async start() {
    this.heartbeat[1] = 0;
    const w = new Worker(WORKER, {
      workerData: { ...this.settings.workerData, heartbeat: this.heartbeat.buffer },
      resourceLimits: { stackSizeMb: STACK_MB, maxOldGenerationSizeMb: HEAP_MB },
    });
    this.worker = w;
    this.replacing = false;
    const started = new Promise((resolve, reject) => {
      this.ready = resolve;
      this.startFailed = reject;
    });
    // Events of a worker this slot has already replaced are ignored.
    w.on("error", (e) => this.worker === w && this.died(e));
    w.on("exit", (code) => this.worker === w && this.died(new Error(`fuzz worker exited (${code})`)));
    w.on("message", (m) => this.worker === w && this.receive(m));
    await started;
    this.startFailed = undefined;
  }

  receive(m) {
    if (m.type === "ready") this.ready();
    else if (m.type === "finding") this.range?.findings.push(m.finding);
    else if (m.type === "done") {
      const r = this.range;
      this.range = undefined;
      r.resolve({ findings: r.findings, hangs: [] });
    } else if (m.type === "result") {
      this.pending.get(m.id)?.resolve(m.verdict);
      this.pending.delete(m.id);
    }
  }

  /** The worker ended on its own: a case killed it, or the fuzzer is broken. */
  died(e) {
    if (this.startFailed) return this.startFailed(e);
    if (!this.heartbeat[1]) {
      this.range?.reject(e);
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      return;
    }
    const why = `worker died: ${e.code ?? e.message}`;
    this.replace({ kind: "crash", signature: why, message: e.message }, false);
  }

  /** Runs cases [from, to); resolves with { findings, hangs }. */
  runRange(from, to) {
    return new Promise((resolve, reject) => {
      this.range = { from, to, findings: [], resolve, reject };
      this.worker.postMessage({ type: "range", from, to });
    });
  }

  /** One request answered by a "result" message (run, retime, timing). */
  request(message) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  /** Called by the watchdog: the current call is stuck. */
  hang() {
    return this.replace({ kind: "hang", signature: "hang", message: `no answer in ${this.settings.hangSeconds} s` }, true);
  }

  /** A fresh worker in place of this one; the case it was on gets `verdict`, the rest of its range goes on. */
  async replace(verdict, terminate) {
    this.replacing = true;
    const index = this.heartbeat[0];
    const range = this.range;
    const pending = [...this.pending.values()];
    this.range = undefined;
    this.pending.clear();
    const old = this.worker;
    this.worker = undefined;
    if (terminate) await old.terminate();
    await this.start();
    for (const p of pending) p.resolve(verdict);
    if (!range) return;
    const rest = index + 1 < range.to ? await this.runRange(index + 1, range.to) : { findings: [], hangs: [] };
    const found = verdict.kind === "hang" ? { findings: [], hangs: [index] } : { findings: [{ index, ...verdict }], hangs: [] };
    range.resolve({ findings: [...range.findings, ...found.findings, ...rest.findings], hangs: [...found.hangs, ...rest.hangs] });
  }
}

export class Pool {
  /** settings: { workers, hangSeconds, workerData: { root, seed, seedDirs, library, grow? } } */
  constructor(settings) {
    this.settings = settings;
    this.slots = Array.from({ length: settings.workers }, () => new Slot(settings));
  }

  async start() {
    await Promise.all(this.slots.map((s) => s.start()));
    this.watchdog = setInterval(() => {
      const now = Date.now();
      for (const s of this.slots) {
        const started = s.heartbeat[1];
        if (started && s.worker && !s.replacing && now - started > this.settings.hangSeconds * 1000) s.hang();
      }
    }, 100);
  }

  async stop() {
    clearInterval(this.watchdog);
    const workers = this.slots.map((s) => s.worker);
    for (const s of this.slots) s.worker = undefined;
    await Promise.all(workers.map((w) => w?.terminate()));
  }
}
