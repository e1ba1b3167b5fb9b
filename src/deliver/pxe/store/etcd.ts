/**
 * The store in etcd, for several `kindling serve` replicas behind a load
 * balancer: every file of a data directory is a key under a prefix
 * ("/kindling/groups/node1.json", ...). A snapshot is one range read of the
 * prefix, so it is consistent at one revision; a watch on the prefix tells
 * every replica when anything changes, and each rebuilds its snapshot.
 * Uses the etcd3 client (gRPC), which reconnects by itself after etcd
 * restarts.
 *
 * Every call rides through a member's death and the election after it: a
 * call is one attempt after another, each on a member picked at random and
 * cancelled when its share of the time is up, until one answers or the
 * store's deadline passes. A write a follower forwarded to a leader that
 * then died is dropped by etcd without a word and would otherwise wait out
 * etcd's own request timeout (7 s with its default election timeout); a
 * read meets "leader changed". Every call here is idempotent (a put of the
 * same bytes, a get, a delete), so trying again is safe, and each attempt
 * carries its deadline to etcd, so none is retried after the store gave up
 * on the call (which could land an old value over a newer one).
 */
import { createRequire } from "node:module";
import type { Etcd3, IOptions, Watcher } from "etcd3";
import type { StoreProblem } from "./model.js";
import { RecordKeeper } from "./records.js";
import { settled } from "./settle.js";
import { isSnapshotFile, nextSnapshot, type RawFile, type Snapshot } from "./snapshot.js";
import type { Store } from "./store.js";

/** Where the etcd store's cluster is, its key prefix, and how long its calls may take. */
export interface EtcdStoreOptions {
  endpoints: string[];
  /** Key prefix, "/kindling/" by default; always ends with "/". */
  prefix?: string;
  /** How long one call may take before it fails, in ms (default 5000). */
  timeoutMs?: number;
  /**
   * How long one attempt at a single-key call may take before it is
   * cancelled and made again, in ms (default 1500, about an election).
   * Reads of a whole prefix get the rest of the call's time: they can be
   * large.
   */
  attemptMs?: number;
}

type Policy = NonNullable<NonNullable<IOptions["faultHandling"]>["global"]>;
/**
 * etcd3's own fault handling retries a call up to three times and opens a
 * member's circuit breaker after three failures in a row, refusing every
 * call to it for 5 s. In an election every member answers "leader changed"
 * or times out for a moment, which says nothing about the member: the
 * breakers open on the members that are fine and every call fails. So each
 * call goes straight through here, and the store makes its own attempts.
 */
const straightThrough = {
  execute: (fn: (context: { signal: AbortSignal }) => unknown) =>
    Promise.resolve().then(() => fn({ signal: new AbortController().signal })),
} as unknown as Policy;

/** The store in etcd, under a key prefix, for several server replicas; reports and deliveries live there too. */
export class EtcdStore extends RecordKeeper implements Store {
  readonly prefix: string;
  private readonly client: Etcd3;
  private generation = 0;
  private readonly timeoutMs: number;
  private readonly attemptMs: number;
  private readonly isRecoverable: (err: Error) => boolean;

  constructor(private readonly options: EtcdStoreOptions) {
    super();
    const p = options.prefix ?? "/kindling/";
    this.prefix = p.endsWith("/") ? p : p + "/";
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.attemptMs = options.attemptMs ?? 1500;
    const etcd3 = createRequire(import.meta.url)("etcd3") as typeof import("etcd3");
    this.isRecoverable = etcd3.isRecoverableError;
    this.client = new etcd3.Etcd3({
      hosts: options.endpoints,
      dialTimeout: this.timeoutMs,
      faultHandling: { host: () => straightThrough, global: straightThrough },
    });
  }

  describe(): string {
    return `etcd ${this.options.endpoints.join(",")} prefix ${this.prefix}`;
  }

  /**
   * One etcd call: `attempt` is made with the gRPC options for its deadline
   * (`whole`: the rest of the call's time, else `attemptMs` of it) until it
   * answers, fails for a reason trying again cannot help, or the call's time
   * is up.
   */
  private async call<T>(what: string, attempt: (options: { deadline: Date }) => Promise<T>, { whole = false } = {}): Promise<T> {
    const until = Date.now() + this.timeoutMs;
    let last: Error | undefined;
    for (let n = 0; ; n++) {
      const left = until - Date.now();
      if (left <= 0) break;
      try {
        return await attempt({ deadline: new Date(Date.now() + (whole ? left : Math.min(left, this.attemptMs))) });
      } catch (err) {
        last = err as Error;
        if (!this.isRecoverable(last)) throw last;
      }
      // A refused connection answers at once: a short pause, growing, before the next member.
      await new Promise((r) => setTimeout(r, Math.min(25 * 2 ** n, 250, Math.max(0, until - Date.now()))));
    }
    const why = last ? ` (last: ${last.message.split("\n")[0]})` : "";
    throw new Error(`etcd at ${this.options.endpoints.join(",")} did not answer ${what} within ${this.timeoutMs} ms${why}`);
  }

  /** Every file of the store at one revision. */
  async readAll(): Promise<{ files: RawFile[]; problems: StoreProblem[] }> {
    let kvs: Record<string, Buffer>;
    try {
      kvs = await this.call("a read", (o) => this.client.getAll().prefix(this.prefix).options(o).buffers(), { whole: true });
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
    return nextSnapshot(await this.readAll(), () => ++this.generation);
  }

  async write(file: string, bytes: Uint8Array): Promise<void> {
    await this.call("a write", (o) =>
      this.client
        .put(this.prefix + file)
        .value(Buffer.from(bytes))
        .options(o)
        .exec(),
    );
  }

  async remove(file: string): Promise<boolean> {
    const r = await this.call("a delete", (o) =>
      this.client
        .delete()
        .key(this.prefix + file)
        .options(o)
        .exec(),
    );
    return Number(r.deleted) > 0;
  }

  /** A key outside the snapshot (reports/, deliveries/), or undefined. */
  async readRecord(file: string): Promise<Uint8Array | undefined> {
    return (
      (await this.call("a read", (o) =>
        this.client
          .get(this.prefix + file)
          .options(o)
          .buffer(),
      )) ?? undefined
    );
  }

  /** Every record under a prefix kept outside the snapshot. */
  async readRecords(folder: string): Promise<Uint8Array[]> {
    return Object.values(
      await this.call("a read", (o) => this.client.getAll().prefix(`${this.prefix}${folder}/`).options(o).buffers(), { whole: true }),
    );
  }

  /** An etcd transaction: the put happens only if the key still holds `expected`. */
  async swapRecord(file: string, expected: Uint8Array, next: Uint8Array): Promise<boolean> {
    const key = this.prefix + file;
    const r = await this.call("a write", (o) =>
      this.client
        .if(key, "Value", "==", Buffer.from(expected))
        .then(this.client.put(key).value(Buffer.from(next)))
        .else(this.client.get(key))
        .options(o)
        .commit(),
    );
    // An attempt after one whose answer was lost finds `next` there already.
    return r.succeeded || Buffer.from(r.responses[0]?.response_range?.kvs[0]?.value ?? []).equals(Buffer.from(next));
  }

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
