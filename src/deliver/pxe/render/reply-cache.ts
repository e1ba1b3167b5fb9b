/**
 * The rendered-reply cache, bounded by an estimate of the bytes it holds
 * (each reply's body plus its key and a fixed overhead), so replies keyed by
 * what requests send (a query, a label) can never grow the server past the
 * budget. Eviction approximates least recently used the way CLOCK does: a
 * hit only marks its entry, and eviction, walking from the oldest insertion,
 * gives a marked entry a second chance (unmarked, moved to the back) and
 * drops the first unmarked one. A hit then costs one lookup, not a delete
 * and an insert into a map of every machine's reply.
 */
import type { Reply } from "../http/reply.js";

export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/** Bytes per entry beyond its body and key: the Map entry, the reply object, its strings' headers. */
const ENTRY_OVERHEAD = 256;

export function replyCost(key: string, reply: Reply): number {
  return Buffer.byteLength(reply.body) + 2 * key.length + reply.contentType.length + ENTRY_OVERHEAD;
}

export class ReplyCache {
  /** In insertion order (a second chance moves an entry to the back); `used`: looked up since. */
  private readonly entries = new Map<string, { reply: Reply; cost: number; used: boolean }>();
  private total = 0;
  /** The snapshot generation the entries were rendered from. */
  private generation = -1;

  constructor(readonly maxBytes: number) {}

  /** Empties the cache when the snapshot being served is not the one its replies were rendered from. */
  follow(generation: number): void {
    if (generation === this.generation) return;
    this.clear();
    this.generation = generation;
  }

  get(key: string): Reply | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    entry.used = true;
    return entry.reply;
  }

  /** Keeps a reply rendered from snapshot `generation`, unless the cache has moved on to another since. */
  setFor(generation: number, key: string, reply: Reply): void {
    if (generation === this.generation) this.set(key, reply);
  }

  set(key: string, reply: Reply): void {
    this.delete(key);
    const cost = replyCost(key, reply);
    if (cost > this.maxBytes) return;
    while (this.total + cost > this.maxBytes && this.evictOne()) {}
    this.entries.set(key, { reply, cost, used: false });
    this.total += cost;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.total;
  }

  /** Drops the oldest entry not used since it was last given a second chance; false when there is none. */
  private evictOne(): boolean {
    for (const [key, entry] of this.entries) {
      if (entry.used) {
        entry.used = false;
        this.entries.delete(key);
        this.entries.set(key, entry);
        continue;
      }
      this.delete(key);
      return true;
    }
    return false;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.cost;
  }
}
