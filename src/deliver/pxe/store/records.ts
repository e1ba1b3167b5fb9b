/**
 * The records a store keeps beside its snapshot, over any store's files
 * (the directory's, etcd's keys): first-boot reports one per slot under
 * reports/, where each machine id last reported under report-ids/, and the
 * latest delivery per machine label under deliveries/ (its nonce included:
 * the key itself is never stored). Names are URI-encoded, so no label or id
 * can reach outside its folder.
 */
import type { StoredReport } from "../../../verify/report.js";

/** A config served to a machine of a profile with verification: when, and what. */
export interface Delivery {
  /** The machine's label (`mac=…`), the key deliveries and reports are joined on; empty for a group machines share. */
  machine: string;
  group: string;
  profile: string;
  endpoint: string;
  deliveredAt: string;
  /** The random value this delivery's report key derives from (with the server's secret); only machines' own deliveries have one. */
  nonce?: string;
  /** Deliveries in a row with no report between them, this one included: 2 or more is "delivered twice". */
  times?: number;
  /** When the delivery before this one went out, if no report came back for it. */
  earlierAt?: string;
  /** When a report signed with this delivery's key was accepted. */
  reportedAt?: string;
}

export interface Records {
  /** The report kept in a slot (see `reportSlot`). */
  getReport(slot: string): Promise<StoredReport | undefined>;
  /** Keeps a report in its slot, and notes the slot as where its machine id last reported. */
  putReport(slot: string, stored: StoredReport): Promise<void>;
  /** The slot a machine id last reported in. */
  slotOf(machineId: string): Promise<string | undefined>;
  listReports(): Promise<StoredReport[]>;
  getDelivery(label: string): Promise<Delivery | undefined>;
  putDelivery(delivery: Delivery): Promise<void>;
  /** Notes that a report signed with the delivery's key came back, if `label`'s delivery is still the one with `nonce`; false when it is not. */
  markReported(label: string, nonce: string, at: string): Promise<boolean>;
  listDeliveries(): Promise<Delivery[]>;
}

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
const parse = <T>(b: Uint8Array | undefined): T | undefined =>
  b === undefined ? undefined : (JSON.parse(Buffer.from(b).toString("utf8")) as T);
const deliveryName = (label: string, group: string) => name("deliveries", label || `group=${group}`);

export function recordsOver(files: RecordFiles): Records {
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

/**
 * A store's records over its own files: a store extends this, supplies the
 * four file operations, and has the Records methods.
 */
export abstract class RecordKeeper implements Records, RecordFiles {
  abstract readRecord(file: string): Promise<Uint8Array | undefined>;
  abstract write(file: string, bytes: Uint8Array): Promise<void>;
  abstract readRecords(folder: string): Promise<Uint8Array[]>;
  abstract swapRecord(file: string, expected: Uint8Array, next: Uint8Array): Promise<boolean>;

  private readonly records = recordsOver(this);
  readonly getReport = this.records.getReport;
  readonly putReport = this.records.putReport;
  readonly slotOf = this.records.slotOf;
  readonly listReports = this.records.listReports;
  readonly getDelivery = this.records.getDelivery;
  readonly putDelivery = this.records.putDelivery;
  readonly markReported = this.records.markReported;
  readonly listDeliveries = this.records.listDeliveries;
}
