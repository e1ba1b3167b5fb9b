/**
 * A batch spread over threads: the calling thread and up to one worker per
 * further CPU take the next input from one shared counter until none is
 * left, so a slow input never holds up the rest. Results come back in input
 * order. Workers run the same code as the caller: the command's bundle
 * (through its code cache) when running from a build, the compiled modules
 * otherwise; from TypeScript sources (vitest) there are no workers.
 *
 * A worker that dies leaves its unfinished input to the calling thread, so a
 * crash costs time, never an input.
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

export interface BatchResult {
  /** The input's report, printed by the caller in input order. */
  stderr: string;
  failed: boolean;
  /** It failed on a kindling bug, not on the input. */
  internal?: boolean;
}

/** What a worker thread is given (structured-cloned). */
export interface WorkerTask<P> {
  /** The module to load: a bundle (.cjs, loaded with its code cache) or an ES module. */
  module: string;
  exportName: string;
  counter: SharedArrayBuffer;
  count: number;
  payload: P;
}

export interface BatchPlan<P> {
  count: number;
  /** Threads wanted (the caller included); undefined means one per CPU. */
  jobs: number | undefined;
  /** import.meta.url of the module exporting the worker function. */
  module: string;
  exportName: string;
  payload: P;
  item: (index: number) => Promise<BatchResult>;
}

const MAX_THREADS = 16;

export async function runBatch<P>(plan: BatchPlan<P>): Promise<BatchResult[]> {
  const results: (BatchResult | undefined)[] = new Array(plan.count);
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const threads = Math.min(plan.jobs ?? availableParallelism(), plan.count, MAX_THREADS);
  const workers: Promise<void>[] = [];
  if (threads > 1 && !import.meta.url.endsWith(".ts")) {
    const task: WorkerTask<P> = { module: plan.module, exportName: plan.exportName, counter, count: plan.count, payload: plan.payload };
    for (let k = 1; k < threads; k++) workers.push(startWorker(task, results));
  }
  for (;;) {
    const i = Atomics.add(next, 0, 1);
    if (i >= plan.count) break;
    results[i] = await plan.item(i);
  }
  await Promise.all(workers);
  for (let i = 0; i < plan.count; i++) results[i] ??= await plan.item(i);
  return results as BatchResult[];
}

/** dist/cli/batch-worker.js, seen from dist/cli/ or from a bundle in dist/commands/. */
const WORKER_ENTRY = new URL(import.meta.url.endsWith(".cjs") ? "../cli/batch-worker.js" : "./batch-worker.js", import.meta.url);

function startWorker<P>(task: WorkerTask<P>, results: (BatchResult | undefined)[]): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(fileURLToPath(WORKER_ENTRY), { workerData: task });
    worker.on("message", (m: { index: number; result: BatchResult }) => {
      results[m.index] = m.result;
    });
    worker.on("error", () => {}); // its unfinished input is redone by the caller
    worker.on("exit", () => resolve());
  });
}

/** The worker's side: take inputs from the shared counter and post each result. */
export async function serveBatch<P>(
  task: WorkerTask<P>,
  item: (index: number) => Promise<BatchResult>,
  post: (index: number, result: BatchResult) => void,
): Promise<void> {
  const next = new Int32Array(task.counter);
  for (;;) {
    const i = Atomics.add(next, 0, 1);
    if (i >= task.count) return;
    post(i, await item(i));
  }
}
