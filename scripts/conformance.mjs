#!/usr/bin/env node
// The reference conformance suites, all gating: ignition-validate parity,
// Butane parity over the recorded corpus, and Butane parity over the cases of
// our own in test/fixtures/butane-cases (hand-derived from Butane's source).
// Each must pass every case with byte-identical output and identical
// diagnostic messages (the runner's own pass rule compares locations only).
// Needs a build (npm run conformance builds first).
//
//   node scripts/conformance.mjs            (the corpus from KINDLING_CONFORMANCE or ../shared/conformance)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { corpusDir, ROOT, requireCorpus } from "./lib/corpus.mjs";

const corpus = requireCorpus(corpusDir(), "the reference conformance cases");
const runner = join(corpus, "run.mjs");
const cli = (command) => `node ${join(ROOT, "dist", "cli.js")} ${command}`;

const suites = [
  { title: "validate (ignition-validate v2.26.0)", args: ["validate", "--cli", cli("validate")] },
  { title: "butane (Butane v0.29.0, recorded)", args: ["butane", "--cli", cli("transpile")] },
];
const own = join(ROOT, "test", "fixtures", "butane-cases");
if (existsSync(own))
  suites.push({ title: "butane (Butane v0.29.0, our cases from its source)", args: ["butane", "--cli", cli("transpile"), "--cases", own] });

const work = mkdtempSync(join(tmpdir(), "kindling-conformance-"));
let bad = 0;
for (const [i, suite] of suites.entries()) {
  console.log(`== conformance: ${suite.title}`);
  const json = join(work, `${i}.json`);
  const run = spawnSync(process.execPath, [runner, ...suite.args, "--json", json], { stdio: "inherit" });
  const summary = existsSync(json) ? JSON.parse(readFileSync(json, "utf8")) : undefined;
  const problems = [];
  if (!summary) problems.push(`the runner wrote no summary (exit ${run.status})`);
  else {
    if (summary.failed) problems.push(`${summary.failed} failed`);
    if (summary.exactBytes !== summary.withOutput) problems.push(`byte-identical output ${summary.exactBytes}/${summary.withOutput}`);
    if (summary.sameMessages !== summary.withDiags)
      problems.push(`identical diagnostic messages ${summary.sameMessages}/${summary.withDiags}`);
  }
  if (problems.length) {
    bad++;
    console.error(`conformance ${suite.title}: ${problems.join("; ")}`);
  }
}
rmSync(work, { recursive: true, force: true });
process.exit(bad ? 1 : 0);
