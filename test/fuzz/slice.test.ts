// A fixed slice of the fuzzer's inputs (scripts/fuzz/): every one must give
// output or located diagnostics, never a throw. The slice runs on the
// fuzzer's worker pool, so an input that hangs or exhausts memory fails
// this test instead of the test runner. npm run fuzz runs the long
// campaign with timing; this slice checks the property only, and leaves the
// inputs grown for the timing check at their seed's size.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Pool } from "../../scripts/fuzz/pool.mjs";

const root = join(import.meta.dirname, "../..");
const SEED = "npm-test";
const COUNT = 3000;
const HANG_SECONDS = 10;

const pool = new Pool({ workers: 1, hangSeconds: HANG_SECONDS, workerData: { root, seed: SEED, seedDirs: [], grow: false } });
beforeAll(() => pool.start());
afterAll(() => pool.stop());

describe(`fuzz slice: seed ${SEED}, ${COUNT} inputs`, () => {
  it("every input gives output or located diagnostics, in time", async () => {
    const { findings, hangs } = await pool.slots[0].runRange(0, COUNT);
    const show = (i: number) => `(node scripts/fuzz.mjs --seed ${SEED} --show ${i})`;
    const found = new Map<string, string>();
    for (const f of findings)
      if (!found.has(f.signature)) found.set(f.signature, `#${f.index} ${f.entry ?? ""}: ${f.message.split("\n")[0]} ${show(f.index)}`);
    for (const i of hangs) found.set(`hang #${i}`, `no answer in ${HANG_SECONDS} s ${show(i)}`);
    expect([...found.entries()]).toEqual([]);
  }, 300_000);
});
