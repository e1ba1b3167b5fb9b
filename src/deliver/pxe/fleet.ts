/**
 * The fleet at a glance (GET /admin/status): one row per machine, joining
 * the latest delivery of its config with its latest first-boot report on
 * the machine's label (`mac=…`, or `group=G` for a group-wide identity).
 * Judging the rows (verified, failed, waiting, silent) is the reader's job:
 * src/verify/status.ts.
 */
import type { Delivery, StoredReport } from "./reports.js";

export interface FleetRow {
  /** The label the server knows the machine by, else its machine id. */
  machine: string;
  machineId: string | null;
  hostname: string | null;
  group: string;
  profile: string | null;
  deliveredAt: string | null;
  /** When the server received the latest report. */
  verifiedAt: string | null;
  configHash: string | null;
  passed: number | null;
  failed: number | null;
  failures: { kind: string; subject: string; property: string; expected: string; actual: string }[];
}

const labelOfDelivery = (d: Delivery): string => d.machine || `group=${d.group}`;
const labelOfReport = (r: StoredReport): string => r.report.machine.selector || `group=${r.report.machine.group}`;

export function fleetRows(reports: StoredReport[], deliveries: Delivery[]): FleetRow[] {
  const delivered = new Map(deliveries.map((d) => [labelOfDelivery(d), d]));
  const reported = new Set<string>();
  const rows: FleetRow[] = reports.map((s) => {
    const label = labelOfReport(s);
    reported.add(label);
    const d = delivered.get(label);
    const failures = s.report.checks.filter((c) => !c.pass).map(({ kind, subject, property, expected, actual }) => ({ kind, subject, property, expected, actual }));
    return {
      machine: s.report.machine.selector || s.report.machine.id,
      machineId: s.report.machine.id,
      hostname: s.report.machine.hostname || null,
      group: s.report.machine.group,
      profile: d?.profile ?? null,
      deliveredAt: d?.deliveredAt ?? null,
      verifiedAt: s.receivedAt,
      configHash: s.report.configHash,
      passed: s.report.checks.length - failures.length,
      failed: failures.length,
      failures,
    };
  });
  for (const d of deliveries) {
    if (reported.has(labelOfDelivery(d))) continue;
    rows.push({ machine: labelOfDelivery(d), machineId: null, hostname: null, group: d.group, profile: d.profile, deliveredAt: d.deliveredAt, verifiedAt: null, configHash: null, passed: null, failed: null, failures: [] });
  }
  return rows.sort((a, b) => a.group.localeCompare(b.group) || a.machine.localeCompare(b.machine));
}
