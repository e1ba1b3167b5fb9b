/**
 * A store held in memory: its files in a map, records included. For tests
 * (handlers answer from it without a socket or a disk) and for embedding
 * kindling serve in another program. A change to a store file is reported
 * to the watchers at once.
 */
import type { StoreProblem } from "./model.js";
import { RecordKeeper } from "./records.js";
import { isSnapshotFile, nextSnapshot, type RawFile, type Snapshot } from "./snapshot.js";
import type { Store } from "./store.js";

/** A store held in memory (tests, embedding). */
export class MemoryStore extends RecordKeeper implements Store {
  private readonly files = new Map<string, Uint8Array>();
  private readonly watchers = new Set<(changed: string[]) => void>();
  private generation = 0;

  /** Starts with these files: path in the store ("groups/node1.json") to contents. */
  constructor(files: Record<string, string | Uint8Array> = {}) {
    super();
    for (const [file, contents] of Object.entries(files))
      this.files.set(file, typeof contents === "string" ? Buffer.from(contents) : contents);
  }

  describe(): string {
    return "memory";
  }

  async readAll(): Promise<{ files: RawFile[]; problems: StoreProblem[] }> {
    return { files: [...this.files].filter(([file]) => isSnapshotFile(file)).map(([file, bytes]) => ({ file, bytes })), problems: [] };
  }

  async load(): Promise<{ snapshot?: Snapshot; problems: StoreProblem[] }> {
    return nextSnapshot(await this.readAll(), () => ++this.generation);
  }

  async write(file: string, bytes: Uint8Array): Promise<void> {
    this.files.set(file, Buffer.from(bytes));
    this.changed(file);
  }

  async remove(file: string): Promise<boolean> {
    const had = this.files.delete(file);
    if (had) this.changed(file);
    return had;
  }

  watch(onChange: (changed: string[]) => void): () => void {
    this.watchers.add(onChange);
    return () => void this.watchers.delete(onChange);
  }

  close(): void {
    this.watchers.clear();
  }

  async readRecord(file: string): Promise<Uint8Array | undefined> {
    return this.files.get(file);
  }

  async readRecords(folder: string): Promise<Uint8Array[]> {
    return [...this.files]
      .filter(([file]) => file.startsWith(`${folder}/`) && !file.includes("/", folder.length + 1) && file.endsWith(".json"))
      .map(([, bytes]) => bytes);
  }

  async swapRecord(file: string, expected: Uint8Array, next: Uint8Array): Promise<boolean> {
    const now = this.files.get(file);
    if (!now || !Buffer.from(now).equals(expected)) return false;
    this.files.set(file, Buffer.from(next));
    return true;
  }

  private changed(file: string): void {
    if (!isSnapshotFile(file)) return;
    for (const onChange of this.watchers) onChange([file]);
  }
}
