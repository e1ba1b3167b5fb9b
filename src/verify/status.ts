/**
 * Judging the fleet's rows (GET /admin/status) and printing them as a table:
 * - verified: the latest report, newer than the latest delivery, passed every check;
 * - failed: that report has a failed check;
 * - waiting: delivered (again) and not reported since, for less than `within`;
 * - silent: delivered and not reported since for longer than `within`.
 * The fleet is healthy when no machine is failed or silent. A machine
 * delivered twice (its config fetched again before it reported) is named
 * under the table; it does not change its state.
 */

/** One machine as GET /admin/status lists it: the latest delivery of its config joined with its latest first-boot report (src/deliver/pxe/http/fleet.ts makes the rows). */
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
  /** The config went out again before a report came back for the earlier delivery, whose key then stopped verifying. */
  deliveredTwice: boolean;
  /** When that earlier delivery went out. */
  earlierDeliveredAt: string | null;
}

export type MachineState = "verified" | "failed" | "waiting" | "silent";

export interface JudgedRow extends FleetRow {
  state: MachineState;
}

export function judge(rows: FleetRow[], now: number, withinMs: number): JudgedRow[] {
  return rows.map((r) => {
    const delivered = r.deliveredAt ? Date.parse(r.deliveredAt) : undefined;
    const verified = r.verifiedAt ? Date.parse(r.verifiedAt) : undefined;
    let state: MachineState;
    if (verified !== undefined && (delivered === undefined || verified >= delivered)) state = r.failed ? "failed" : "verified";
    else state = delivered !== undefined && now - delivered > withinMs ? "silent" : "waiting";
    return { ...r, state };
  });
}

export const healthy = (rows: JudgedRow[]): boolean => rows.every((r) => r.state === "verified" || r.state === "waiting");

/** "90s", "15m", "2h", "1d": a duration for --within, in ms; undefined when unreadable. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)(s|m|h|d)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "s" | "m" | "h" | "d"];
}

const time = (iso: string | null): string => (iso ? iso.replace("T", " ").replace(/\.\d+Z$/, "Z") : "-");

function checks(r: JudgedRow): string {
  if (r.passed === null || r.failed === null) return "-";
  return r.failed ? `${r.passed} passed, ${r.failed} failed` : `${r.passed} passed`;
}

export function renderTable(rows: JudgedRow[]): string {
  const header = ["MACHINE", "GROUP", "PROFILE", "DELIVERED", "VERIFIED", "CHECKS", "STATE"];
  const body = rows.map((r) => [r.machine, r.group, r.profile ?? "-", time(r.deliveredAt), time(r.verifiedAt), checks(r), r.state]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ") + "\n";
  let out = line(header) + body.map(line).join("");
  for (const r of rows.filter((r) => r.state === "failed")) {
    for (const f of r.failures)
      out += `${r.machine}: FAIL ${f.kind} ${f.subject} ${f.property}: expected ${f.expected}, found ${f.actual}\n`;
  }
  const twice = rows.filter((r) => r.deliveredTwice);
  for (const r of twice) {
    const earlier = r.earlierDeliveredAt ? ` (also at ${time(r.earlierDeliveredAt)})` : "";
    out += `${r.machine}: delivered twice${earlier} before a report came back: only the latest delivery's key verifies; if the machine did not fetch its config again itself, someone else did\n`;
  }
  const count = (s: MachineState) => rows.filter((r) => r.state === s).length;
  out += `${rows.length} machines: ${count("verified")} verified, ${count("failed")} failed, ${count("waiting")} waiting, ${count("silent")} silent${twice.length ? `; ${twice.length} delivered twice` : ""}\n`;
  return out;
}
