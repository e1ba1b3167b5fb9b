// A fixed slice of the fuzzer's inputs (scripts/fuzz/), in-process: every
// one must give output or located diagnostics, never a throw. npm run fuzz
// runs the long campaign with timing and a hang watchdog; this slice checks
// the property only, and leaves the inputs grown for the timing check at
// their seed's size.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { makeCase } from "../../scripts/fuzz/cases.mjs";
import { loadLibrary } from "../../scripts/fuzz/library.mjs";
import { buildCorpus } from "../../scripts/fuzz/seeds.mjs";
import { runCase } from "../../scripts/fuzz/targets.mjs";

const root = join(import.meta.dirname, "../..");
const SEED = "npm-test";
const COUNT = 3000;

let L: any;
let corpus: any;
beforeAll(async () => {
  L = await loadLibrary(root);
  corpus = buildCorpus(L);
});

describe(`fuzz slice: seed ${SEED}, ${COUNT} inputs`, () => {
  it("every input gives output or located diagnostics", () => {
    const found = new Map<string, string>();
    for (let i = 0; i < COUNT; i++) {
      const c = makeCase(corpus, L, SEED, i, { grow: false });
      const v = runCase(L, c);
      if (v.kind !== "ok" && !found.has(v.signature)) {
        found.set(v.signature, `#${i} ${c.entry} ${JSON.stringify(c.options)}: ${v.message.split("\n")[0]} (node scripts/fuzz.mjs --seed ${SEED} --show ${i})`);
      }
    }
    expect([...found.entries()]).toEqual([]);
  }, 120_000);
});
