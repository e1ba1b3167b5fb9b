/**
 * Go's level-9 gzip of many inputs at once (a large `storage.trees`), on
 * every core: the calling thread and one worker per further CPU take the
 * next input from a shared counter, so results are exactly goGzipBest's,
 * in input order. The call is synchronous (translation is): the caller
 * blocks on Atomics.wait and takes the workers' results with
 * receiveMessageOnPort.
 *
 * Threads are used only when they pay (enough bytes to outweigh starting a
 * worker), from the main thread, and from built code: from TypeScript
 * sources (vitest) everything runs on the calling thread.
 */
import { os, workerThreads } from "../../lazy-builtins.js";
import { goGzipBest } from "./gzip.js";

/** Below this many bytes in all, starting a worker costs more than it saves. */
export const PARALLEL_FROM = 1 << 20;
const MAX_THREADS = 8;
/** Without any result for this long, the caller assumes a worker died and redoes what is missing. */
const STALL_MS = 10_000;

/** What a worker is given: the inputs packed into one shared buffer. */
export interface GzipTask {
  data: SharedArrayBuffer;
  /** Input i is data[offsets[i], offsets[i + 1]). */
  offsets: Int32Array;
  /** [0]: next input to take; [1]: inputs finished by workers. */
  control: SharedArrayBuffer;
  port: import("node:worker_threads").MessagePort;
}

/** dist/gocompat/flate/gzip-worker.js, seen from its own folder or from a bundle in dist/commands/. */
const WORKER_ENTRY = new URL(import.meta.url.endsWith(".cjs") ? "../gocompat/flate/gzip-worker.js" : "./gzip-worker.js", import.meta.url);

export function goGzipBestAll(inputs: Uint8Array[]): Uint8Array[] {
  const total = inputs.reduce((n, b) => n + b.length, 0);
  const threads = total < PARALLEL_FROM || import.meta.url.endsWith(".ts") ? 1 : wantedThreads(inputs.length);
  if (threads <= 1) return inputs.map(goGzipBest);
  const wt = workerThreads();

  const data = new SharedArrayBuffer(total);
  const bytes = new Uint8Array(data);
  const offsets = new Int32Array(inputs.length + 1);
  let at = 0;
  for (let i = 0; i < inputs.length; i++) {
    bytes.set(inputs[i]!, at);
    offsets[i] = at;
    at += inputs[i]!.length;
  }
  offsets[inputs.length] = at;
  const control = new SharedArrayBuffer(8);
  const ctl = new Int32Array(control);
  const ports: import("node:worker_threads").MessagePort[] = [];
  for (let k = 1; k < threads; k++) {
    const { port1, port2 } = new wt.MessageChannel();
    const task: GzipTask = { data, offsets, control, port: port2 };
    new wt.Worker(WORKER_ENTRY, { workerData: task, transferList: [port2] }).unref();
    ports.push(port1);
  }

  const results: (Uint8Array | undefined)[] = new Array(inputs.length);
  let done = 0;
  for (;;) {
    const i = Atomics.add(ctl, 0, 1);
    if (i >= inputs.length) break;
    results[i] = goGzipBest(inputs[i]!);
    done++;
  }
  done += drain(wt, ports, results);
  for (let idle = 0; done < inputs.length && idle < STALL_MS; ) {
    const finished = Atomics.load(ctl, 1);
    // Sleep until a worker finishes one more (its message is posted first).
    if (Atomics.wait(ctl, 1, finished, 100) === "timed-out") idle += 100;
    const got = drain(wt, ports, results);
    if (got > 0) idle = 0;
    done += got;
  }
  for (const port of ports) port.close();
  // Whatever a dead worker left undone is done here.
  for (let i = 0; i < inputs.length; i++) results[i] ??= goGzipBest(inputs[i]!);
  return results as Uint8Array[];
}

/** Takes every result the workers have posted so far; returns how many were new. */
function drain(
  wt: typeof import("node:worker_threads"),
  ports: import("node:worker_threads").MessagePort[],
  results: (Uint8Array | undefined)[],
): number {
  let n = 0;
  for (const port of ports) {
    for (;;) {
      const m = wt.receiveMessageOnPort(port) as { message: { index: number; gz: Uint8Array } } | undefined;
      if (m === undefined) break;
      if (results[m.message.index] === undefined) n++;
      results[m.message.index] = m.message.gz;
    }
  }
  return n;
}

function wantedThreads(count: number): number {
  if (!workerThreads().isMainThread) return 1;
  const o = os();
  const cpus = typeof o.availableParallelism === "function" ? o.availableParallelism() : o.cpus().length;
  return Math.min(cpus, count, MAX_THREADS);
}
