// Every case the fuzzer stored (test/fixtures/fuzz/: an input, minimised
// for crashes, and its .json sidecar, written by npm run fuzz) must now
// satisfy the property: the call returns, with output or located
// diagnostics. The cases run on the fuzzer's worker pool, whose watchdog
// turns a case that still hangs into a failure instead of a stuck test run.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Pool } from "../../scripts/fuzz/pool.mjs";
import { loadStored } from "../../scripts/fuzz/store.mjs";
import type { FuzzCase, StoredCase } from "../helpers/fuzz-shapes.js";

const root = join(import.meta.dirname, "../..");
const stored = loadStored(join(root, "test/fixtures/fuzz"));
const HANG_SECONDS = 10;
const pool = new Pool({ workers: 1, hangSeconds: HANG_SECONDS, workerData: { root, seed: "replay", seedDirs: [] } });
beforeAll(() => pool.start());
afterAll(() => pool.stop());

describe("stored fuzz cases", () => {
  it("are there: each crash the fuzzer found stays a test", () => {
    expect(stored.length).toBeGreaterThan(0);
  });

  it.each(stored.map((s: StoredCase): [string, string, FuzzCase] => [s.sidecar.input, s.sidecar.signature, s.case]))(
    "%s (once: %s) gives output or located diagnostics",
    async (_name, _signature, c) => {
      const v = await pool.slots[0].request({ type: "run", case: c });
      expect(v.kind === "ok" ? "ok" : `${v.kind}: ${v.signature}\n${v.message}\n${v.stack ?? ""}`).toBe("ok");
    },
    (HANG_SECONDS + 20) * 1000,
  );
});
