// Helpers of the first-boot agent's system tests: the rendered agent, run
// under a shell with ROOT set, and the report it wrote.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import { type AgentSettings, REPORT_PATH, renderAgentScript } from "../../src/verify/agent.js";
import type { Expectation } from "../../src/verify/expectations.js";
import type { Report } from "../../src/verify/report.js";

export { requireShell, SHELLS } from "./script-root.js";

export const KEY = "6a0f".repeat(16);
export const CONFIG_HASH = "sha256-" + "ab".repeat(32);
export const MACHINE_ID = "0123456789abcdef0123456789abcdef";
export const BOOT_ID = "5f1c2d3e-4b5a-4697-8a9b-0c1d2e3f4a5b";

/** A temporary directory, removed when the test that made it finishes. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function agentScript(expectations: Expectation[], settings: Partial<AgentSettings> = {}): string {
  return renderAgentScript(
    expectations,
    { url: "http://127.0.0.1:9/reports", group: "web", key: KEY, retrySeconds: 5, ...settings },
    CONFIG_HASH,
  );
}

/** A tool on the tests' own PATH (the agent may get another PATH); a missing one fails the test. */
export function which(tool: string): string {
  const found = spawnSync("sh", ["-c", 'command -v "$1"', "sh", tool], { encoding: "utf8" }).stdout.trim();
  if (!found) throw new Error(`${tool} is needed by the agent's system tests (apt-get install dash busybox-static curl)`);
  return found;
}

/** What the agent may use of busybox. */
const APPLETS = [
  "awk",
  "cat",
  "date",
  "grep",
  "head",
  "ls",
  "mkdir",
  "mv",
  "od",
  "printf",
  "readlink",
  "sed",
  "sha256sum",
  "sleep",
  "stat",
  "tail",
  "wc",
  "wget",
];

/** A directory of busybox applets: a PATH with wget and no curl. */
export function busyboxPath(): string {
  const busybox = which("busybox");
  const dir = tempDir("kindling-bin-");
  for (const a of APPLETS) symlinkSync(busybox, join(dir, a));
  return dir;
}

export interface AgentRun {
  status: number | null;
  stderr: string;
}

function scriptFile(script: string): string {
  const file = join(tempDir("kindling-agent-"), "verify.sh");
  writeFileSync(file, script);
  return file;
}

/**
 * Runs the agent with `shell`, ROOT=root and nothing sent. Asynchronous, so
 * the test worker's event loop turns while it runs: a file of synchronous
 * runs adding up to a minute starves vitest's worker RPC ("Timeout calling
 * onTaskUpdate").
 */
export function runAgent(shell: string[], script: string, root: string, env: Record<string, string> = {}): Promise<AgentRun> {
  return runAgentAsync(shell, script, root, { PATH: process.env.PATH ?? "/usr/bin:/bin", KINDLING_VERIFY_SEND: "no", ...env });
}

/** The same, without blocking the event loop (a server in this process must answer). */
export function runAgentAsync(shell: string[], script: string, root: string, env: Record<string, string>): Promise<AgentRun> {
  const child = spawn(which(shell[0]!), [...shell.slice(1), scriptFile(script)], {
    env: { ROOT: root, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  // An agent that hangs must not outlive the test that timed out waiting for it.
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

/** The report the agent wrote (the tests check its shape against what they expect). */
export function readReport(root: string, path = join(root, REPORT_PATH)): Report {
  return JSON.parse(readFileSync(path, "utf8"));
}
