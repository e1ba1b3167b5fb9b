// npm run bench: validation throughput (MB/s and configs/s) on the reference
// corpus and on a generated 5 MB config, and the CLI's start-up cost.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { validateIgnition } from "../dist/index.js";
import { largeConfig } from "./generate.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const corpusDir = join(root, "..", "shared", "conformance", "cases", "validate");

function measure(name, inputs, minMs = 1500) {
  const bytes = inputs.reduce((n, b) => n + b.length, 0);
  for (const b of inputs) validateIgnition(b); // warm up
  let rounds = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const b of inputs) validateIgnition(b);
    rounds++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  const seconds = elapsed / 1000;
  const mbps = (bytes * rounds) / 1e6 / seconds;
  const cps = (inputs.length * rounds) / seconds;
  console.log(
    `${name.padEnd(34)} ${mbps.toFixed(1).padStart(8)} MB/s ${cps.toFixed(0).padStart(10)} configs/s  (${inputs.length} configs, ${(bytes / 1e3).toFixed(1)} kB, ${rounds} rounds)`,
  );
}

function wall(cmd, args, runs = 15) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    spawnSync(cmd, args, { stdio: "ignore" });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const examples = readdirSync(join(root, "examples"))
  .filter((f) => f.endsWith(".ign"))
  .map((f) => readFileSync(join(root, "examples", f)));
if (existsSync(corpusDir)) {
  const corpus = readdirSync(corpusDir)
    .map((d) => join(corpusDir, d, "config.ign"))
    .filter(existsSync)
    .map((p) => readFileSync(p));
  measure("reference corpus (validate cases)", corpus);
} else {
  console.log("reference corpus not found at ../shared/conformance; skipping that row");
}
measure("examples/*.ign", examples);
const big = Buffer.from(largeConfig(5 * 1024 * 1024));
measure(`generated config (${(big.length / 1e6).toFixed(1)} MB)`, [big], 3000);

const dir = mkdtempSync(join(tmpdir(), "kindling-bench-"));
writeFileSync(join(dir, "big.ign"), big);
const nodeBare = wall(process.execPath, ["-e", "0"]);
const small = wall(process.execPath, [join(root, "dist/kindling.cjs"), "validate", join(root, "examples/webserver.ign")]);
const large = wall(process.execPath, [join(root, "dist/kindling.cjs"), "validate", join(dir, "big.ign")], 7);
console.log(
  `process wall time (median): node -e 0 ${nodeBare.toFixed(0)} ms; validate small ${small.toFixed(0)} ms (${(small / nodeBare).toFixed(2)}x); validate 5 MB ${large.toFixed(0)} ms`,
);
