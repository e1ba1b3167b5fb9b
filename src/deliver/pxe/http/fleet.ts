/**
 * The fleet at a glance (GET /admin/status): one row per machine, joining
 * the latest delivery of its config with its latest first-boot report.
 * - A machine with a label (`mac=…`) is one row: its delivery and its latest
 *   report (a reinstalled machine's earlier machine id drops out).
 * - Machines that share their group's config report under a group-wide
 *   identity: one row per machine id, judged by its report alone (the
 *   group's delivery says only when any of them last fetched it), and a row
 *   for the group itself while no report came back since that delivery.
 * Judging the rows (verified, failed, waiting, silent) is the reader's job:
 * src/verify/status.ts.
 */

import type { StoredReport } from "../../../verify/report.js";
import type { FleetRow } from "../../../verify/status.js";
import { canonicalLabel } from "../select/machine-label.js";
import type { Delivery } from "../store/records.js";

const labelOf = (selector: string) => canonicalLabel(selector) ?? selector;
const labelOfDelivery = (d: Delivery): string => (d.machine ? labelOf(d.machine) : `group=${d.group}`);

/** The latest of each key's records. */
function latest<T>(items: T[], key: (t: T) => string, time: (t: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const kept = out.get(k);
    if (!kept || time(item) > time(kept)) out.set(k, item);
  }
  return out;
}

export function fleetRows(reports: StoredReport[], deliveries: Delivery[]): FleetRow[] {
  const delivered = latest(deliveries, labelOfDelivery, (d) => d.deliveredAt);
  const byMachine = latest(
    reports,
    (s) => (s.report.machine.selector ? labelOf(s.report.machine.selector) : `group=${s.report.machine.group}/${s.report.machine.id}`),
    (s) => s.receivedAt,
  );
  /** Per delivery label: the latest report received under it. */
  const lastReport = new Map<string, string>();
  const rows: FleetRow[] = [...byMachine.values()].map((s) => {
    const selector = s.report.machine.selector;
    const label = selector ? labelOf(selector) : `group=${s.report.machine.group}`;
    if ((lastReport.get(label) ?? "") < s.receivedAt) lastReport.set(label, s.receivedAt);
    const d = delivered.get(label);
    // A shared delivery says when some machine of the group fetched the config, not this one.
    const own = selector ? d : undefined;
    const failures = s.report.checks
      .filter((c) => !c.pass)
      .map(({ kind, subject, property, expected, actual }) => ({ kind, subject, property, expected, actual }));
    return {
      machine: selector ? label : s.report.machine.id,
      machineId: s.report.machine.id,
      hostname: s.report.machine.hostname || null,
      group: s.report.machine.group,
      profile: d?.profile ?? null,
      deliveredAt: own?.deliveredAt ?? null,
      verifiedAt: s.receivedAt,
      configHash: s.report.configHash,
      passed: s.report.checks.length - failures.length,
      failed: failures.length,
      failures,
      ...twice(own),
    };
  });
  for (const [label, d] of delivered) {
    const reported = lastReport.get(label);
    if (reported !== undefined && (d.machine || reported >= d.deliveredAt)) continue;
    rows.push({
      machine: label,
      machineId: null,
      hostname: null,
      group: d.group,
      profile: d.profile,
      deliveredAt: d.deliveredAt,
      verifiedAt: null,
      configHash: null,
      passed: null,
      failed: null,
      failures: [],
      ...twice(d),
    });
  }
  return rows.sort((a, b) => a.group.localeCompare(b.group) || a.machine.localeCompare(b.machine));
}

function twice(d: Delivery | undefined): Pick<FleetRow, "deliveredTwice" | "earlierDeliveredAt"> {
  const repeated = (d?.times ?? 1) > 1;
  return { deliveredTwice: repeated, earlierDeliveredAt: repeated ? (d!.earlierAt ?? null) : null };
}
