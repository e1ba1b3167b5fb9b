// The agent sends its report: signed as the server checks it, with curl and
// with busybox wget (a PATH of busybox applets only, no curl), under dash and
// busybox sh; it retries while the server is unreachable or answers 5xx,
// stops at a 4xx, writes its stamp only once the report was accepted, and
// exits 0 (all passed, sent), 1 (a check failed, sent) or 3 (not sent).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildPlan } from "../../src/emit/legacy/plan.js";
import { REPORT_PATH, SENT_STAMP } from "../../src/verify/agent.js";
import { expectationsOf } from "../../src/verify/expectations.js";
import { reportProblems } from "../../src/verify/report.js";
import { reportKey, signReport } from "../../src/verify/report-signature.js";
import { agentScript, BOOT_ID, busyboxPath, MACHINE_ID, requireShell, runAgentAsync, SHELLS, tempDir } from "./verify-agent.js";
import {
  freePort,
  GROUP,
  GROUP_KEY,
  type ReportServer,
  SECRET,
  type SilentServer,
  startServer,
  startSilentServer,
} from "./verify-server.js";
import { put } from "./verify-trees.js";

const CONFIG = {
  ignition: { version: "3.4.0" },
  storage: { files: [{ path: "/etc/motd", mode: 0o644, contents: { source: "data:,hi%0A" } }] },
};
const expectations = expectationsOf(buildPlan(CONFIG).plan, CONFIG);
function requireCurl(): void {
  const r = spawnSync("curl", ["--version"]);
  if (r.error || r.status !== 0) throw new Error("curl is needed by the agent's system tests (apt-get install curl)");
}

/** A tree with a machine id and a boot id; /etc/motd as the config asks unless `spoilt`. */
function tree(spoilt = false): string {
  const root = join(tempDir("kindling-send-"), "root");
  put(root, "/etc/machine-id", MACHINE_ID + "\n");
  put(root, "/proc/sys/kernel/random/boot_id", BOOT_ID + "\n");
  put(root, "/etc/hostname", "node-1\n");
  mkdirSync(join(root, "etc"), { recursive: true });
  if (!spoilt) put(root, "/etc/motd", "hi\n");
  return root;
}

const CLIENTS: [string, () => string][] = [
  [
    "curl",
    () => {
      requireCurl();
      return process.env.PATH ?? "/usr/bin:/bin";
    },
  ],
  ["busybox wget", busyboxPath],
];

