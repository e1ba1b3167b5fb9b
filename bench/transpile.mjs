// npm run bench (transpile part): whole-process wall time for the issue's
// small, medium and large inputs and for 100 medium configs in one batch
// call, next to a bare `node -e 0`.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { largeConfig, mediumConfig, smallConfig } from "./butane-inputs.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist/cli.js");
const work = mkdtempSync(join(tmpdir(), "kindling-transpile-bench-"));

function wall(args, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0 && args.length > 2) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

writeFileSync(join(work, "small.bu"), smallConfig());
writeFileSync(join(work, "medium.bu"), mediumConfig());
writeFileSync(join(work, "large.bu"), largeConfig(work));
const batch = join(work, "batch");
mkdirSync(batch);
const batchFiles = [];
for (let i = 0; i < 100; i++) {
  const f = join(batch, `m${i}.bu`);
  writeFileSync(f, mediumConfig());
  batchFiles.push(f);
}

const node = wall(["-e", "0"], 21);
const small = wall([cli, "transpile", join(work, "small.bu")], 21);
const medium = wall([cli, "transpile", join(work, "medium.bu")], 11);
const large = wall([cli, "transpile", "-d", work, join(work, "large.bu")], 5);
const batchMs = wall([cli, "transpile", "--out-dir", join(work, "out"), ...batchFiles], 3);
const row = (name, ms, target) => console.log(`${name.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms   target ${target}`);
console.log(`transpile, whole process (median), node -e 0 = ${node.toFixed(0)} ms`);
row("small", small, `<= ${(1.2 * node).toFixed(0)} ms (1.2x node -e 0); ratio ${(small / node).toFixed(2)}x`);
row("medium (~125 KB)", medium, "<= 95 ms");
row("large (trees, ~9.5 MB)", large, "<= 450 ms");
row("100 medium, one batch call", batchMs, "<= 1300 ms");
