// npm run bench (transpile part): issue 17's CLI rows, whole-process wall
// time (medians, all runs interleaved in one loop so each ratio compares
// figures from the same moment): small, medium and large (trees) transpile,
// `validate` of the medium config's Ignition, and 100 medium configs in one
// --out-dir call, next to a bare `node -e 0` and, when they are on PATH (or
// named by BUTANE / IGNITION_VALIDATE), Butane and ignition-validate.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { largeConfig, mediumConfig, smallConfig } from "./butane-inputs.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// The package bin, as `kindling` runs (dist/cli.js is the same program behind
// an ES module entry, ~5 ms slower to start).
const cli = join(root, "dist/kindling.cjs");
const work = mkdtempSync(join(tmpdir(), "kindling-transpile-bench-"));
const rounds = Number(process.env.BENCH_ROUNDS ?? 11);

/** A peer tool: its path when it runs, else undefined. */
function peer(envName, name) {
  const cmd = process.env[envName] ?? name;
  return spawnSync(cmd, ["--version"], { stdio: "ignore" }).status === 0 ? cmd : undefined;
}
const butane = peer("BUTANE", "butane");
const ignitionValidate = peer("IGNITION_VALIDATE", "ignition-validate");

writeFileSync(join(work, "small.bu"), smallConfig());
writeFileSync(join(work, "medium.bu"), mediumConfig());
writeFileSync(join(work, "large.bu"), largeConfig(work));
const mediumIgn = join(work, "medium.ign");
const made = spawnSync(process.execPath, [cli, "transpile", "-o", mediumIgn, join(work, "medium.bu")]);
if (made.status !== 0) throw new Error(`transpile medium failed: ${made.stderr}`);
const batchFiles = [];
mkdirSync(join(work, "batch"));
for (let i = 0; i < 100; i++) {
  const f = join(work, "batch", `m${i}.bu`);
  writeFileSync(f, mediumConfig());
  batchFiles.push(f);
}

/** name → [command, args, runs per round] */
const cases = {
  node: [process.execPath, ["-e", "0"], 3],
  small: [process.execPath, [cli, "transpile", join(work, "small.bu")], 3],
  medium: [process.execPath, [cli, "transpile", join(work, "medium.bu")], 2],
  large: [process.execPath, [cli, "transpile", "-d", work, join(work, "large.bu")], 1],
  validate: [process.execPath, [cli, "validate", mediumIgn], 2],
  batch: [process.execPath, [cli, "transpile", "--out-dir", join(work, "out"), ...batchFiles], 1],
};
if (butane) {
  cases.butaneMedium = [butane, [join(work, "medium.bu")], 2];
  cases.butaneLarge = [butane, ["-d", work, join(work, "large.bu")], 1];
}
if (ignitionValidate) cases.ignitionValidate = [ignitionValidate, [mediumIgn], 2];

const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let r = 0; r < rounds; r++) {
  for (const [name, [cmd, args, n]] of Object.entries(cases)) {
    for (let i = 0; i < n; i++) {
      const t = process.hrtime.bigint();
      const res = spawnSync(cmd, args, { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 << 20 });
      times[name].push(Number(process.hrtime.bigint() - t) / 1e6);
      if (res.status !== 0 && name !== "node") throw new Error(`${cmd} ${args.join(" ")} failed: ${res.stderr}`);
    }
  }
}
const med = (name) => {
  const a = [...times[name]].sort((x, y) => x - y);
  return a[Math.floor(a.length / 2)];
};
const node = med("node");
const ms = (v) => `${v.toFixed(0)} ms`;
const x = (v) => `${v.toFixed(2)}x`;
/** Butane's figures on the issue's machine, where `node -e 0` took 87 ms. */
const ISSUE = { node: 87, butaneMedium: 75, butaneLarge: 987, ignitionValidate: 18 };

console.log(`transpile / validate, whole process (median of ${rounds} interleaved rounds); node -e 0 = ${ms(node)}`);
const row = (label, value, detail) => console.log(`${label.padEnd(34)} ${ms(value).padStart(8)}   ${detail}`);
row("small, transpile", med("small"), `${x(med("small") / node)} node -e 0 (target <= 1.15x)`);
const peerNote = (key, value, factor) =>
  butane
    ? `${x(value / med(key))} Butane's ${ms(med(key))} (target <= ${factor}x)`
    : `${x(value / node)} node -e 0; Butane not installed: the issue measured ${ISSUE[key]} ms (${x(ISSUE[key] / ISSUE.node)} its node -e 0), target <= ${factor}x Butane`;
row("medium (60 files, 30 units)", med("medium"), peerNote("butaneMedium", med("medium"), 1.2));
row("large (trees, 1,500 files, 9.5 MB)", med("large"), peerNote("butaneLarge", med("large"), 0.2));
row(
  "validate, medium config's Ignition",
  med("validate"),
  `${x(med("validate") / node)} node -e 0 (target <= 1.15x)` +
    (ignitionValidate
      ? `; ignition-validate ${ms(med("ignitionValidate"))}`
      : `; ignition-validate not installed (issue: ${ISSUE.ignitionValidate} ms)`),
);
const hundred = butane ? 100 * med("butaneMedium") : undefined;
row(
  "100 medium, one --out-dir call",
  med("batch"),
  hundred
    ? `${x(med("batch") / hundred)} 100 Butane runs (${ms(hundred)}; target <= 0.1x)`
    : `${x(med("batch") / (100 * node))} 100 x node -e 0; Butane not installed: 100 runs took ${100 * ISSUE.butaneMedium} ms in the issue, target <= 0.1x`,
);

// The floor under the large row's target: Go's own level-9 gzip of the same
// files on one core (bench/reference/gzip-floor.go), when Go is installed.
const go = process.env.GO ?? "go";
if (spawnSync(go, ["version"], { stdio: "ignore" }).status === 0) {
  const floor = spawnSync(go, ["run", join(root, "bench/reference/gzip-floor.go"), join(work, "tree")], { encoding: "utf8" });
  const took = /([\d.]+) ms/.exec(floor.stdout)?.[1];
  if (took !== undefined)
    row(
      "  Go's level-9 gzip alone, 1 core",
      Number(took),
      `the same 1,500 files (${x(Number(took) / med("large"))} of kindling's whole large run; 0.2x Butane is ${ms(0.2 * ISSUE.butaneLarge)})`,
    );
  else console.log(`Go's gzip floor did not run: ${floor.stderr.trim()}`);
}