describe.each(SHELLS)("the agent under %s", (_shell, shell) => {
  beforeAll(() => requireShell(shell));

  describe.each(CLIENTS)("sending with %s", (client, pathFor) => {
    let server: ReportServer | undefined;
    let silent: SilentServer | undefined;
    afterEach(async () => {
      await server?.close();
      await silent?.close();
      server = undefined;
      silent = undefined;
    });

    const send = (root: string, url: string, settings: { key?: string; machine?: string; retrySeconds?: number } = {}) => {
      const script = agentScript(expectations, { url, group: GROUP, key: GROUP_KEY, retrySeconds: 4, ...settings });
      return runAgentAsync(shell, script, root, { PATH: pathFor() });
    };

    it("sends the report signed; the server accepts it; exit 0 and the stamp", async () => {
      server = await startServer();
      const root = tree();
      const machineKey = reportKey(SECRET, GROUP, "mac=52:54:00:12:34:56");
      const run = await send(root, server.url, { machine: "mac=52:54:00:12:34:56", key: machineKey });
      expect(run.stderr).toBe(`kindling-verify: 4 checks, 4 passed, 0 failed\nkindling-verify: report accepted by ${server.url}\n`);
      expect(run.status).toBe(0);
      expect(server.received.map((r) => r.status)).toEqual([201]);
      const [got] = server.received;
      expect(got!.method).toBe("POST");
      expect(got!.headers["content-type"]).toBe("application/json");
      expect(got!.headers["x-kindling-group"]).toBe(GROUP);
      expect(got!.headers["x-kindling-machine"]).toBe("mac=52:54:00:12:34:56");
      expect(got!.headers["x-kindling-signature"]).toBe(signReport(machineKey, got!.body));
      const file = readFileSync(join(root, REPORT_PATH));
      expect(got!.body.equals(file)).toBe(true);
      const report = JSON.parse(file.toString("utf8"));
      expect(reportProblems(report)).toEqual([]);
      expect(report.machine).toEqual({ id: MACHINE_ID, group: GROUP, hostname: "node-1", selector: "mac=52:54:00:12:34:56" });
      expect(server.stored.get(MACHINE_ID)?.report).toEqual(report);
      expect(existsSync(join(root, SENT_STAMP))).toBe(true);
    });

    it("sends no X-Kindling-Machine without a machine label; a failed check exits 1 once sent", async () => {
      server = await startServer();
      const root = tree(true);
      const run = await send(root, server.url);
      expect(run.stderr).toContain("kindling-verify: FAIL file /etc/motd type: expected file, found missing\n");
      expect(run.stderr).toContain(`kindling-verify: report accepted by ${server.url}\n`);
      expect(run.status).toBe(1);
      expect(server.received.map((r) => r.status)).toEqual([201]);
      expect(server.received[0]!.headers["x-kindling-machine"]).toBeUndefined();
      expect(server.stored.get(MACHINE_ID)?.report.checks.filter((c) => !c.pass)).toHaveLength(1);
      expect(existsSync(join(root, SENT_STAMP))).toBe(true);
    });

    it("retries until a server that was not listening comes up", async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/reports`;
      const root = tree();
      const started = Date.now();
      const running = send(root, url, { retrySeconds: 30 });
      await new Promise((resolve) => setTimeout(resolve, 2000));
      server = await startServer(port);
      const run = await running;
      expect(run.stderr).toMatch(
        /^kindling-verify: 4 checks, 4 passed, 0 failed\nkindling-verify: no answer from [^\n]+\nkindling-verify: retrying in 1 s\n/,
      );
      expect(run.stderr).toContain(client === "curl" ? ": curl: (7) " : ": wget: can't connect");
      expect(run.stderr).toContain(`kindling-verify: report accepted by ${url}\n`);
      expect(run.status).toBe(0);
      expect(server.received.map((r) => r.status)).toEqual([201]);
      expect(existsSync(join(root, SENT_STAMP))).toBe(true);
      expect(Date.now() - started).toBeLessThan(12_000);
    });

    it("retries after a 5xx answer, with a fresh report each time", async () => {
      server = await startServer();
      server.canned.push([503, '{"error":"busy"}\n'], [500, '{"error":"oops"}\n']);
      const root = tree();
      const run = await send(root, server.url, { retrySeconds: 30 });
      expect(run.stderr).toContain("kindling-verify: retrying in 1 s\n");
      expect(run.stderr).toContain("kindling-verify: retrying in 2 s\n");
      expect(run.status).toBe(0);
      expect(server.received.map((r) => r.status)).toEqual([503, 500, 201]);
      for (const r of server.received) expect(r.headers["x-kindling-signature"]).toBe(signReport(GROUP_KEY, r.body));
      expect(existsSync(join(root, SENT_STAMP))).toBe(true);
    });

    it("retries after a 429 (too many new machines from one address), as after a 5xx", async () => {
      server = await startServer();
      server.canned.push([429, '{"error":"too many new machines reporting"}\n']);
      const root = tree();
      const run = await send(root, server.url, { retrySeconds: 30 });
      expect(run.stderr).toContain("kindling-verify: retrying in 1 s\n");
      expect(run.status).toBe(0);
      expect(server.received.map((r) => r.status)).toEqual([429, 201]);
      expect(existsSync(join(root, SENT_STAMP))).toBe(true);
    });

    it("stops at a 4xx answer: exit 3, no stamp", async () => {
      server = await startServer();
      const root = tree();
      const run = await send(root, server.url, { key: "0".repeat(64), retrySeconds: 30 });
      expect(run.stderr).toContain(`kindling-verify: report refused by ${server.url} (HTTP 401): `);
      if (client === "curl") expect(run.stderr).toContain("bad or missing X-Kindling-Signature");
      expect(run.status).toBe(3);
      expect(server.received.map((r) => r.status)).toEqual([401]);
      expect(existsSync(join(root, SENT_STAMP))).toBe(false);
      expect(existsSync(join(root, REPORT_PATH))).toBe(true);
    });

    it("gives up once retrySeconds have passed: exit 3, no stamp", async () => {
      const url = `http://127.0.0.1:${await freePort()}/reports`;
      const root = tree();
      const started = Date.now();
      const run = await send(root, url, { retrySeconds: 3 });
      expect(run.stderr).toContain("kindling-verify: gave up sending the report after 3 seconds\n");
      expect(run.status).toBe(3);
      expect(run.stderr).toContain("kindling-verify: retrying in 1 s\n");
      // date +%s counts whole seconds: the 3 s may end up to a second early.
      expect(Date.now() - started).toBeGreaterThan(1900);
      expect(Date.now() - started).toBeLessThan(8000);
      expect(existsSync(join(root, SENT_STAMP))).toBe(false);
    });

    // No attempt outlives the retry time: a server that takes the connection and never answers
    // (the agent would otherwise wait on it for good) is given up on like one that is not there.
    // The test's own timeout is the bound it must finish within.
    it("gives up on a server that accepts and never answers once retrySeconds have passed: exit 3", { timeout: 30_000 }, async () => {
      silent = await startSilentServer();
      const root = tree();
      const run = await send(root, silent.url, { retrySeconds: 3 });
      expect(run.stderr).toMatch(
        new RegExp(
          `kindling-verify: no answer from ${silent.url.replace(/[.]/g, "[.]")}: ${client === "curl" ? "curl: \\(28\\) " : "wget: stopped after 3 s"}`,
        ),
      );
      expect(run.stderr).toContain("kindling-verify: gave up sending the report after 3 seconds\n");
      expect(run.stderr).not.toContain("failed (exit status");
      expect(run.status).toBe(3);
      expect(silent.accepted).toBeGreaterThanOrEqual(1);
      expect(existsSync(join(root, SENT_STAMP))).toBe(false);
    });
  });
});
