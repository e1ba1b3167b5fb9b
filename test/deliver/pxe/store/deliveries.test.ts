// Deliveries are written once per machine per minute (a retrying boot loader
// does not write on every fetch), again when the group or profile changes.
import { describe, expect, it } from "vitest";
import { fleetRows } from "../../../../src/deliver/pxe/http/fleet.js";
import { DeliveryLog, REWRITE_AFTER_MS } from "../../../../src/deliver/pxe/store/deliveries.js";
import type { Delivery } from "../../../../src/deliver/pxe/store/records.js";
import { waitFor } from "../../../helpers/wait-for.js";

describe("DeliveryLog", () => {
  it("writes the first delivery, skips repeats within a minute, writes changes and later ones", async () => {
    const written: Delivery[] = [];
    let now = Date.parse("2026-12-06T12:00:00Z");
    const log = new DeliveryLog(
      { putDelivery: async (d) => void written.push(d), getDelivery: async () => undefined },
      undefined,
      () => now,
    );
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

  it("writes a machine's own delivery every time, counting those that went out before a report came back", async () => {
    const records = new Map<string, Delivery>();
    let now = Date.parse("2026-12-06T12:00:00Z");
    const store = {
      putDelivery: async (d: Delivery) => void records.set(d.machine, d),
      getDelivery: async (label: string) => records.get(label),
    };
    const log = new DeliveryLog(store, undefined, () => now);
    const d = { machine: "mac=52:54:00:00:00:01", group: "node1", profile: "live", endpoint: "/ignition" };
    await log.record({ ...d, nonce: "1".repeat(32) });
    expect(records.get(d.machine)).toMatchObject({ nonce: "1".repeat(32), times: 1 });
    now += 1000;
    await log.record({ ...d, nonce: "2".repeat(32) });
    expect(records.get(d.machine)).toMatchObject({ nonce: "2".repeat(32), times: 2, earlierAt: "2026-12-06T12:00:00.000Z" });
    // A report came back for that one: the next delivery starts again.
    records.set(d.machine, { ...records.get(d.machine)!, reportedAt: "2026-12-06T12:00:05.000Z" });
    now += 60 * 60_000;
    await log.record({ ...d, nonce: "3".repeat(32) });
    expect(records.get(d.machine)).toEqual({ ...d, nonce: "3".repeat(32), times: 1, deliveredAt: "2026-12-06T13:00:01.000Z" });
    // A store that cannot write: the delivery (and so the config) fails.
    const failing = new DeliveryLog({
      putDelivery: async () => Promise.reject(new Error("disk full")),
      getDelivery: async () => undefined,
    });
    await expect(failing.record({ ...d, nonce: "4".repeat(32) })).rejects.toThrow("disk full");
  });

  it("reports a store that cannot write, and goes on", async () => {
    const errors: string[] = [];
    const log = new DeliveryLog(
      { putDelivery: async () => Promise.reject(new Error("disk full")), getDelivery: async () => undefined },
      (e) => errors.push(e.message),
    );
    log.record({ machine: "", group: "g", profile: "p", endpoint: "/ignition" });
    await waitFor("the failed write to be reported", () => errors.length > 0);
    expect(errors).toEqual(["disk full"]);
  });
});

describe("fleetRows", () => {
  it("joins reports to deliveries on the machine's label; a group-wide identity's report is judged alone", () => {
    const check = (pass: boolean) => ({ kind: "file", subject: "/a", property: "sha256", expected: "1", actual: pass ? "1" : "2", pass });
    const stored = (id: string, group: string, selector: string | undefined, pass: boolean) => ({
      receivedAt: "2026-12-06T12:05:00.000Z",
      report: {
        version: 1 as const,
        machine: { id, group, ...(selector ? { selector } : {}) },
        bootId: "b".repeat(32),
        configHash: "sha256-" + "c".repeat(64),
        sentAt: "2026-12-06T12:04:59Z",
        checks: [check(pass), check(true)],
      },
    });
    const delivery = (machine: string, group: string): Delivery => ({
      machine,
      group,
      profile: "p",
      endpoint: "/script",
      deliveredAt: "2026-12-06T12:00:00.000Z",
    });
    const rows = fleetRows(
      [stored("1".repeat(32), "a", "mac=52:54:00:00:00:01", true), stored("2".repeat(32), "b", undefined, false)],
      [delivery("mac=52:54:00:00:00:01", "a"), delivery("", "b"), delivery("mac=52:54:00:00:00:03", "a")],
    );
    expect(rows.map((r) => [r.machine, r.group, r.deliveredAt !== null, r.verifiedAt !== null, r.passed, r.failed])).toEqual([
      ["mac=52:54:00:00:00:01", "a", true, true, 2, 0],
      ["mac=52:54:00:00:00:03", "a", true, false, null, null],
      ["2".repeat(32), "b", false, true, 1, 1],
    ]);
    expect(rows[2]!.failures).toEqual([{ kind: "file", subject: "/a", property: "sha256", expected: "1", actual: "2" }]);
  });

  it("keeps one row per label (the latest report), and a shared group's row while no report came since its delivery", () => {
    const stored = (id: string, group: string, selector: string | undefined, receivedAt: string) => ({
      receivedAt,
      report: {
        version: 1 as const,
        machine: { id, group, ...(selector ? { selector } : {}) },
        bootId: "b".repeat(32),
        configHash: "sha256-" + "c".repeat(64),
        sentAt: receivedAt,
        checks: [],
      },
    });
    const rows = fleetRows(
      [
        // A reinstalled machine: two machine ids under one label (in two spellings of its MAC).
        stored("1".repeat(32), "a", "mac=52:54:00:00:00:01", "2026-12-06T12:00:00.000Z"),
        stored("2".repeat(32), "a", "mac=52-54-00-00-00-01", "2026-12-06T13:00:00.000Z"),
        stored("3".repeat(32), "shared", undefined, "2026-12-06T12:00:00.000Z"),
      ],
      [
        {
          machine: "mac=52:54:00:00:00:01",
          group: "a",
          profile: "p",
          endpoint: "/ignition",
          deliveredAt: "2026-12-06T12:59:00.000Z",
          nonce: "9".repeat(32),
          times: 2,
          earlierAt: "2026-12-06T12:58:00.000Z",
        },
        { machine: "", group: "shared", profile: "q", endpoint: "/ignition", deliveredAt: "2026-12-06T12:30:00.000Z" },
      ],
    );
    expect(rows.map((r) => [r.machine, r.machineId, r.deliveredAt, r.verifiedAt, r.deliveredTwice, r.earlierDeliveredAt])).toEqual([
      ["mac=52:54:00:00:00:01", "2".repeat(32), "2026-12-06T12:59:00.000Z", "2026-12-06T13:00:00.000Z", true, "2026-12-06T12:58:00.000Z"],
      ["3".repeat(32), "3".repeat(32), null, "2026-12-06T12:00:00.000Z", false, null],
      ["group=shared", null, "2026-12-06T12:30:00.000Z", null, false, null],
    ]);
  });
});
