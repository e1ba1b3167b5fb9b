// Judging the fleet: verified, failed, waiting and silent machines, and the
// table kindling status prints.
import { describe, expect, it } from "vitest";
import type { FleetRow } from "../../src/verify/status.js";
import { healthy, judge, parseDuration, renderTable } from "../../src/verify/status.js";

const NOW = Date.parse("2026-12-06T12:00:00Z");
const ago = (min: number) => new Date(NOW - min * 60_000).toISOString();
const row = (over: Partial<FleetRow>): FleetRow => ({
  machine: "mac=52:54:00:00:00:01",
  machineId: null,
  hostname: null,
  group: "node1",
  profile: "live",
  deliveredAt: null,
  verifiedAt: null,
  configHash: null,
  passed: null,
  failed: null,
  failures: [],
  deliveredTwice: false,
  earlierDeliveredAt: null,
  ...over,
});

describe("judge", () => {
  it("tells each state apart", () => {
    const states = judge(
      [
        row({ deliveredAt: ago(10), verifiedAt: ago(9), passed: 5, failed: 0 }),
        row({ deliveredAt: ago(10), verifiedAt: ago(9), passed: 4, failed: 1 }),
        row({ deliveredAt: ago(5) }),
        row({ deliveredAt: ago(45) }),
        // delivered again after its report: the old report no longer counts
        row({ deliveredAt: ago(2), verifiedAt: ago(40), passed: 5, failed: 0 }),
        row({ deliveredAt: ago(45), verifiedAt: ago(60), passed: 5, failed: 0 }),
        // a report with no delivery on record (a transpile --verify machine)
        row({ verifiedAt: ago(1), passed: 3, failed: 0 }),
      ],
      NOW,
      30 * 60_000,
    ).map((r) => r.state);
    expect(states).toEqual(["verified", "failed", "waiting", "silent", "waiting", "silent", "verified"]);
  });

  it("calls the fleet healthy only without failed or silent machines", () => {
    expect(healthy(judge([row({ deliveredAt: ago(5) }), row({ verifiedAt: ago(1), passed: 1, failed: 0 })], NOW, 30 * 60_000))).toBe(true);
    expect(healthy(judge([row({ deliveredAt: ago(5) })], NOW, 60_000))).toBe(false);
    expect(healthy(judge([row({ verifiedAt: ago(1), passed: 1, failed: 1 })], NOW, 60_000))).toBe(false);
    expect(healthy([])).toBe(true);
  });
});

describe("parseDuration", () => {
  it("reads s, m, h and d, and nothing else", () => {
    expect([parseDuration("90s"), parseDuration("15m"), parseDuration("2h"), parseDuration("1d")]).toEqual([
      90_000, 900_000, 7_200_000, 86_400_000,
    ]);
    for (const bad of ["", "15", "1.5h", "-3m", "3 m", "3w"]) expect(parseDuration(bad), bad).toBeUndefined();
  });
});

describe("renderTable", () => {
  it("aligns the columns and lists each failed check under the table", () => {
    const text = renderTable(
      judge(
        [
          row({ deliveredAt: "2026-12-06T11:50:00.123Z", verifiedAt: "2026-12-06T11:51:02.000Z", passed: 12, failed: 0 }),
          row({
            machine: "mac=52:54:00:00:00:02",
            group: "node2",
            deliveredAt: "2026-12-06T11:50:00.000Z",
            verifiedAt: "2026-12-06T11:51:09.000Z",
            passed: 11,
            failed: 1,
            failures: [{ kind: "file", subject: "/etc/motd", property: "sha256", expected: "ab", actual: "cd" }],
          }),
        ],
        NOW,
        30 * 60_000,
      ),
    );
    expect(text.split("\n")).toEqual([
      "MACHINE                GROUP  PROFILE  DELIVERED             VERIFIED              CHECKS               STATE",
      "mac=52:54:00:00:00:01  node1  live     2026-12-06 11:50:00Z  2026-12-06 11:51:02Z  12 passed            verified",
      "mac=52:54:00:00:00:02  node2  live     2026-12-06 11:50:00Z  2026-12-06 11:51:09Z  11 passed, 1 failed  failed",
      "mac=52:54:00:00:00:02: FAIL file /etc/motd sha256: expected ab, found cd",
      "2 machines: 1 verified, 1 failed, 0 waiting, 0 silent",
      "",
    ]);
  });
});
