#!/usr/bin/env node
// The legacy targets over the reference corpus: every case Butane transpiled
// successfully is transpiled to cloud-config, cloud-init and script. Each
// either succeeds, and its output is checked by the real tools (coreos-
// cloudinit's rules, `cloud-init schema`, the script run under dash and
// busybox sh against a temporary root and the tree compared with the
// config), or is refused with errors that all carry a YAML line and column.
// Anything else is a failure. Needs a build and the Debian packages
// cloud-init, dash and busybox-static.
//
//   node scripts/legacy-conformance.mjs [--cases DIR] [--only SUBSTR]
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { corpusDir, ROOT, requireCorpus } from "./lib/corpus.mjs";

const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const casesDir = requireCorpus(resolve(opt("--cases", join(corpusDir(), "cases", "butane"))), "the Butane cases");
const { transpile } = await import(join(ROOT, "dist", "transpile.js"));
const { validateCloudConfig } = await import(join(ROOT, "dist", "validate-cloud-config", "validate.js"));
const { buildPlan } = await import(join(ROOT, "dist", "emit", "legacy", "plan.js"));
const { checkTree } = await import(join(ROOT, "dist", "verify", "tree.js"));
const { seedRoot, SHELLS } = await import("./lib/script-harness.mjs");

const only = opt("--only", "");
const work = mkdtempSync(join(tmpdir(), "kindling-legacy-"));

function run(cmd, args) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", (err) => done({ status: -1, out: String(err) }));
    child.on("close", (status) => done({ status, out }));
  });
}

const cases = readdirSync(casesDir)
  .filter((c) => c.includes(only))
  .filter((c) => readFileSync(join(casesDir, c, "expected.exit"), "utf8").trim() === "0")
  .sort();

const tally = {};
const failures = [];
const count = (target, outcome) => {
  tally[target] ??= { expressed: 0, refused: 0, failed: 0 };
  tally[target][outcome]++;
};
const fail = (name, target, why) => {
  count(target, "failed");
  failures.push(`FAIL ${name} [${target}]: ${why}`);
};

async function checkOne(name, target, output, plan) {
  if (target === "cloud-config") {
    const found = validateCloudConfig(output);
    return found.length ? found.map((d) => `line ${d.span?.line}: ${d.message}`).join("; ") : undefined;
  }
  if (target === "cloud-init") {
    const file = join(work, `${name}.cloud-init.yaml`);
    writeFileSync(file, output);
    const r = await run("cloud-init", ["schema", "--config-file", file]);
    return r.status === 0 && r.out.includes("Valid cloud-config") && !/deprecat/i.test(r.out)
      ? undefined
      : `cloud-init schema: ${r.out.trim()}`;
  }
  return checkScript(name, output, plan);
}

function seededRoot(plan) {
  const root = mkdtempSync(join(work, "root-"));
  seedRoot(root, plan);
  return root;
}

/** The script under dash and busybox sh, twice each (idempotence), then the tree against the plan. */
async function checkScript(name, script, plan) {
  const file = join(work, `${name}.sh`);
  writeFileSync(file, script);
  for (const shell of SHELLS) {
    const root = seededRoot(plan);
    for (const round of ["first", "second"]) {
      const r = await run("env", [`ROOT=${root}`, ...shell, file]);
      if (r.status !== 0) return `${shell.join(" ")} (${round} run) exited ${r.status}: ${r.out.trim().split("\n").slice(-3).join(" | ")}`;
    }
    const failed = checkTree(plan, root).filter((c) => !c.pass);
    rmSync(root, { recursive: true, force: true });
    if (failed.length)
      return `${shell.join(" ")}: ${failed.map((c) => `${c.kind} ${c.subject} ${c.property}: expected ${c.expected}, found ${c.actual}`).join("; ")}`;
  }
  return undefined;
}

const queue = [];
for (const name of cases) {
  const dir = join(casesDir, name);
  const args = existsSync(join(dir, "args")) ? readFileSync(join(dir, "args"), "utf8") : "";
  const source = readFileSync(join(dir, "config.bu"), "utf8");
  const filesDir = existsSync(join(dir, "files")) ? join(dir, "files") : undefined;
  for (const target of ["cloud-config", "cloud-init", "script"]) {
    let r;
    try {
      r = transpile(source, { target, filesDir, strict: /--strict|-s\b/.test(args), raw: /--raw|-r\b/.test(args) });
    } catch (err) {
      fail(name, target, `crashed: ${err.stack}`);
      continue;
    }
    if (r.failure) {
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      const placed =
        errors.length > 0 && errors.every((d) => d.code.startsWith("legacy.") && d.code !== "legacy.invalid-output" && d.span?.line > 0);
      if (placed) count(target, "refused");
      else fail(name, target, `${r.failure}: ${errors.map((d) => `${d.code} ${d.message}`).join("; ") || "no error diagnostics"}`);
      continue;
    }
    let plan;
    if (target === "script") {
      const ignition = transpile(source, { filesDir, raw: true });
      plan = buildPlan(JSON.parse(ignition.output)).plan;
    }
    queue.push({ name, target, output: r.output, plan });
  }
}

// The real tools, two at a time (two cores).
let next = 0;
async function worker() {
  while (next < queue.length) {
    const { name, target, output, plan } = queue[next++];
    const problem = await checkOne(name, target, output, plan);
    if (problem) fail(name, target, problem);
    else count(target, "expressed");
  }
}
await Promise.all([worker(), worker()]);
rmSync(work, { recursive: true, force: true });

for (const f of failures.sort()) console.log(f);
for (const [target, t] of Object.entries(tally)) {
  console.log(`${target}: ${t.expressed} expressed and checked, ${t.refused} refused with positions, ${t.failed} failed`);
}
const failed = failures.length;
console.log(`${cases.length} successful reference cases; ${failed ? `${failed} failures` : "no failures"}`);
process.exit(failed ? 1 : 0);
