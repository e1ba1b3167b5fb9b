/**
 * First-boot reports in: `POST /reports`. A report (schemas/report.json) is
 * signed with HMAC-SHA256 under its machine's key: `X-Kindling-Group:
 * <group>`, `X-Kindling-Machine: <label>` (none for a group-wide key) and
 * `X-Kindling-Signature: sha256=<hex of HMAC(key, body)>`.
 *
 * Which key verifies: for a machine whose config this server delivered (a
 * group that names the machine, src/deliver/pxe/select/machine-label.ts), only the
 * key of the latest delivery, derived from the server's secret, the group,
 * the label and that delivery's nonce (kept with the delivery record, never
 * the key); a config fetched again makes the earlier key stop verifying.
 * Otherwise (configs made with `transpile --verify`) the key derived from
 * the secret, the group and the label as sent.
 *
 * Refused: unknown groups, labels the group's selector does not name, bad
 * signatures, a report whose machine id another machine of the store
 * already reports as, sentAt more than five minutes ahead of the server's
 * clock or ten minutes behind it, and replays (a report not newer than the
 * one kept for that machine). Each machine's latest report is kept in its
 * own slot (its label, or its group and machine id for a group-wide key), so
 * no key can replace another machine's report. Uploads are bounded: so
 * many at once (more get 503), each body within its size cap and deadline.
 */
import { timingSafeEqual } from "node:crypto";
import { type Report, reportProblems } from "../../../verify/report.js";
import { reportKey, signReport } from "../../../verify/report-signature.js";
import { canonicalLabel, labelFits, machineLabel } from "../select/machine-label.js";
import type { Records } from "../store/records.js";
import type { Snapshot } from "../store/snapshot.js";
import type { ClientBudget } from "./client-budget.js";
import type { Deps } from "./deps.js";
import { RETRY_AFTER_SECONDS } from "./limits.js";
import { json, type Reply } from "./reply.js";
import type { Request } from "./request.js";
import { bodyProblemReply } from "./request-body.js";

/** How far behind the server's clock a report's sentAt may be (a delayed or replayed report beyond). */
export const MAX_CLOCK_SKEW_MS = 10 * 60 * 1000;
/** How far ahead of the server's clock a report's sentAt may be: a report from the future would refuse the machine's next ones as replays. */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

/** Where a machine's latest report is kept: its label, or `group=G/ID` for a machine known by its group. */
export function reportSlot(report: Report): string {
  const label = report.machine.selector;
  return label ? (canonicalLabel(label) ?? label) : `group=${report.machine.group}/${report.machine.id}`;
}

export interface ReportOptions {
  secret: string;
  store: Records;
  now?: () => number;
  /** What one client address may create: a machine's first report spends from it. */
  budget?: ClientBudget;
}

/** The labels of the machines a snapshot's groups name (a report slot of one of these is protected). */
const namedMachines = new WeakMap<Snapshot, Set<string>>();
function machinesOf(snapshot: Snapshot): Set<string> {
  let set = namedMachines.get(snapshot);
  if (!set) {
    set = new Set([...snapshot.groups.values()].map(machineLabel).filter(Boolean));
    namedMachines.set(snapshot, set);
  }
  return set;
}

/** The largest report body taken. */
const MAX_REPORT_BYTES = 4 << 20;

/** POST /reports: off without a secret; bounded uploads; `connection: close` when the body was not read to its end. */
export async function reports(request: Request, deps: Deps): Promise<Reply> {
  if (!deps.reportSecret)
    return json(404, { error: "reports are off; start kindling serve with --report-secret-file FILE" }, { connection: "close" });
  const release = deps.uploadSlots.take();
  if (!release) {
    return json(
      503,
      { error: `too many reports are being uploaded at once (at most ${deps.uploadSlots.size}); retry in ${RETRY_AFTER_SECONDS} s` },
      { "retry-after": RETRY_AFTER_SECONDS, connection: "close" },
    );
  }
  try {
    const timeoutMs = deps.limits.bodyTimeoutMs;
    const read = await request.readBody(MAX_REPORT_BYTES, timeoutMs);
    if (!("body" in read)) {
      const refused = bodyProblemReply(read.problem, "a report", MAX_REPORT_BYTES, timeoutMs);
      return json(refused.status, { error: refused.message }, { connection: "close" });
    }
    return await receiveReport(request, read.body, deps.snapshot(), { secret: deps.reportSecret, store: deps.store, budget: deps.budget });
  } finally {
    release();
  }
}

