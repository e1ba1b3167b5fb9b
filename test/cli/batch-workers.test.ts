// runBatch from the compiled modules (dist/cli/), where worker threads exist.
import { threadId } from "node:worker_threads";
import { describe, expect, test } from "vitest";
import type { BatchPlan, BatchResult } from "../../src/cli/batch-workers.js";

const { runBatch } = (await import(new URL("../../dist/cli/batch-workers.js", import.meta.url).href)) as {
  runBatch: (plan: BatchPlan<unknown>) => Promise<BatchResult[]>;
};
const fixture = new URL("../fixtures/batch-worker-fixture.mjs", import.meta.url).href;
const busy = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end);
};
const mainItem = async (i: number) => {
  busy(5);
  return { stderr: `${i}@${threadId}`, failed: false };
};

/**
 * The caller's first input waits until a worker has done one (a barrier on
 * memory the workers share), so the test shows workers sharing the inputs
 * however slowly they start, with no timing in it.
 */
function waitingForAWorker(done: Int32Array) {
  return async (i: number) => {
    if (i === 0) {
      const waited = Atomics.waitAsync(done, 0, 0, 60_000);
      if ((waited.async ? await waited.value : waited.value) === "timed-out") throw new Error("no worker took an input within 60 s");
    }
    return { stderr: `${i}@${threadId}`, failed: false };
  };
}

describe("runBatch", () => {
  test("workers share the inputs with the caller; results come back in input order", async () => {
    const done = new Int32Array(new SharedArrayBuffer(4));
    const results = await runBatch({
      count: 80,
      jobs: 3,
      module: fixture,
      exportName: "labelled",
      payload: { ms: 1, done },
      item: waitingForAWorker(done),
    });
    expect(results.map((r) => Number(r.stderr.split("@")[0]))).toEqual([...Array(80).keys()]);
    const threads = new Set(results.map((r) => r.stderr.split("@")[1]));
    expect(threads.has(String(threadId))).toBe(true);
    expect(threads.size).toBeGreaterThan(1);
  });
  test("one job means no workers", async () => {
    const results = await runBatch({ count: 10, jobs: 1, module: fixture, exportName: "labelled", payload: { ms: 1 }, item: mainItem });
    expect(new Set(results.map((r) => r.stderr.split("@")[1]))).toEqual(new Set([String(threadId)]));
  });
  test("an input claimed by a worker that died is done by the caller", async () => {
    const results = await runBatch({ count: 6, jobs: 2, module: fixture, exportName: "crashes", payload: {}, item: mainItem });
    expect(results.map((r) => Number(r.stderr.split("@")[0]))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(results.every((r) => r.stderr.endsWith(`@${threadId}`))).toBe(true);
  });
});
