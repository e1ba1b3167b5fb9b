// The report format (schemas/report.json) is written once: the types and
// the list of check kinds are generated from the schema, and the shape check
// the server runs (reportProblems) agrees with the schema on good and bad
// reports.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { buildReportTypes, REPORT_SCHEMA_PATH, REPORT_TYPES_PATH } from "../../scripts/gen-report-types.mjs";
import { CHECK_KINDS, type Report, reportProblems } from "../../src/verify/report.js";

const schema = JSON.parse(readFileSync(REPORT_SCHEMA_PATH, "utf8"));
const MACHINE = "0123456789abcdef0123456789abcdef";

function report(kind = "file"): Report {
  return {
    version: 1,
    machine: { id: MACHINE, group: "node1", hostname: "node1" },
    bootId: "5f1c2a0e-9d3b-4f5e-8a7c-0b1d2e3f4a5b",
    configHash: "sha256-" + "a".repeat(64),
    sentAt: new Date().toISOString(),
    checks: [{ kind, subject: "/etc/hostname", property: "sha256", expected: "x", actual: "x", pass: true }] as Report["checks"],
  };
}

describe("src/verify/report.generated.ts", () => {
  it("is what scripts/gen-report-types.mjs makes of schemas/report.json (run npm run gen after changing the schema)", () => {
    expect(readFileSync(REPORT_TYPES_PATH, "utf8")).toBe(buildReportTypes(schema));
  });

  it("lists the check kinds of the schema, in its order", () => {
    expect(CHECK_KINDS).toEqual(schema.$defs.CheckKind.enum);
  });
});

describe("reportProblems", () => {
  it("takes every check kind the schema names, and refuses any other naming the schema's list", () => {
    for (const kind of schema.$defs.CheckKind.enum as string[]) expect(reportProblems(report(kind)), kind).toEqual([]);
    expect(reportProblems(report("disk"))).toEqual([
      `$.checks.0.kind: must be one of ${(schema.$defs.CheckKind.enum as string[]).join(", ")}`,
    ]);
  });

  it("agrees with schemas/report.json on good and bad reports", () => {
    const validate = new Ajv2020.default({ strict: false }).compile(schema);
    const good = report();
    const samples: unknown[] = [
      good,
      { ...good, version: 2 },
      { ...good, machine: { id: "XYZ", group: "node1" } },
      { ...good, extra: 1 },
      { ...good, configHash: "md5-abc" },
      { ...good, checks: [{ ...good.checks[0], pass: "true" }] },
      { ...good, checks: [{ ...good.checks[0], kind: "disk" }] },
      { ...good, checks: [{ ...good.checks[0], extra: 1 }] },
      { ...good, machine: { id: MACHINE } },
      { ...good, machine: { ...good.machine, selector: "mac=52:54:00:00:00:01" } },
      { ...good, machine: { ...good.machine, selector: "no label" } },
      { ...good, bootId: 7 },
      "not an object",
    ];
    for (const sample of samples) expect(reportProblems(sample).length === 0, JSON.stringify(sample).slice(0, 80)).toBe(validate(sample));
  });
});
