/**
 * The records a store keeps beside its snapshot, over any store's files
 * (the directory's, etcd's keys): first-boot reports one per slot under
 * reports/, where each machine id last reported under report-ids/, and the
 * latest delivery per machine label under deliveries/ (its nonce included:
 * the key itself is never stored). Names are URI-encoded, so no label or id
 * can reach outside its folder.
 */
import type { Delivery, ReportStore } from "../http/reports.js";
import type { StoredReport } from "../../../verify/report.js";

/** The file operations the records need from a store. */
export interface RecordFiles {
  /** A file's bytes, or undefined when there is none. */
  readRecord(file: string): Promise<Uint8Array | undefined>;
  write(file: string, bytes: Uint8Array): Promise<void>;
  /** Every record in a folder. */
  readRecords(folder: string): Promise<Uint8Array[]>;
  /** Writes `next` only while the file still holds `expected`; false when it no longer did. */
  swapRecord(file: string, expected: Uint8Array, next: Uint8Array): Promise<boolean>;
}

const name = (folder: string, key: string) => `${folder}/${encodeURIComponent(key)}.json`;
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value) + "\n");
const parse = <T>(b: Uint8Array | undefined): T | undefined => (b === undefined ? undefined : (JSON.parse(Buffer.from(b).toString("utf8")) as T));
const deliveryName = (label: string, group: string) => name("deliveries", label || `group=${group}`);

export function recordsOver(files: RecordFiles): ReportStore {
  return {
    getReport: async (slot) => parse<StoredReport>(await files.readRecord(name("reports", slot))),
    async putReport(slot, stored) {
      await files.write(name("reports", slot), bytes(stored));
      const id = name("report-ids", stored.report.machine.id);
      if (parse<{ slot: string }>(await files.readRecord(id))?.slot !== slot) await files.write(id, bytes({ slot }));
    },
    slotOf: async (machineId) => parse<{ slot: string }>(await files.readRecord(name("report-ids", machineId)))?.slot,
    listReports: async () => (await files.readRecords("reports")).map((b) => parse<StoredReport>(b)!),
    getDelivery: async (label) => parse<Delivery>(await files.readRecord(deliveryName(label, ""))),
    putDelivery: (delivery) => files.write(deliveryName(delivery.machine, delivery.group), bytes(delivery)),
    async markReported(label, nonce, at) {
      const file = deliveryName(label, "");
      const before = await files.readRecord(file);
      const delivery = parse<Delivery>(before);
      if (!before || delivery?.nonce !== nonce) return false;
      return files.swapRecord(file, before, bytes({ ...delivery, reportedAt: at }));
    },
    listDeliveries: async () => (await files.readRecords("deliveries")).map((b) => parse<Delivery>(b)!),
  };
}
