/**
 * The snapshot a server answers from, swapped in whole when the store
 * reloads. A reload that fails keeps the last good snapshot and says why;
 * reloads run one at a time, in order, so a slow load never replaces a newer
 * snapshot. A template no profile names is warned about once, when it
 * becomes unused, not again on every reload.
 */
import { formatProblem, type StoreProblem } from "./model.js";
import { type Snapshot, TEMPLATE_REFS } from "./snapshot.js";
import type { Store } from "./store.js";

/** Writes a line to the server's log, if it has one. */
type Log = ((fields: Record<string, unknown>) => void) | undefined;

export class ServedSnapshot {
  private unused = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly store: Store,
    private readonly log: Log,
    private snapshot: Snapshot,
  ) {
    this.warnUnused(snapshot);
  }

  /** Loads the store; a store with problems is an error listing them (and carrying them as `problems`). */
  static async load(store: Store, log: Log): Promise<ServedSnapshot> {
    const first = await store.load();
    if (!first.snapshot) {
      const err = new Error(`the store (${store.describe()}) has problems:\n${first.problems.map(formatProblem).join("\n")}`);
      throw Object.assign(err, { problems: first.problems });
    }
    return new ServedSnapshot(store, log, first.snapshot);
  }

  current(): Snapshot {
    return this.snapshot;
  }

  /** Rebuilds the snapshot after the reloads before it; resolves to the problems that kept the old one, if any. */
  reload(): Promise<StoreProblem[]> {
    const next = this.queue.then(this.loadNext, this.loadNext);
    this.queue = next;
    return next;
  }

  private readonly loadNext = async (): Promise<StoreProblem[]> => {
    // a store that cannot be read is a refused reload, never an unhandled rejection
    const next = await this.store.load().catch((err: Error) => ({
      snapshot: undefined,
      problems: [{ file: this.store.describe(), message: `cannot be read: ${err.message}` }],
    }));
    if (next.snapshot) {
      this.snapshot = next.snapshot;
      this.log?.({ event: "reload", generation: next.snapshot.generation, groups: next.snapshot.groups.size });
      this.warnUnused(next.snapshot);
      return [];
    }
    this.log?.({ event: "reload-refused", problems: next.problems.map(formatProblem) });
    return next.problems;
  };

  private warnUnused(s: Snapshot): void {
    for (const file of s.unused) {
      if (this.unused.has(file)) continue;
      const key = TEMPLATE_REFS.find(([, kind]) => file.startsWith(`${kind}/`))![0];
      this.log?.({ event: "unused-template", file, message: `${file}: no profile names it (${key}), so it is not loaded or checked` });
    }
    this.unused = new Set(s.unused);
  }
}
