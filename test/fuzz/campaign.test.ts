// scripts/fuzz.mjs end to end, on worker threads, against the library with
// a planted crash and a planted hang (planted-library.mjs): the hang is
// cut off by the watchdog and reported, the crash is minimised and stored
// once, and a second run knows it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Pool } from "../../scripts/fuzz/pool.mjs";

const root = join(import.meta.dirname, "../..");
const out = mkdtempSync(join(tmpdir(), "fuzz-campaign-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const SUMMARY = /^(\d+) inputs, (\d+) crashes \((\d+) new\), (\d+) hangs, (\d+) slow, in [\d.]+ s/m;

function fuzz(...args: string[]) {
  return spawnSync(
    process.execPath,
    [
      join(root, "scripts/fuzz.mjs"),
      "--count",
      "300",
      "--seed",
      "planted",
      "--workers",
      "2",
      "--hang-seconds",
      "1",
      "--out",
      out,
      "--library",
      join(root, "test/fuzz/planted-library.mjs"),
      ...args,
    ],
    { encoding: "utf8", timeout: 120_000 },
  );
}

describe("npm run fuzz", () => {
  it("finds the planted crash and hangs, minimises the crash into the output folder and exits 1", () => {
    const r = fuzz();
    expect(r.status, r.stderr).toBe(1);
    const [, inputs, crashes, fresh, hangs] = SUMMARY.exec(r.stdout)!.map(Number);
    expect(inputs).toBe(300);
    // The planted crash, and any the real library still has.
    expect(crashes).toBeGreaterThanOrEqual(1);
    expect(fresh).toBe(crashes);
    expect(hangs).toBeGreaterThan(0);
    expect(r.stdout).toContain("crash: Error at plantedTranspile (planted-library.mjs)");

    const sidecars = readdirSync(out)
      .filter((n) => n.endsWith(".json"))
      .map((n) => JSON.parse(readFileSync(join(out, n), "utf8")));
    const crash = sidecars.find((s) => s.kind === "crash");
    expect(crash).toMatchObject({
      entry: "transpile",
      signature: "Error at plantedTranspile (planted-library.mjs)",
      message: "planted crash",
      options: { target: "ignition" },
    });
    expect([...readFileSync(join(out, crash.input))]).toEqual([0]);
    const hang = sidecars.find((s) => s.kind === "hang");
    expect(hang).toMatchObject({ entry: "validateCloudConfig", signature: "hang in validateCloudConfig" });
    expect(readFileSync(join(out, hang.input)).length % 7).toBe(0);
  }, 120_000);

  it("does not store a crash twice: the second run finds it stored", () => {
    const before = readdirSync(out).sort();
    const r = fuzz("--count", "100");
    const [, inputs, crashes, fresh] = SUMMARY.exec(r.stdout)!.map(Number);
    expect([inputs, fresh]).toEqual([100, 0]);
    expect(crashes).toBeGreaterThanOrEqual(1);
    expect(r.stdout).toContain("(stored before)");
    expect(readdirSync(out).sort()).toEqual(before);
  }, 120_000);

  it("refuses a bad count with a usage line", () => {
    const r = fuzz("--count", "many");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^--count must be an integer/);
  });
});

describe("the worker pool", () => {
  it("reports a case that ends its worker as a crash, and carries on with a fresh worker", async () => {
    const pool = new Pool({
      workers: 1,
      hangSeconds: 5,
      workerData: { root, seed: "pool", seedDirs: [], library: join(root, "test/fuzz/planted-library.mjs") },
    });
    await pool.start();
    try {
      const run = (text: string) =>
        pool.slots[0].request({
          type: "run",
          case: { entry: "validateIgnition", input: new TextEncoder().encode(text), as: "bytes", options: {} },
        });
      expect(await run("die")).toMatchObject({ kind: "crash", signature: "worker died: fuzz worker exited (7)" });
      expect(await run('{"ignition":{"version":"3.4.0"}}')).toMatchObject({ kind: "ok" });
    } finally {
      await pool.stop();
    }
  }, 30_000);
});
