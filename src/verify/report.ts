/**
 * The first-boot report (schemas/report.json, the one source of its shape:
 * the types and the check kinds are generated from it into
 * report.generated.ts): what the agent sends, what a server keeps, and the
 * shape check a server runs on a report it receives.
 */
import { CHECK_KINDS, type Check, type Report } from "./report.generated.js";

export { CHECK_KINDS, type Check, type CheckKind, type Report, type ReportMachine } from "./report.generated.js";

/** A report as a server keeps it: with when it came in. */
export interface StoredReport {
  receivedAt: string;
  report: Report;
}

const KINDS: ReadonlySet<string> = new Set(CHECK_KINDS);
const CHECK_KEYS: readonly (keyof Check)[] = ["kind", "subject", "property", "expected", "actual", "pass"];

/** The problems with a report's shape (the rules of schemas/report.json), as "path: message". */
export function reportProblems(v: unknown): string[] {
  const problems: string[] = [];
  const obj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
  const only = (x: Record<string, unknown>, at: string, keys: readonly string[]) => {
    for (const k of Object.keys(x)) if (!keys.includes(k)) problems.push(`${at}.${k}: unknown key`);
  };
  const str = (x: unknown, at: string, pattern?: RegExp) => {
    if (typeof x !== "string") problems.push(`${at}: must be a string`);
    else if (pattern && !pattern.test(x)) problems.push(`${at}: must match ${pattern.source}`);
  };
  if (!obj(v)) return ["$: a report is a JSON object"];
  only(v, "$", ["version", "machine", "bootId", "configHash", "sentAt", "checks"]);
  if (v.version !== 1) problems.push("$.version: must be 1");
  if (!obj(v.machine)) problems.push("$.machine: must be an object with id and group");
  else {
    only(v.machine, "$.machine", ["id", "group", "hostname", "selector"]);
    str(v.machine.id, "$.machine.id", /^[0-9a-f]{32}$/);
    str(v.machine.group, "$.machine.group", /^.+$/);
    if (v.machine.hostname !== undefined) str(v.machine.hostname, "$.machine.hostname");
    if (v.machine.selector !== undefined) str(v.machine.selector, "$.machine.selector", /^[a-z0-9_.-]+=.+$/);
  }
  str(v.bootId, "$.bootId", /^[0-9a-f-]{32,36}$/);
  str(v.configHash, "$.configHash", /^sha256-[0-9a-f]{64}$/);
  str(v.sentAt, "$.sentAt", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  if (!Array.isArray(v.checks)) problems.push("$.checks: must be a list");
  else {
    v.checks.forEach((c, i) => {
      const at = `$.checks.${i}`;
      if (!obj(c)) {
        problems.push(`${at}: must be an object`);
        return;
      }
      only(c, at, CHECK_KEYS);
      if (typeof c.kind !== "string" || !KINDS.has(c.kind)) problems.push(`${at}.kind: must be one of ${CHECK_KINDS.join(", ")}`);
      for (const k of ["subject", "property", "expected", "actual"]) str(c[k], `${at}.${k}`);
      if (typeof c.pass !== "boolean") problems.push(`${at}.pass: must be true or false`);
    });
  }
  return problems;
}
