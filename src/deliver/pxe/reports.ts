/**
 * First-boot reports in: `POST /reports`. A report (schemas/report.json) is
 * signed with HMAC-SHA256 under its machine's key, which the server derives
 * from its own secret and the machine's group, so no per-machine key has to
 * be stored: `X-Kindling-Group: <group>` and `X-Kindling-Signature:
 * sha256=<hex of HMAC(key, body)>`. Refused: unknown groups, bad signatures,
 * reports sent more than ten minutes away from the server's clock, and
 * replays (a report not newer than the one kept for that machine). The
 * latest report per machine is kept in the store.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Reply } from "./render.js";
import type { Snapshot } from "./snapshot.js";
import { labelFits } from "./machine-label.js";

export interface Check {
  kind: string;
  subject: string;
  property: string;
  expected: string;
  actual: string;
  pass: boolean;
}

export interface Report {
  version: 1;
  machine: { id: string; group: string; hostname?: string; selector?: string };
  bootId: string;
  configHash: string;
  sentAt: string;
  checks: Check[];
}

export interface StoredReport {
  receivedAt: string;
  report: Report;
}

/** A config served to a machine of a profile with verification: when, and what. */
export interface Delivery {
  /** The machine's label (`mac=…`), the key deliveries and reports are joined on. */
  machine: string;
  group: string;
  profile: string;
  endpoint: string;
  deliveredAt: string;
}

export interface ReportStore {
  getReport(machineId: string): Promise<StoredReport | undefined>;
  putReport(machineId: string, stored: StoredReport): Promise<void>;
  listReports(): Promise<StoredReport[]>;
  putDelivery(delivery: Delivery): Promise<void>;
  listDeliveries(): Promise<Delivery[]>;
}

export const MAX_CLOCK_SKEW_MS = 10 * 60 * 1000;
const CHECK_KINDS = new Set(["file", "directory", "link", "user", "group", "unit", "hostname", "kernel-argument", "failed-units", "ignition-result"]);

/**
 * The key a machine signs its reports with: derived from the server's
 * secret, the machine's group and the label the server knows the machine by
 * (`mac=52:54:00:12:34:56`; empty for a key shared by the whole group).
 */
export function reportKey(secret: string, group: string, machine = ""): string {
  return createHmac("sha256", secret).update(`kindling report key\0${group}${machine ? `\0${machine}` : ""}`).digest("hex");
}

export function signReport(key: string, body: string | Uint8Array): string {
  return "sha256=" + createHmac("sha256", key).update(body).digest("hex");
}

/** The problems with a report's shape (the rules of schemas/report.json), as "path: message". */
export function reportProblems(v: unknown): string[] {
  const problems: string[] = [];
  const obj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
  const only = (x: Record<string, unknown>, at: string, keys: string[]) => {
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
      if (!obj(c)) return void problems.push(`${at}: must be an object`);
      only(c, at, ["kind", "subject", "property", "expected", "actual", "pass"]);
      if (typeof c.kind !== "string" || !CHECK_KINDS.has(c.kind)) problems.push(`${at}.kind: must be one of ${[...CHECK_KINDS].join(", ")}`);
      for (const k of ["subject", "property", "expected", "actual"]) str(c[k], `${at}.${k}`);
      if (typeof c.pass !== "boolean") problems.push(`${at}.pass: must be true or false`);
    });
  }
  return problems;
}

const json = (status: number, value: unknown): Reply => ({ status, contentType: "application/json", body: JSON.stringify(value) + "\n" });

export interface ReportOptions {
  secret: string;
  store: ReportStore;
  now?: () => number;
}

export async function receiveReport(req: IncomingMessage, body: Buffer, snapshot: Snapshot, options: ReportOptions): Promise<Reply> {
  const group = String(req.headers["x-kindling-group"] ?? "");
  if (!group || !snapshot.groups.has(group)) return json(404, { error: `unknown group ${JSON.stringify(group)}; send X-Kindling-Group with the machine's group` });
  const machine = String(req.headers["x-kindling-machine"] ?? "");
  if (machine && !labelFits(snapshot.groups.get(group)!, machine)) return json(403, { error: `unknown machine ${machine} in group ${group}: the group's selector names another` });
  const given = Buffer.from(String(req.headers["x-kindling-signature"] ?? ""));
  const wanted = Buffer.from(signReport(reportKey(options.secret, group, machine), body));
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return json(401, { error: "bad or missing X-Kindling-Signature (sha256=HMAC of the body under the machine's key)" });
  let report: unknown;
  try {
    report = JSON.parse(body.toString("utf8"));
  } catch {
    return json(400, { error: "the report is not JSON" });
  }
  const problems = reportProblems(report);
  if (problems.length) return json(422, { error: "the report does not follow schemas/report.json", problems });
  const r = report as Report;
  if (r.machine.group !== group) return json(422, { error: `the report is for group ${r.machine.group}, signed for ${group}` });
  if ((r.machine.selector ?? "") !== machine) return json(422, { error: `the report is for machine ${JSON.stringify(r.machine.selector ?? "")}, signed for ${JSON.stringify(machine)}` });
  const now = options.now?.() ?? Date.now();
  const sent = Date.parse(r.sentAt);
  if (!Number.isFinite(sent) || Math.abs(now - sent) > MAX_CLOCK_SKEW_MS) return json(409, { error: `sentAt ${r.sentAt} is more than ten minutes from the server's clock; a replayed or delayed report` });
  const kept = await options.store.getReport(r.machine.id);
  if (kept && Date.parse(kept.report.sentAt) >= sent) return json(409, { error: `a report sent at ${kept.report.sentAt} is already kept for this machine; a replayed or out-of-order report` });
  await options.store.putReport(r.machine.id, { receivedAt: new Date(now).toISOString(), report: r });
  const failed = r.checks.filter((c) => !c.pass).length;
  return json(201, { machine: r.machine.id, checks: r.checks.length, failed });
}

/** GET /admin/reports: one line per machine; /admin/reports/ID: the full report. */
export async function adminReports(store: ReportStore, machineId?: string): Promise<Reply> {
  if (machineId) {
    const kept = await store.getReport(machineId);
    return kept ? json(200, kept) : json(404, { error: `no report from machine ${machineId}` });
  }
  const all = await store.listReports();
  return json(
    200,
    all
      .map((s) => ({
        machine: s.report.machine.id,
        group: s.report.machine.group,
        hostname: s.report.machine.hostname ?? null,
        sentAt: s.report.sentAt,
        receivedAt: s.receivedAt,
        checks: s.report.checks.length,
        failed: s.report.checks.filter((c) => !c.pass).length,
      }))
      .sort((a, b) => a.group.localeCompare(b.group) || a.machine.localeCompare(b.machine)),
  );
}
