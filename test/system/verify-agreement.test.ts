// The agent (templates/verify.sh.hbs, under dash and busybox sh) and the
// TypeScript evaluator (evaluate.ts) report the same checks, check by check,
// for a good tree and each spoilt copy of it; and each spoilt copy fails
// exactly the checks it should, so both cannot be wrong the same way.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildPlan } from "../../src/emit/legacy/plan.js";
import { evaluate } from "../../src/verify/evaluate.js";
import { expectationsOf } from "../../src/verify/expectations.js";
import {
  agentScript,
  BOOT_ID,
  busyboxPath,
  CONFIG_HASH,
  MACHINE_ID,
  readReport,
  requireShell,
  runAgent,
  SHELLS,
  tempDir,
} from "./verify-agent.js";
import { CONFIG, type Failure, goodTree, SPOILS } from "./verify-trees.js";

const { plan, diagnostics } = buildPlan(CONFIG);
const expectations = expectationsOf(plan, CONFIG);
const script = agentScript(expectations);

function tree(): string {
  const root = join(tempDir("kindling-agree-"), "root");
  goodTree(root);
  return root;
}

const failures = (checks: { kind: string; subject: string; property: string; actual: string; pass: boolean }[]): Failure[] =>
  checks.filter((c) => !c.pass).map((c) => [c.kind, c.subject, c.property, c.actual]);

// Each shell with the host's tools (dash: coreutils and mawk; Debian's busybox
// sh prefers its own applets), and dash with nothing but busybox applets.
const RUNS: [string, string[], () => Record<string, string>][] = [
  ...SHELLS.map(([name, shell]) => [name, shell, () => ({})] as [string, string[], () => Record<string, string>]),
  ["dash, busybox applets only", ["dash"], () => ({ PATH: busyboxPath() })],
];

describe.each(RUNS)("the agent under %s agrees with evaluate()", (_name, shell, env) => {
  beforeAll(() => {
    if (process.getuid?.() !== 0) throw new Error("the agreement tests give files owners: run them as root");
    requireShell(shell);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("on a tree that has everything: every check passes, the report is whole", async () => {
    const root = tree();
    const want = evaluate(expectations, root);
    const run = await runAgent(shell, script, root, env());
    expect(run.stderr).toBe(`kindling-verify: ${want.length} checks, ${want.length} passed, 0 failed\n`);
    expect(run.status).toBe(0);
    const report = readReport(root);
    expect(report.checks).toEqual(want);
    expect(failures(want)).toEqual([]);
    expect(new Set(want.map((c) => c.kind))).toEqual(
      new Set(["file", "directory", "link", "user", "group", "unit", "hostname", "kernel-argument", "ignition-result"]),
    );
    expect(report).toMatchObject({
      version: 1,
      machine: { id: MACHINE_ID, group: "web", hostname: "node-1" },
      bootId: BOOT_ID,
      configHash: CONFIG_HASH,
    });
    expect(Object.keys(report)).toEqual(["version", "machine", "bootId", "configHash", "sentAt", "checks"]);
  });

  it.each(SPOILS.map((s) => [s.name, s] as const))("spoilt: %s", async (_spoil, { spoil, fails, skipped }) => {
    const root = tree();
    spoil(root);
    const want = evaluate(expectations, root);
    expect(failures(want), "evaluate() fails exactly these").toEqual(fails);
    const run = await runAgent(shell, script, root, env());
    expect(run.status).toBe(fails.length ? 1 : 0);
    const checks = readReport(root).checks;
    expect(checks).toEqual(want);
    const shown = (k: string, s: string, p: string) => `${k} ${s} ${p}`;
    for (const s of skipped ?? []) expect(checks.map((c) => shown(c.kind, c.subject, c.property))).not.toContain(s);
    const failLines = want
      .filter((c) => !c.pass)
      .map((c) => `kindling-verify: FAIL ${c.kind} ${c.subject} ${c.property}: expected ${c.expected}, found ${c.actual}\n`);
    expect(run.stderr).toBe(
      `kindling-verify: ${want.length} checks, ${want.length - fails.length} passed, ${fails.length} failed\n${failLines.join("")}`,
    );
  });
});
