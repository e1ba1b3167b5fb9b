// Every store keeps the one Store interface the same way: the files a
// snapshot is built from, changes reported to watchers, and the records
// (reports, deliveries) beside them. The directory and in-memory stores here;
// etcd in test/system/etcd-store.test.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DirectoryStore } from "../../../../src/deliver/pxe/store/directory.js";
import { MemoryStore } from "../../../../src/deliver/pxe/store/memory.js";
import type { Store } from "../../../../src/deliver/pxe/store/store.js";
import { waitFor } from "../../../helpers/wait-for.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const STORES: [string, () => Store][] = [
  [
    "directory",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "kindling-store-"));
      dirs.push(dir);
      return new DirectoryStore(dir);
    },
  ],
  ["memory", () => new MemoryStore()],
];

const bytes = (text: string) => Buffer.from(text);
const PROFILE = '{"id":"p"}';
const GROUP = '{"id":"d","profile":"p","selector":{"mac":"52:54:00:00:00:01"}}';
const REPORT = {
  receivedAt: "2026-01-01T00:00:00.000Z",
  report: {
    version: 1 as const,
    machine: { id: "0".repeat(32), group: "d" },
    bootId: "0".repeat(32),
    configHash: "sha256-" + "0".repeat(64),
    sentAt: "2026-01-01T00:00:00.000Z",
    checks: [],
  },
};

describe.each(STORES)("the %s store", (_name, make) => {
  it("builds each snapshot from its files, with a generation of its own, and refuses a store with problems", async () => {
    const store = make();
    await store.write("profiles/p.json", bytes(PROFILE));
    await store.write("groups/d.json", bytes(GROUP));
    const first = await store.load();
    expect(first.problems).toEqual([]);
    expect([...first.snapshot!.groups.keys()]).toEqual(["d"]);
    expect((await store.readAll()).files.map((f) => f.file).sort()).toEqual(["groups/d.json", "profiles/p.json"]);
    expect(await store.remove("profiles/p.json")).toBe(true);
    expect(await store.remove("profiles/p.json")).toBe(false);
    const broken = await store.load();
    expect(broken.snapshot).toBeUndefined();
    expect(broken.problems.map((p) => p.message)).toEqual(['group "d" names profile "p", which no file in profiles/ defines']);
    await store.write("profiles/p.json", bytes(PROFILE));
    expect((await store.load()).snapshot!.generation).toBeGreaterThan(first.snapshot!.generation);
    store.close();
  });

  it("tells its watchers which store files changed, and not about records", async () => {
    const store = make();
    await store.write("profiles/p.json", bytes(PROFILE));
    await store.write("groups/d.json", bytes(GROUP));
    const changed: string[] = [];
    const stop = store.watch((files) => changed.push(...files));
    try {
      await store.putDelivery({
        machine: "mac=52:54:00:00:00:01",
        group: "d",
        profile: "p",
        endpoint: "/ignition",
        deliveredAt: "2026-01-01T00:00:00.000Z",
      });
      await store.write("groups/d.json", bytes(GROUP.replace('"d"', '"d" ')));
      await waitFor("the change to groups/d.json to be reported", () => changed.includes("groups/d.json"));
      expect(changed.filter((f) => f !== "groups/d.json")).toEqual([]);
    } finally {
      stop();
      store.close();
    }
  });

  it("keeps reports by slot and deliveries by label, beside the snapshot", async () => {
    const store = make();
    await store.putReport("mac=52:54:00:00:00:01", REPORT);
    expect(await store.getReport("mac=52:54:00:00:00:01")).toEqual(REPORT);
    expect(await store.slotOf("0".repeat(32))).toBe("mac=52:54:00:00:00:01");
    expect(await store.listReports()).toEqual([REPORT]);
    const delivery = {
      machine: "mac=52:54:00:00:00:01",
      group: "d",
      profile: "p",
      endpoint: "/ignition",
      deliveredAt: "2026-01-01T00:00:00.000Z",
      nonce: "n1",
    };
    await store.putDelivery(delivery);
    expect(await store.markReported("mac=52:54:00:00:00:01", "other", "2026-01-01T00:01:00.000Z")).toBe(false);
    expect(await store.markReported("mac=52:54:00:00:00:01", "n1", "2026-01-01T00:01:00.000Z")).toBe(true);
    expect(await store.listDeliveries()).toEqual([{ ...delivery, reportedAt: "2026-01-01T00:01:00.000Z" }]);
    expect((await store.readAll()).files).toEqual([]);
    store.close();
  });
});
