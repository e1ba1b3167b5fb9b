/**
 * Worker threads that render off the event loop. A job goes to the worker
 * with the fewest in flight (a few each, so none waits for a message to
 * cross), else waits in order. A render that throws rejects with its
 * message; a worker that dies or outruns the timeout is ended, its jobs
 * rejected, and another started in its place. A worker that dies before it
 * said it was ready (its code cannot load) is not restarted: the pool is then
 * `broken`, and the caller renders on its own thread.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Reply } from "../http/reply.js";
import type { RenderJob } from "./render-job.js";
import type { JobMessage, ResultMessage } from "./render-worker.js";

export interface PoolOptions {
  /** Worker threads (at least 1). */
  size: number;
  /** The worker's code: render-worker.js, or any module that answers jobs the same way. */
  entry: string | URL;
  /** A job not answered after this long ends its worker (default 30 s). */
  timeoutMs?: number;
  /** Jobs in flight per worker (default 4). */
  depth?: number;
  /** Told of each worker that failed or was replaced. */
  onEvent?: (fields: Record<string, unknown>) => void;
}

interface Pending {
  id: number;
  job: RenderJob;
  resolve(reply: Reply): void;
  reject(err: Error): void;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  inflight: Map<number, Pending>;
  online: boolean;
  /** Why it is being ended, when the pool ends it. */
  ending?: string;
}

/** Content types as one string each: every reply a worker sends brings its own copy, and the cache keeps thousands. */
const CONTENT_TYPES = new Map<string, string>();
function shared(type: string): string {
  const known = CONTENT_TYPES.get(type);
  if (known !== undefined) return known;
  if (CONTENT_TYPES.size < 64) CONTENT_TYPES.set(type, type);
  return type;
}

export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;
  /** Workers started in place of one that died (for tests and the log). */
  replaced = 0;
  broken = false;

  constructor(private readonly options: PoolOptions) {
    for (let i = 0; i < Math.max(1, options.size); i++) this.slots.push(this.start());
  }

  get size(): number {
    return this.slots.length;
  }

  run(job: RenderJob): Promise<Reply> {
    if (this.closed || this.broken) return Promise.reject(new Error("the render workers are not running"));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error("the server is closing"));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private start(): Slot {
    const worker = new Worker(this.options.entry, { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    const slot: Slot = { worker, inflight: new Map(), online: false };
    let failure: Error | undefined;
    worker.on("message", (m: ResultMessage | { ready: true }) => {
      if ("ready" in m) slot.online = true;
      else this.answer(slot, m);
    });
    worker.on("error", (err) => {
      failure = err;
    });
    worker.on("exit", (code) => this.exited(slot, slot.ending ?? failure?.message ?? `exited with code ${code}`));
    worker.unref();
    return slot;
  }

  private answer(slot: Slot, m: ResultMessage): void {
    const pending = slot.inflight.get(m.id);
    if (!pending) return;
    slot.inflight.delete(m.id);
    clearTimeout(pending.timer);
    if ("error" in m) pending.reject(new Error(m.error));
    else pending.resolve({ ...m.reply, contentType: shared(m.reply.contentType) });
    this.dispatch();
  }

  private exited(slot: Slot, why: string): void {
    const i = this.slots.indexOf(slot);
    for (const p of slot.inflight.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`the render worker stopped: ${why}`));
    }
    slot.inflight.clear();
    if (this.closed || i < 0) return;
    this.options.onEvent?.({ event: "render-worker-stopped", error: why, replaced: slot.online });
    if (!slot.online) {
      // its code does not load: another would fail the same way
      this.slots.splice(i, 1);
      if (this.slots.length === 0) {
        this.broken = true;
        for (const p of this.queue.splice(0)) p.reject(new Error(`the render workers cannot start: ${why}`));
      }
      return;
    }
    this.replaced++;
    this.slots[i] = this.start();
    this.dispatch();
  }

  private dispatch(): void {
    const depth = this.options.depth ?? 4;
    while (this.queue.length) {
      let best: Slot | undefined;
      for (const s of this.slots) if (!s.ending && s.inflight.size < depth && (!best || s.inflight.size < best.inflight.size)) best = s;
      if (!best) return;
      const pending = this.queue.shift()!;
      best.inflight.set(pending.id, pending);
      const slot = best;
      pending.timer = setTimeout(() => this.timedOut(slot), this.options.timeoutMs ?? 30_000);
      pending.timer.unref();
      slot.worker.postMessage({ id: pending.id, job: pending.job } satisfies JobMessage);
    }
  }

  private timedOut(slot: Slot): void {
    if (slot.ending) return;
    slot.ending = `a render took longer than ${(this.options.timeoutMs ?? 30_000) / 1000} s`;
    void slot.worker.terminate();
  }
}

/** Threads a server renders on unless told: one per CPU beyond the event loop's, at least one, at most four. */
export const defaultRenderThreads = (): number => Math.min(4, Math.max(1, availableParallelism() - 1));

/**
 * The server's pool, or none: `threads` 0 renders on the event loop, and so
 * does code run from its TypeScript sources (a worker cannot load them)
 * unless given a worker entry it can.
 */
export function startRenderPool(
  threads: number | undefined,
  entry: string | URL | undefined,
  onEvent?: PoolOptions["onEvent"],
): RenderPool | undefined {
  const size = threads ?? defaultRenderThreads();
  const code = entry ?? (import.meta.url.endsWith(".ts") ? undefined : new URL("./render-worker.js", import.meta.url));
  if (size === 0 || code === undefined) return undefined;
  return new RenderPool({ size, entry: code, ...(onEvent ? { onEvent } : {}) });
}
