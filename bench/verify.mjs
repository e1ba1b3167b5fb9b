// npm run bench (verification part): what the first-boot agent costs.
//   - adding it to a config (transpile in-process, with and without --verify);
//   - its size in the config (Ignition, gzipped from spec 3.1.0);
//   - one run of the agent over a tree (dash and busybox sh, sending off),
//     next to the TypeScript evaluator over the same tree.
// No targets were set for these; the figures are for the record.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./lib/median.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { transpile } = await import(join(root, "dist/transpile.js"));
const { agentExpectations, renderAgentScript } = await import(join(root, "dist/verify/agent.js"));
const { evaluate } = await import(join(root, "dist/verify/evaluate.js"));
const { readFileSync } = await import("node:fs");

const source = readFileSync(join(root, "examples/container-host.bu"), "utf8");
const verify = { url: "http://10.0.0.1:8080/reports", group: "g", machine: "mac=52:54:00:00:00:01", key: "ab".repeat(32) };
const filesDir = join(root, "examples");

for (let i = 0; i < 20; i++) transpile(source, { filesDir, verify }); // warm up
const plain = median(() => transpile(source, { filesDir }), 101);
const withAgent = median(() => transpile(source, { filesDir, verify }), 101);
const plainSize = transpile(source, { filesDir }).output.length;
const agentSize = transpile(source, { filesDir, verify }).output.length;

// A tree the agent passes: the script target applied under a fresh root.
const work = mkdtempSync(join(tmpdir(), "kindling-verify-bench-"));
const tree = join(work, "root");
for (const d of ["etc/systemd/system", "proc/sys/kernel/random", "home/core"]) mkdirSync(join(tree, d), { recursive: true });
writeFileSync(join(tree, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\ncore:x:1000:1000::/home/core:/bin/bash\n");
writeFileSync(join(tree, "etc/group"), "root:x:0:\nwheel:x:10:\ndocker:x:990:\nsudo:x:27:\ncore:x:1000:\n");
writeFileSync(join(tree, "etc/shadow"), "root:*:1::::::\ncore:*:1::::::\n");
writeFileSync(join(tree, "etc/gshadow"), "root:*::\nwheel:*::\ndocker:*::\nsudo:*::\ncore:*::\n");
writeFileSync(join(tree, "etc/machine-id"), "0123456789abcdef0123456789abcdef\n");
writeFileSync(join(tree, "proc/sys/kernel/random/boot_id"), "5f1c2a0e-9d3b-4f5e-8a7c-0b1d2e3f4a5b\n");
const script = transpile(source, { filesDir, target: "script" });
writeFileSync(join(work, "apply.sh"), script.output);
const applied = spawnSync("sh", [join(work, "apply.sh")], { env: { ...process.env, ROOT: tree }, encoding: "utf8" });
if (applied.status !== 0) throw new Error(`the script target failed on the bench tree: ${applied.stderr}`);

const ignition = JSON.parse(transpile(source, { filesDir }).output);
const { expectations } = agentExpectations(ignition);
writeFileSync(join(work, "verify.sh"), renderAgentScript(expectations, verify, "sha256-" + "0".repeat(64)));
const agentRun = (shell) => () => {
  const r = spawnSync(shell[0], [...shell.slice(1), join(work, "verify.sh")], {
    env: { ...process.env, ROOT: tree, KINDLING_VERIFY_SEND: "no", KINDLING_REPORT_FILE: join(work, "report.json") },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`the agent failed (${r.status}): ${r.stderr}`);
};
const dash = median(agentRun(["dash"]), 11);
const busybox = median(agentRun(["busybox", "sh"]), 11);
const ts = median(() => evaluate(expectations, tree), 101);

const row = (name, value) => console.log(`${name.padEnd(44)} ${value}`);
console.log(`verification agent (examples/container-host.bu, ${expectations.length} expectations)`);
row("transpile in-process, without / with --verify", `${plain.toFixed(2)} ms / ${withAgent.toFixed(2)} ms`);
row("Ignition output, without / with the agent", `${plainSize} / ${agentSize} bytes`);
row("agent run over the tree: dash / busybox sh", `${dash.toFixed(0)} ms / ${busybox.toFixed(0)} ms`);
row("evaluate() over the same tree (TypeScript)", `${ts.toFixed(2)} ms`);
