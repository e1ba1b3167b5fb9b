/**
 * The embedded store: matchbox's data directory (profiles/, groups/,
 * ignition/, cloud/, generic/). Loaded whole into a snapshot; watched for
 * changes, which rebuild the snapshot (a debounced reload), so edits land
 * without a restart and a broken edit never replaces a good snapshot.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, watch, writeFileSync, type FSWatcher } from "node:fs";
import { dirname, join } from "node:path";
import { buildSnapshot, isLeftover, type RawFile, type Snapshot, TEMPLATE_KINDS } from "../snapshot.js";
import type { StoreProblem } from "../model.js";
import { recordsOver } from "./records.js";
import { settled } from "./settle.js";

const FOLDERS = ["profiles", "groups", ...TEMPLATE_KINDS];

export class DirectoryStore {
  private generation = 0;

  constructor(readonly root: string) {}

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
    const { files, problems } = this.readAllNow();
    if (problems.length) return { problems };
    return buildSnapshot(files, ++this.generation);
  }

  /** Writes one store file (e.g. "groups/node1.json") atomically: a temporary file renamed over it. */
  async write(file: string, bytes: Uint8Array): Promise<void> {
    this.writeNow(file, bytes);
  }

  private writeNow(file: string, bytes: Uint8Array): void {
    const path = join(this.root, file);
    mkdirSync(dirname(path), { recursive: true });
    const tmp = join(dirname(path), `.${file.split("/").pop()}.kindling-${process.pid}.tmp`);
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  }

  /** Removes one store file; false when there was none. */
  async remove(file: string): Promise<boolean> {
    const path = join(this.root, file);
    if (!existsSync(path)) return false;
    rmSync(path);
    return true;
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
    this.writeNow(file, next);
    return true;
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
      if (existsSync(dir)) watchers.push(watch(dir, (_event, name) => (name === null ? signal.fire() : !isLeftover(name) && signal.fire(`${folder}/${name}`))));
    }
    // A store folder appearing or going away.
    watchers.push(watch(this.root, (_event, name) => (name === null ? signal.fire() : FOLDERS.includes(name) && signal.fire(name))));
    return () => {
      signal.cancel();
      for (const w of watchers) w.close();
    };
  }
}
