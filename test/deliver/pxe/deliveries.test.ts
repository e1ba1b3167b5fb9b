// Deliveries are written once per machine per minute (a retrying boot loader
// does not write on every fetch), again when the group or profile changes.
import { describe, expect, it } from "vitest";
import { DeliveryLog, REWRITE_AFTER_MS } from "../../../src/deliver/pxe/deliveries.js";
import type { Delivery } from "../../../src/deliver/pxe/reports.js";
import { fleetRows } from "../../../src/deliver/pxe/fleet.js";
import { waitFor } from "../../helpers/wait-for.js";

describe("DeliveryLog", () => {
  it("writes the first delivery, skips repeats within a minute, writes changes and later ones", async () => {
    const written: Delivery[] = [];
    let now = Date.parse("2026-12-06T12:00:00Z");
    const log = new DeliveryLog({ putDelivery: async (d) => void written.push(d) }, undefined, () => now);
    const d = { machine: "mac=52:54:00:00:00:01", group: "node1", profile: "live", endpoint: "/script" };
    log.record(d);
    now += 1000;
    log.record(d);
    log.record({ ...d, machine: "mac=52:54:00:00:00:02" });
    log.record({ ...d, profile: "install" });
    now += REWRITE_AFTER_MS;
    log.record({ ...d, profile: "install" });
    expect(written.map((w) => [w.machine, w.profile, w.deliveredAt])).toEqual([
      ["mac=52:54:00:00:00:01", "live", "2026-12-06T12:00:00.000Z"],
      ["mac=52:54:00:00:00:02", "live", "2026-12-06T12:00:01.000Z"],
      ["mac=52:54:00:00:00:01", "install", "2026-12-06T12:00:01.000Z"],
      ["mac=52:54:00:00:00:01", "install", "2026-12-06T12:01:01.000Z"],
    ]);
  });

  it("reports a store that cannot write, and goes on", async () => {
    const errors: string[] = [];
    const log = new DeliveryLog({ putDelivery: async () => Promise.reject(new Error("disk full")) }, (e) => errors.push(e.message));
    log.record({ machine: "", group: "g", profile: "p", endpoint: "/ignition" });
    await waitFor("the failed write to be reported", () => errors.length > 0);
    expect(errors).toEqual(["disk full"]);
  });
});

describe("fleetRows", () => {
  it("joins reports to deliveries on the machine's label, group-wide identities on the group", () => {
    const check = (pass: boolean) => ({ kind: "file", subject: "/a", property: "sha256", expected: "1", actual: pass ? "1" : "2", pass });
    const stored = (id: string, group: string, selector: string | undefined, pass: boolean) => ({
      receivedAt: "2026-12-06T12:05:00.000Z",
      report: { version: 1 as const, machine: { id, group, ...(selector ? { selector } : {}) }, bootId: "b".repeat(32), configHash: "sha256-" + "c".repeat(64), sentAt: "2026-12-06T12:04:59Z", checks: [check(pass), check(true)] },
    });
    const delivery = (machine: string, group: string): Delivery => ({ machine, group, profile: "p", endpoint: "/script", deliveredAt: "2026-12-06T12:00:00.000Z" });
    const rows = fleetRows(
      [stored("1".repeat(32), "a", "mac=52:54:00:00:00:01", true), stored("2".repeat(32), "b", undefined, false)],
      [delivery("mac=52:54:00:00:00:01", "a"), delivery("", "b"), delivery("mac=52:54:00:00:00:03", "a")],
    );
    expect(rows.map((r) => [r.machine, r.group, r.deliveredAt !== null, r.verifiedAt !== null, r.passed, r.failed])).toEqual([
      ["mac=52:54:00:00:00:01", "a", true, true, 2, 0],
      ["mac=52:54:00:00:00:03", "a", true, false, null, null],
      ["2".repeat(32), "b", true, true, 1, 1],
    ]);
    expect(rows[2]!.failures).toEqual([{ kind: "file", subject: "/a", property: "sha256", expected: "1", actual: "2" }]);
  });
});
