/**
 * The one interface kindling serve keeps its data behind: the store files a
 * snapshot is built from (profiles/, groups/ and the templates), changed
 * through the admin API and watched for changes, and the records kept beside
 * them (first-boot reports, deliveries: records.ts). The directory, etcd and
 * in-memory stores implement all of it, so what the server offers depends
 * on its options alone, never on what a store happens to have.
 */
import type { StoreProblem } from "./model.js";
import type { Records } from "./records.js";
import type { RawFile, Snapshot } from "./snapshot.js";

/** A store kindling serve answers from: its files, snapshots, changes and records. */
export interface Store extends Records {
  /** What the store is, for messages: "directory /srv/kindling", "etcd … prefix /kindling/". */
  describe(): string;
  /** Every store file, as raw bytes, or why they cannot be read. */
  readAll(): Promise<{ files: RawFile[]; problems: StoreProblem[] }>;
  /** The store's next snapshot (generations grow with each one built), or the problems that keep it from loading. */
  load(): Promise<{ snapshot?: Snapshot; problems: StoreProblem[] }>;
  /** Writes one file ("groups/node1.json", or a record); a store file is durable once this resolves. */
  write(file: string, bytes: Uint8Array): Promise<void>;
  /** Removes one store file; false when there was none. */
  remove(file: string): Promise<boolean>;
  /** Calls `onChange` with the store files that changed (as far as the store can tell); returns the stop function. */
  watch(onChange: (changed: string[]) => void): () => void;
  /** Lets go of what the store holds open (etcd's connections). */
  close(): void;
}
