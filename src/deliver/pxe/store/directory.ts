/**
 * The embedded store: matchbox's data directory (profiles/, groups/,
 * ignition/, cloud/, generic/). Loaded whole into a snapshot; watched for
 * changes, which rebuild the snapshot (a debounced reload), so edits land
 * without a restart and a broken edit never replaces a good snapshot.
 *
 * Every write goes to a hidden temporary file renamed over the file, so a
 * killed process never leaves a torn one (at most a hidden temporary file,
 * which no load reads). A write of a store file (groups, profiles,
 * templates: what the admin API acknowledges) is also durable once it
 * resolves: the temporary file is flushed to disk (fsync) before the rename
 * and the directory after it, so a power cut can neither lose it nor leave
 * an empty file (a rename can reach the disk before the data it names).
 * Records (reports/, deliveries/), written by machines' requests many times
 * a second, are written at once without waiting for the disk: a power cut
 * can lose the last ones.
 */
import { existsSync, type FSWatcher, mkdirSync, readdirSync, readFileSync, renameSync, watch, writeFileSync } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { StoreProblem } from "./model.js";
import { RecordKeeper } from "./records.js";
import { settled } from "./settle.js";
import { isLeftover, isSnapshotFile, nextSnapshot, type RawFile, type Snapshot, TEMPLATE_KINDS } from "./snapshot.js";
import type { Store } from "./store.js";

const FOLDERS = ["profiles", "groups", ...TEMPLATE_KINDS];

/** Flushes a file or directory to disk. */
async function flush(path: string, flags = "r"): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The store in a matchbox-style data directory (profiles/, groups/, ignition/, cloud/, generic/), watched for changes. */
export class DirectoryStore extends RecordKeeper implements Store {
  private generation = 0;
  /** Numbers this process's temporary files, so concurrent writes of one file never share one. */
  private writes = 0;

  constructor(readonly root: string) {
    super();
  }

  describe(): string {
    return `directory ${this.root}`;
  }

  /** Every file of the store, as raw bytes. */
  async readAll(): Promise<{ files: RawFile[]; problems: StoreProblem[] }> {
    return this.readAllNow();
  }

  private readAllNow(): { files: RawFile[]; problems: StoreProblem[] } {
    const files: RawFile[] = [];
    const problems: StoreProblem[] = [];
    if (!existsSync(this.root)) return { files, problems: [{ file: this.root, message: "no such data directory" }] };
    for (const folder of FOLDERS) {
      const dir = join(this.root, folder);
      if (!existsSync(dir)) continue;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (!entry.isFile() || isLeftover(entry.name)) continue;
        const file = `${folder}/${entry.name}`;
        try {
          files.push({ file, bytes: readFileSync(join(dir, entry.name)) });
        } catch (err) {
          problems.push({ file, message: `cannot read: ${(err as Error).message}` });
        }
      }
    }
    return { files, problems };
  }

  async load(): Promise<{ snapshot?: Snapshot; problems: StoreProblem[] }> {
    return nextSnapshot(this.readAllNow(), () => ++this.generation);
  }

  /** Writes one file (e.g. "groups/node1.json"): a store file durably, a record at once (see above). */
  async write(file: string, bytes: Uint8Array): Promise<void> {
    const path = join(this.root, file);
    if (isSnapshotFile(file)) await this.inOrder(path, () => this.writeDurably(path, bytes));
    else this.writeNow(path, bytes);
  }

  private writeNow(path: string, bytes: Uint8Array): void {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = join(dirname(path), `.${basename(path)}.kindling-${process.pid}-${++this.writes}.tmp`);
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  }

  /**
   * Per store file, the change under way: durable writes and removals of
   * one file happen one after another in the order they were asked for, so
   * the last one asked for is the one that stays.
   */
  private readonly changes = new Map<string, Promise<unknown>>();

  private inOrder<T>(path: string, change: () => Promise<T>): Promise<T> {
    const mine = (this.changes.get(path) ?? Promise.resolve()).then(change, change);
    const done = mine.then(
      () => undefined,
      () => undefined,
    );
    this.changes.set(path, done);
    void done.then(() => this.changes.get(path) === done && this.changes.delete(path));
    return mine;
  }

  private async writeDurably(path: string, bytes: Uint8Array): Promise<void> {
    const dir = dirname(path);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${basename(path)}.kindling-${process.pid}-${++this.writes}.tmp`);
    const handle = await open(tmp, "w");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
    await flush(dir);
  }

  /** Removes one store file, durably; false when there was none. */
  async remove(file: string): Promise<boolean> {
    const path = join(this.root, file);
    return this.inOrder(path, async () => {
      if (!existsSync(path)) return false;
      await rm(path);
      await flush(dirname(path));
      return true;
    });
  }

  /** A file outside the snapshot (reports/, deliveries/), or undefined. */
  async readRecord(file: string): Promise<Uint8Array | undefined> {
    const path = join(this.root, file);
    return existsSync(path) ? readFileSync(path) : undefined;
  }

  /** Every JSON record in a folder kept outside the snapshot. */
  async readRecords(folder: string): Promise<Uint8Array[]> {
    const dir = join(this.root, folder);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith(".json") && !f.startsWith("."))
      .map((f) => readFileSync(join(dir, f)));
  }

  /** Compare and write in one go: nothing else in this process runs between the read and the write. */
  async swapRecord(file: string, expected: Uint8Array, next: Uint8Array): Promise<boolean> {
    const path = join(this.root, file);
    if (!existsSync(path) || !readFileSync(path).equals(expected)) return false;
    this.writeNow(path, next);
    return true;
  }

  /**
   * Calls `onChange` with the files that changed: once per burst of changes,
   * at most every `settleMs` (a steady stream of edits still reloads, it is
   * not put off until the edits stop). Editor leftovers (backups, swap
   * files) and anything outside the store's folders do not count. Returns
   * the stop function.
   */
  watch(onChange: (changed: string[]) => void, settleMs = 150): () => void {
    const watchers: FSWatcher[] = [];
    const signal = settled(onChange, settleMs);
    for (const folder of FOLDERS) {
      const dir = join(this.root, folder);
      // Without a name (some platforms) the change cannot be judged, so it counts.
      if (existsSync(dir))
        watchers.push(
          watch(dir, (_event, name) => (name === null ? signal.fire() : !isLeftover(name) && signal.fire(`${folder}/${name}`))),
        );
    }
    // A store folder appearing or going away.
    watchers.push(watch(this.root, (_event, name) => (name === null ? signal.fire() : FOLDERS.includes(name) && signal.fire(name))));
    return () => {
      signal.cancel();
      for (const w of watchers) w.close();
    };
  }

  /** Nothing is held open between calls. */
  close(): void {}
}
