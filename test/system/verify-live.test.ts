// On a running systemd host the agent asks systemctl as evaluate.ts does:
// the live probes (unit-enabled, unit-started, failed-units), cut from the
// rendered agent and run under dash and busybox sh, report what evaluate()
// reports for the same systemctl answers (a fake systemctl on PATH; this
// machine runs no systemd, so evaluate() is told /run/systemd/system exists).
import { spawnSync } from "node:child_process";
import { chmodSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { evaluate } from "../../src/verify/evaluate.js";
import type { Expectation } from "../../src/verify/expectations.js";
import { agentScript, requireShell, SHELLS, tempDir, which } from "./verify-agent.js";

const live = vi.hoisted(() => ({ on: false }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  return { ...fs, existsSync: (p: string) => (live.on && p === "/run/systemd/system") || fs.existsSync(p) };
});

const EXPECTATIONS: Expectation[] = [
  { kind: "unit", subject: "a.service", property: "enabled", expected: "true", probe: "unit-enabled", args: ["a.service"], live: true },
  { kind: "unit", subject: "a.service", property: "started", expected: "started", probe: "unit-started", args: ["a.service"], live: true },
  { kind: "failed-units", subject: "systemd", property: "failed units", expected: "none", probe: "failed-units", args: [], live: true },
];

interface Answers {
  isEnabled: [string, number];
  show: string;
  listUnits: string;
}

const SCENARIOS: [string, Answers | undefined, string[]][] = [
  ["all well", { isEnabled: ["enabled\n", 0], show: "active\nsuccess\n", listUnits: "" }, ["true", "started", "none"]],
  [
    "failed",
    {
      isEnabled: ["disabled\n", 1],
      show: "failed\nexit-code\n",
      listUnits: "a.service loaded failed failed A\nb.mount   loaded failed failed B\n",
    },
    ["false", "failed/exit-code", "a.service,b.mount"],
  ],
  [
    "oneshot done, enabled at runtime",
    { isEnabled: ["enabled-runtime\n", 0], show: "inactive\nsuccess\n", listUnits: "\n" },
    ["true", "started", "none"],
  ],
  [
    "an alias, still starting",
    { isEnabled: ["alias\n", 0], show: "activating\nsuccess\n", listUnits: "" },
    ["true", "activating/success", "none"],
  ],
  ["static, nothing shown", { isEnabled: ["static\n", 0], show: "", listUnits: "" }, ["false", "/undefined", "none"]],
  [
    "masked, reloading",
    { isEnabled: ["masked\n", 1], show: "reloading\nsuccess\n", listUnits: "  x.service loaded failed failed X\n\n" },
    ["false", "started", "x.service"],
  ],
  [
    "white space inside",
    { isEnabled: ["enabled\nenabled\n", 0], show: " inactive \n exit-code \n", listUnits: "" },
    ["false", "inactive / exit-code", "none"],
  ],
  ["no systemctl at all", undefined, ["false", "/undefined", "none"]],
];

function fakeSystemctl(dir: string, a: Answers): void {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const file = join(dir, "systemctl");
  writeFileSync(
    file,
    `#!/bin/sh\ncase $1 in\n  is-enabled) printf '%s' ${q(a.isEnabled[0])}; exit ${a.isEnabled[1]} ;;\n  show) printf '%s' ${q(a.show)} ;;\n  list-units) printf '%s' ${q(a.listUnits)} ;;\n  *) exit 1 ;;\nesac\n`,
  );
  chmodSync(file, 0o755);
}

/** The agent's helpers and probes, cut from the rendered script as they ship. */
function probesCode(): string {
  const script = agentScript(EXPECTATIONS);
  const from = script.indexOf("# --- helpers");
  const to = script.indexOf("# --- the report");
  expect(from).toBeGreaterThan(0);
  expect(to).toBeGreaterThan(from);
  return script.slice(from, to);
}

const savedPath = process.env.PATH;
afterAll(() => {
  process.env.PATH = savedPath;
  live.on = false;
});

describe.each(SHELLS)("live probes under %s", (_name, shell) => {
  beforeAll(() => requireShell(shell));

  it.each(SCENARIOS)("%s", (_scenario, answers, wanted) => {
    const bin = tempDir("kindling-systemctl-");
    if (answers) fakeSystemctl(bin, answers);
    // Without systemctl: a PATH of awk alone (the probes' only tool).
    if (!answers) symlinkSync(which("awk"), join(bin, "awk"));
    const path = answers ? `${bin}:${savedPath}` : bin;
    const sh = which(shell[0]!);
    expect(spawnSync(sh, [...shell.slice(1), "-c", "command -v systemctl"], { env: { PATH: path } }).status).toBe(answers ? 0 : 127);

    live.on = true;
    process.env.PATH = path;
    const checks = evaluate(EXPECTATIONS, "/");
    process.env.PATH = savedPath;
    live.on = false;
    expect(checks.map((c) => c.actual)).toEqual(wanted);

    const program = `set -eu\nLC_ALL=C\nROOT=/\nR=\nK_LIVE=yes\nK_NL='\n'\n${probesCode()}\nfor p in unit_enabled unit_started failed_units; do "k_probe_$p" a.service; printf '|'; done`;
    const r = spawnSync(sh, [...shell.slice(1), "-c", program], { encoding: "utf8", env: { PATH: path } });
    if (r.error) throw r.error;
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(wanted.map((w) => `${w}|`).join(""));
  });
});