/** A report's body, checked and kept: the sender's headers (X-Kindling-*) and address are the request's. */
export async function receiveReport(
  req: Pick<Request, "headers" | "client">,
  body: Buffer,
  snapshot: Snapshot,
  options: ReportOptions,
): Promise<Reply> {
  const group = String(req.headers["x-kindling-group"] ?? "");
  if (!group || !snapshot.groups.has(group))
    return json(404, { error: `unknown group ${JSON.stringify(group)}; send X-Kindling-Group with the machine's group` });
  const machine = String(req.headers["x-kindling-machine"] ?? "");
  if (machine && !labelFits(snapshot.groups.get(group)!, machine))
    return json(403, { error: `unknown machine ${machine} in group ${group}: the group's selector names another` });
  const label = machine ? canonicalLabel(machine)! : "";
  // A machine the group names, whose config this server delivered: only that delivery's key.
  const delivery = label && label === machineLabel(snapshot.groups.get(group)!) ? await options.store.getDelivery(label) : undefined;
  const issued = delivery?.nonce ? delivery : undefined;
  const key = issued ? reportKey(options.secret, issued.group, issued.machine, issued.nonce) : reportKey(options.secret, group, machine);
  const given = Buffer.from(String(req.headers["x-kindling-signature"] ?? ""));
  const wanted = Buffer.from(signReport(key, body));
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted) || (issued && issued.group !== group)) {
    const latest = issued
      ? `; ${label} was last delivered its config (group ${issued.group}) at ${issued.deliveredAt}, and only the key in that delivery verifies: a key from an earlier one stops verifying when the config is delivered again`
      : "";
    return json(401, { error: `bad or missing X-Kindling-Signature (sha256=HMAC of the body under the machine's key)${latest}` });
  }
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
  if ((r.machine.selector ?? "") !== machine)
    return json(422, {
      error: `the report is for machine ${JSON.stringify(r.machine.selector ?? "")}, signed for ${JSON.stringify(machine)}`,
    });
  const now = options.now?.() ?? Date.now();
  const sent = Date.parse(r.sentAt);
  if (!Number.isFinite(sent)) return json(422, { error: `sentAt ${r.sentAt} is not a time` });
  if (sent - now > MAX_FUTURE_SKEW_MS)
    return json(409, {
      error: `sentAt ${r.sentAt} is more than ${MAX_FUTURE_SKEW_MS / 60_000} minutes ahead of the server's clock; set the machine's clock (NTP) and send again`,
    });
  if (now - sent > MAX_CLOCK_SKEW_MS)
    return json(409, { error: `sentAt ${r.sentAt} is more than ten minutes from the server's clock; a replayed or delayed report` });
  const slot = reportSlot(r);
  // A machine id another machine of the store reports as is not this key's to claim.
  const held = await options.store.slotOf(r.machine.id);
  if (held && held !== slot && machinesOf(snapshot).has(held)) {
    const other = await options.store.getReport(held);
    if (other?.report.machine.id === r.machine.id)
      return json(403, {
        error: `machine id ${r.machine.id} already reports as ${held} (group ${other.report.machine.group}); a report signed for ${slot} cannot speak for it`,
      });
  }
  const kept = await options.store.getReport(slot);
  if (kept && Date.parse(kept.report.sentAt) >= sent)
    return json(409, {
      error: `a report sent at ${kept.report.sentAt} is already kept for this machine; a replayed or out-of-order report`,
    });
  if (!kept && options.budget) {
    const wait = options.budget.take(req.client ?? "");
    if (wait !== undefined)
      return json(
        429,
        {
          error: `too many new machines reporting from ${req.client}: at most ${options.budget.perMinute} a minute per client; try again in ${wait} s`,
        },
        { "retry-after": String(wait) },
      );
  }
  const receivedAt = new Date(now).toISOString();
  await options.store.putReport(slot, { receivedAt, report: r });
  if (issued) await options.store.markReported(label, issued.nonce!, receivedAt);
  const failed = r.checks.filter((c) => !c.pass).length;
  return json(201, { machine: r.machine.id, checks: r.checks.length, failed });
}

/** GET /admin/reports: one line per machine; /admin/reports/ID: the full report. */
export async function adminReports(store: Records, machineId?: string): Promise<Reply> {
  if (machineId) {
    const slot = await store.slotOf(machineId);
    const inSlot = slot === undefined ? undefined : await store.getReport(slot);
    // A machine id's slot, while that slot still holds its report; else a slot by that name (a report kept by an earlier version).
    const kept = inSlot?.report.machine.id === machineId ? inSlot : await store.getReport(machineId);
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
