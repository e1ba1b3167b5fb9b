/**
 * A gzip-pool worker thread (see gzip-pool.ts): takes inputs from the shared
 * counter until none is left, posting each result before counting it done.
 */
import { workerData } from "node:worker_threads";
import { goGzipBest } from "./gzip.js";
import type { GzipTask } from "./gzip-pool.js";

const { data, offsets, control, port } = workerData as GzipTask;
const bytes = new Uint8Array(data);
const ctl = new Int32Array(control);
const count = offsets.length - 1;
for (;;) {
  const i = Atomics.add(ctl, 0, 1);
  if (i >= count) break;
  // A copy: the input then lives in an ordinary (not shared) buffer.
  const gz = goGzipBest(bytes.slice(offsets[i]!, offsets[i + 1]!));
  port.postMessage({ index: i, gz }, [gz.buffer as ArrayBuffer]);
  Atomics.add(ctl, 1, 1);
  Atomics.notify(ctl, 1);
}
port.close();
