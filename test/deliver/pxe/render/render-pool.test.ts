// The render pool on its own: a render that never ends costs its worker
// (ended at the timeout, its job rejected, another started), and code that
// cannot load leaves the pool broken with every job rejected: nothing hangs.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RenderJob } from "../../../../src/deliver/pxe/render/render-job.js";
import { RenderPool } from "../../../../src/deliver/pxe/render/render-pool.js";
import { faultyWorkerEntry } from "../../../helpers/render-worker.js";

const job = (metadata: Record<string, string>): RenderJob => ({
  kind: "generic",
  group: { id: "g", file: "groups/g.json", profile: "p", selector: {}, metadata },
  profile: { id: "p", file: "profiles/p.json", generic_id: "t.txt" },
  templates: [{ file: "generic/t.txt", source: "hello {{name}}\n" }],
  request: { query: {}, raw_query: "" },
});

const pools: RenderPool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
});

describe("the render pool", () => {
  it("ends a worker whose render outruns the timeout, rejects its job and renders on with another", async () => {
    const events: Record<string, unknown>[] = [];
    const pool = new RenderPool({ size: 1, entry: await faultyWorkerEntry(), timeoutMs: 300, onEvent: (e) => events.push(e) });
    pools.push(pool);
    const hung = pool.run(job({ act: "hang" }));
    const queued = pool.run(job({ name: "queued" })).then(
      (reply) => reply.body,
      (err: Error) => err.message,
    );
    await expect(hung).rejects.toThrow("the render worker stopped: a render took longer than 0.3 s");
    expect((await pool.run(job({ name: "after" }))).body).toBe("hello after\n");
    // a job in flight on the worker that was ended is rejected with it, never left waiting
    expect(["hello queued\n", "the render worker stopped: a render took longer than 0.3 s"]).toContain(await queued);
    expect(pool.replaced).toBe(1);
    expect(events).toEqual([{ event: "render-worker-stopped", error: "a render took longer than 0.3 s", replaced: true }]);
  });

  it("is broken, rejecting every job, when its code cannot load", async () => {
    const entry = join(import.meta.dirname, "../../../../tmp", `broken-render-worker-${process.pid}.mjs`);
    writeFileSync(entry, 'throw new Error("cannot load");\n');
    const pool = new RenderPool({ size: 2, entry });
    pools.push(pool);
    const first = pool.run(job({ name: "x" }));
    await expect(first).rejects.toThrow("cannot load");
    await expect.poll(() => pool.broken).toBe(true);
    await expect(pool.run(job({ name: "y" }))).rejects.toThrow("the render workers are not running");
  });
});
