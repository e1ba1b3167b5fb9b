/**
 * The store in etcd, for several `kindling serve` replicas behind a load
 * balancer: every file of a data directory is a key under a prefix
 * ("/kindling/groups/node1.json", ...). A snapshot is one range read of the
 * prefix, so it is consistent at one revision; a watch on the prefix tells
 * every replica when anything changes, and each rebuilds its snapshot.
 * Uses the etcd3 client (gRPC), which reconnects by itself after etcd
 * restarts.
 */
import { createRequire } from "node:module";
import type { Etcd3, Watcher } from "etcd3";
import type { StoreProblem } from "../model.js";
import { recordsOver } from "./records.js";
import { settled } from "./settle.js";
import { buildSnapshot, isSnapshotFile, type RawFile, type Snapshot } from "../snapshot.js";

export interface EtcdStoreOptions {
  endpoints: string[];
  /** Key prefix, "/kindling/" by default; always ends with "/". */
  prefix?: string;
  /** How long one call may take before it fails, in ms (default 5000). */
  timeoutMs?: number;
}

export class EtcdStore {
  readonly prefix: string;
  private readonly client: Etcd3;
  private generation = 0;
  private readonly timeoutMs: number;

  constructor(private readonly options: EtcdStoreOptions) {
    const p = options.prefix ?? "/kindling/";
    this.prefix = p.endsWith("/") ? p : p + "/";
    this.timeoutMs = options.timeoutMs ?? 5000;
    const { Etcd3: Client } = createRequire(import.meta.url)("etcd3") as typeof import("etcd3");
    this.client = new Client({ hosts: options.endpoints, dialTimeout: this.timeoutMs });
  }

  describe(): string {
    return `etcd ${this.options.endpoints.join(",")} prefix ${this.prefix}`;
  }

  private deadline<T>(what: string, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`etcd at ${this.options.endpoints.join(",")} did not answer ${what} within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  /** Every file of the store at one revision. */
  async readAll(): Promise<{ files: RawFile[]; problems: StoreProblem[] }> {
    let kvs: Record<string, Buffer>;
    try {
      kvs = await this.deadline("a read", this.client.getAll().prefix(this.prefix).buffers());
    } catch (err) {
      return { files: [], problems: [{ file: this.describe(), message: (err as Error).message.split("\n")[0]! }] };
    }
    const files: RawFile[] = [];
    for (const [key, bytes] of Object.entries(kvs)) {
      const file = key.slice(this.prefix.length);
      if (isSnapshotFile(file)) files.push({ file, bytes });
    }
    return { files, problems: [] };
  }

  async load(): Promise<{ snapshot?: Snapshot; problems: StoreProblem[] }> {
    const { files, problems } = await this.readAll();
    if (problems.length) return { problems };
    return buildSnapshot(files, ++this.generation);
  }

  async write(file: string, bytes: Uint8Array): Promise<void> {
    await this.deadline("a write", this.client.put(this.prefix + file).value(Buffer.from(bytes)).exec());
  }

  async remove(file: string): Promise<boolean> {
    const r = await this.deadline("a delete", this.client.delete().key(this.prefix + file).exec());
    return Number(r.deleted) > 0;
  }

  /** A key outside the snapshot (reports/, deliveries/), or undefined. */
  async readRecord(file: string): Promise<Uint8Array | undefined> {
    return (await this.deadline("a read", this.client.get(this.prefix + file).buffer())) ?? undefined;
  }

  /** Every record under a prefix kept outside the snapshot. */
  async readRecords(folder: string): Promise<Uint8Array[]> {
    return Object.values(await this.deadline("a read", this.client.getAll().prefix(`${this.prefix}${folder}/`).buffers()));
  }

  /** An etcd transaction: the put happens only if the key still holds `expected`. */
  async swapRecord(file: string, expected: Uint8Array, next: Uint8Array): Promise<boolean> {
    const key = this.prefix + file;
    const r = await this.deadline("a write", this.client.if(key, "Value", "==", Buffer.from(expected)).then(this.client.put(key).value(Buffer.from(next))).commit());
    return r.succeeded;
  }

  /** First-boot reports and deliveries (src/deliver/pxe/store/records.ts). */
  private readonly records = recordsOver(this);
  getReport = this.records.getReport;
  putReport = this.records.putReport;
  slotOf = this.records.slotOf;
  listReports = this.records.listReports;
  getDelivery = this.records.getDelivery;
  putDelivery = this.records.putDelivery;
  markReported = this.records.markReported;
  listDeliveries = this.records.listDeliveries;

  /**
   * Calls `onChange` with the files that changed under the prefix (at most
   * every `settleMs`; reports, deliveries and editor leftovers do not
   * count); returns the stop function. etcd cancels a watch whose
   * history it compacted away (a replica cut off while others wrote and
   * etcd compacted); the watch is then made again from now, and a reload
   * catches up on what was missed, so a replica never stops following.
   */
  watch(onChange: (changed: string[]) => void, settleMs = 100, rewatchMs = 1000): () => void {
    const signal = settled(onChange, settleMs);
    const fire = () => signal.fire();
    let watcher: Watcher | undefined;
    let retry: NodeJS.Timeout | undefined;
    let stopped = false;
    // Reports and deliveries live under the prefix too, but are not part of a snapshot.
    const changed = (kv: { key: Buffer }) => {
      const file = kv.key.toString().slice(this.prefix.length);
      if (isSnapshotFile(file)) signal.fire(file);
    };
    const start = (): void => {
      void this.client
        .watch()
        .prefix(this.prefix)
        .create()
        .then((w) => {
          if (stopped) return void w.cancel();
          watcher = w;
          // Whatever changed between the last load and this watch is caught up on.
          fire();
          w.on("put", changed);
          w.on("delete", changed);
          // After a reconnect the watch resumes; reload in case something changed meanwhile.
          w.on("connected", fire);
          w.on("error", () => {
            if (watcher !== w) return;
            watcher = undefined;
            void w.cancel().catch(() => {});
            again();
          });
        })
        .catch(again);
    };
    const again = (): void => {
      if (stopped || retry) return;
      retry = setTimeout(() => {
        retry = undefined;
        fire();
        start();
      }, rewatchMs);
    };
    start();
    return () => {
      stopped = true;
      clearTimeout(retry);
      signal.cancel();
      void watcher?.cancel();
    };
  }

  close(): void {
    this.client.close();
  }
}
