#!/usr/bin/env node
// npm run fuzz: the mutation fuzzer (scripts/fuzz/). Mutates the seed
// corpus (test/fixtures, examples/) and calls the built library's entry
// points with every target and option, on worker threads with a hang
// watchdog; each new crash is minimised into test/fixtures/fuzz/, which
// test/fuzz/replay.test.ts replays. The same --seed and --count give the
// same inputs.
//
//   node scripts/fuzz.mjs [--count N] [--time SECONDS] [--seed S] [--workers N]
//                         [--hang-seconds N] [--out DIR] [--seeds DIR]... [--no-minimise] [--cases N,N…]
//   node scripts/fuzz.mjs --show N [--seed S] [--dump FILE]   one input: what it is and what it gives
//   (--library MODULE: a stand-in for the built library, for the fuzzer's own tests)
//
// Defaults: 1,000,000 inputs, seed "kindling", one worker per CPU, a hang after
// 10 s, cases stored in test/fixtures/fuzz/. Slow inputs are reported, not stored.
// Exit status: 0 nothing found; 1 a crash, property violation or hang (or an
// input the fuzzer failed to make); 2 usage.
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runCampaign } from "./fuzz/campaign.mjs";
import { makeCase } from "./fuzz/cases.mjs";
import { loadLibrary } from "./fuzz/library.mjs";
import { buildCorpus } from "./fuzz/seeds.mjs";
import { runCase } from "./fuzz/targets.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const USAGE =
  "usage: node scripts/fuzz.mjs [--count N] [--time SECONDS] [--seed S] [--workers N] [--hang-seconds N] [--out DIR] [--seeds DIR]... [--no-minimise] [--cases N,N...] | --show N [--dump FILE]";

let args;
try {
  args = parseArgs({
    options: {
      count: { type: "string", default: "1000000" },
      time: { type: "string" },
      seed: { type: "string", default: "kindling" },
      workers: { type: "string", default: String(availableParallelism()) },
      "hang-seconds": { type: "string", default: "10" },
      out: { type: "string", default: join(root, "test/fixtures/fuzz") },
      seeds: { type: "string", multiple: true, default: [] },
      "no-minimise": { type: "boolean", default: false },
      show: { type: "string" },
      cases: { type: "string" },
      library: { type: "string" },
      dump: { type: "string" },
      help: { type: "boolean", default: false },
    },
  }).values;
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const number = (name, min) => {
  const v = Number(args[name]);
  if (!Number.isInteger(v) || v < min) {
    console.error(`--${name} must be an integer of at least ${min}, not ${args[name]}\n${USAGE}`);
    process.exit(2);
  }
  return v;
};

if (args.show !== undefined) {
  const index = number("show", 0);
  const L = await loadLibrary(root, args.library && resolve(args.library));
  const c = makeCase(buildCorpus(L, args.seeds), L, args.seed, index);
  const v = runCase(L, c);
  console.log(
    JSON.stringify(
      { index, entry: c.entry, as: c.as, options: c.options, from: c.seed, mutations: c.steps, bytes: c.input.length, verdict: v },
      null,
      2,
    ),
  );
  if (args.dump) writeFileSync(args.dump, c.input);
  process.exit(v.kind === "ok" ? 0 : 1);
}

const cases = args.cases?.split(",").map(Number);
if (cases?.some((n) => !Number.isInteger(n) || n < 0)) {
  console.error(`--cases takes case numbers separated by commas, not ${args.cases}\n${USAGE}`);
  process.exit(2);
}
const settings = {
  root,
  cases,
  seed: args.seed,
  count: number("count", 1),
  seconds: args.time === undefined ? undefined : number("time", 1),
  workers: number("workers", 1),
  hangSeconds: number("hang-seconds", 1),
  out: resolve(args.out),
  seedDirs: args.seeds,
  minimise: !args["no-minimise"],
  library: args.library && resolve(args.library),
  log: (line) => console.error(line),
};
const r = await runCampaign(settings);
const fresh = r.crashes.filter((c) => c.new).length;
for (const c of r.crashes) {
  const where = c.stored ? ` -> ${relative(process.cwd(), join(settings.out, c.stored))}` : " (stored before)";
  console.log(
    `${c.kind}: ${c.signature} [${c.entry}, ${c.count} inputs, first #${c.index}]${where}\n  ${c.message.split("\n")[0].slice(0, 200)}`,
  );
  if (c.input) {
    const text = `"${[...c.input.input].map((b) => (b === 0x0a ? "\\n" : b === 0x22 || b === 0x5c ? "\\" + String.fromCharCode(b) : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`)).join("")}"`;
    console.log(
      `  minimised: ${c.input.input.length} bytes as ${c.input.as}, options ${JSON.stringify(c.input.options)}: ${text.length > 300 ? text.slice(0, 300) + "…" : text}`,
    );
  }
}
for (const f of r.fuzzerErrors)
  console.log(
    `fuzzer error: input #${f.index} could not be made (a bug in scripts/fuzz/): ${f.message.split("\n").slice(0, 3).join(" | ")}`,
  );
for (const i of r.hangs) console.log(`hang: input #${i} (node scripts/fuzz.mjs --seed ${args.seed} --show ${i})`);
for (const s of r.slow) {
  const how =
    s.why === "superlinear"
      ? `${s.ms.toFixed(0)} ms for ${s.bytes} bytes (${s.key.split(" ")[0]}), ${s.halfMs.toFixed(0)} ms at half the growth`
      : `${s.ms.toFixed(0)} ms for ${s.bytes} bytes, ${(s.ms / s.bytes / s.median).toFixed(0)}x the median per byte of ${s.key}`;
  console.log(
    `${s.why === "superlinear" ? "superlinear" : "slow"}: input #${s.index} ${how} (node scripts/fuzz.mjs --seed ${args.seed} --show ${s.index})`,
  );
}
console.log(
  `${r.inputs} inputs, ${r.crashes.length} crashes (${fresh} new), ${r.hangs.length} hangs, ${r.slow.length} slow, in ${r.seconds.toFixed(1)} s (${(r.inputs / r.seconds).toFixed(0)} inputs/s, ${settings.workers} workers, seed ${args.seed})`,
);
process.exit(r.crashes.length || r.hangs.length || r.fuzzerErrors.length ? 1 : 0);
