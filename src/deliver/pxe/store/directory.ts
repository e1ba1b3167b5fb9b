/**
 * The embedded store: matchbox's data directory (profiles/, groups/,
 * ignition/, cloud/, generic/). Loaded whole into a snapshot; watched for
 * changes, which rebuild the snapshot (a debounced reload), so edits land
 * without a restart and a broken edit never replaces a good snapshot.
 *
 * A write is atomic and durable once it resolves: the bytes go to a hidden
 * temporary file, which is flushed to disk (fsync) and renamed over the
 * file, and then the directory is flushed, so neither a killed process nor
 * a power cut loses an acknowledged write or leaves a torn one (a rename can
 * reach the disk before the data it names, which leaves an empty file). A
 * process killed mid-write leaves at most a hidden temporary file, which no
 * load reads.
 */
import { existsSync, readdirSync, readFileSync, watch, type FSWatcher } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { buildSnapshot, isLeftover, type RawFile, type Snapshot, TEMPLATE_KINDS } from "../snapshot.js";
import type { StoreProblem } from "../model.js";
import type { Delivery, StoredReport } from "../reports.js";
import { settled } from "./settle.js";

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

export class DirectoryStore {
  private generation = 0;
  /** Numbers this process's temporary files, so concurrent writes of one file never share one. */
  private writes = 0;

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

  /** Writes one store file (e.g. "groups/node1.json"), atomically and durably (see above). */
  async write(file: string, bytes: Uint8Array): Promise<void> {
    const path = join(this.root, file);
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
    if (!existsSync(path)) return false;
    await rm(path);
    await flush(dirname(path));
    return true;
  }

  /** First-boot reports, one file per machine under reports/ (outside what a snapshot reads). */
  async getReport(machineId: string): Promise<StoredReport | undefined> {
    const path = join(this.root, "reports", `${machineId}.json`);
    return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as StoredReport) : undefined;
  }

  async putReport(machineId: string, stored: StoredReport): Promise<void> {
    await this.write(`reports/${machineId}.json`, Buffer.from(JSON.stringify(stored) + "\n"));
  }

  async listReports(): Promise<StoredReport[]> {
    return this.records<StoredReport>("reports");
  }

  /** Every JSON record in a folder kept outside the snapshot (reports/, deliveries/). */
  private records<T>(folder: string): T[] {
    const dir = join(this.root, folder);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith(".json") && !f.startsWith("."))
      .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as T);
  }

  /** The latest delivery per machine label, one file each under deliveries/. */
  async putDelivery(delivery: Delivery): Promise<void> {
    await this.write(`deliveries/${encodeURIComponent(delivery.machine || `group=${delivery.group}`)}.json`, Buffer.from(JSON.stringify(delivery) + "\n"));
  }

  async listDeliveries(): Promise<Delivery[]> {
    return this.records<Delivery>("deliveries");
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
