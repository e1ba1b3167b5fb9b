// The report the agent writes: schemas/report.json's shape (the server's own
// reportProblems), any value escaped as JSON, written whole (0600, no temp
// file left) where KINDLING_REPORT_FILE says; the machine and boot ids it
// needs, with a clear refusal naming the file when the machine id is bad.
import { lstatSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPORT_PATH } from "../../src/verify/agent.js";
import type { Expectation } from "../../src/verify/expectations.js";
import { reportProblems } from "../../src/verify/report.js";
import { agentScript, BOOT_ID, MACHINE_ID, readReport, requireShell, runAgent, SHELLS, tempDir } from "./verify-agent.js";
import { put } from "./verify-trees.js";

const WEIRD = 'a "quoted" \\ back\tslash\u0001 Zoë 日本';
const EXPECTATIONS: Expectation[] = [
  { kind: "file", subject: WEIRD, property: WEIRD, expected: WEIRD, probe: "readlink", args: ["/etc/weird"] },
  { kind: "hostname", subject: "hostname", property: "name", expected: "x", probe: "hostname", args: [] },
];

function tree(): string {
  const root = join(tempDir("kindling-report-"), "root");
  put(root, "/etc/machine-id", MACHINE_ID + "\n");
  put(root, "/proc/sys/kernel/random/boot_id", BOOT_ID + "\n");
  put(root, "/etc/hostname", '  Zoë\'s "host"\t\n');
  return root;
}

describe.each(SHELLS)("the report under %s", (_name, shell) => {
  beforeAll(() => requireShell(shell));
  const script = agentScript(EXPECTATIONS, { group: 'web "one" é' });

  it("has the schema's shape and escapes every value", async () => {
    const root = tree();
    const before = Date.now();
    const run = await runAgent(shell, script, root);
    expect(run.status).toBe(1);
    const text = readFileSync(join(root, REPORT_PATH), "utf8");
    const report = JSON.parse(text);
    expect(reportProblems(report)).toEqual([]);
    expect(report.machine).toEqual({ id: MACHINE_ID, group: 'web "one" é', hostname: `Zoë's "host"` });
    expect(report.checks).toEqual([
      { kind: "file", subject: WEIRD, property: WEIRD, expected: WEIRD, actual: "missing", pass: false },
      { kind: "hostname", subject: "hostname", property: "name", expected: "x", actual: `Zoë's "host"`, pass: false },
    ]);
    expect(text).toContain("back\\u0009slash\\u0001");
    expect(text).toContain("Zoë 日本");
    expect(report.sentAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Math.abs(Date.parse(report.sentAt) - before)).toBeLessThan(5000);
    expect(lstatSync(join(root, REPORT_PATH)).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(root, "var/lib/kindling"))).toEqual(["report.json"]);
  });

  it("goes where KINDLING_REPORT_FILE says, its directory made", async () => {
    const root = tree();
    const file = join(tempDir("kindling-elsewhere-"), "a/b/report.json");
    const run = await runAgent(shell, script, root, { KINDLING_REPORT_FILE: file });
    expect(run.status).toBe(1);
    expect(readReport(root, file).bootId).toBe(BOOT_ID);
    expect(() => lstatSync(join(root, REPORT_PATH))).toThrow();
  });

  it("takes the host's boot id when ROOT has none", async () => {
    const root = tree();
    rmSync(join(root, "proc"), { recursive: true });
    await runAgent(shell, script, root);
    expect(readReport(root).bootId).toBe(readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim());
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["not hex", "uninitialized\n"],
    ["upper case", MACHINE_ID.toUpperCase() + "\n"],
    ["too short", MACHINE_ID.slice(1) + "\n"],
  ])("refuses a machine id that is %s, naming the file", async (_what, text) => {
    const root = tree();
    if (text === undefined) rmSync(join(root, "etc/machine-id"));
    else put(root, "/etc/machine-id", text);
    const run = await runAgent(shell, script, root);
    expect(run.stderr).toBe(
      `kindling-verify: ${root}/etc/machine-id does not hold a machine id (32 lower-case hex digits): cannot make a report\n`,
    );
    expect(run.status).toBe(2);
    expect(() => lstatSync(join(root, REPORT_PATH))).toThrow();
  });
});
