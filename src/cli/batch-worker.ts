/**
 * Entry point of a batch worker thread (see batch-workers.ts): loads the
 * command's code the way the main thread did and runs its worker function.
 */
import { fileURLToPath } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import type { BatchResult, WorkerTask } from "./batch-workers.js";

type WorkerMain = (task: WorkerTask<unknown>, post: (index: number, result: BatchResult) => void) => Promise<void>;

const task = workerData as WorkerTask<unknown>;
let exports: Record<string, unknown>;
if (task.module.endsWith(".cjs")) {
  const { loadWithCodeCache } = await import("./code-cache.js");
  exports = loadWithCodeCache(fileURLToPath(task.module)).exports;
} else {
  exports = (await import(task.module)) as Record<string, unknown>;
}
await (exports[task.exportName] as WorkerMain)(task, (index, result) => parentPort!.postMessage({ index, result }));
