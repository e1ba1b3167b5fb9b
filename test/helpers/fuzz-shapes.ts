// The shapes scripts/fuzz/ (plain JavaScript) passes around, as far as the
// fuzzer's tests read them.

/** One call of the library: which entry point, on which bytes, read how, with which options (scripts/fuzz/cases.mjs). */
export interface FuzzCase {
  entry: string;
  input: Uint8Array;
  as: string;
  options: Record<string, unknown>;
  /** The same input at half its growth, for grown inputs. */
  half?: Uint8Array;
}

/** A seed input of the corpus (scripts/fuzz/seeds.mjs). */
export interface Seed {
  name: string;
  bytes: Uint8Array;
  format: string;
}

/** The seeds by the entry point they feed (scripts/fuzz/seeds.mjs). */
export interface Corpus {
  butane: Seed[];
  ignition: Seed[];
  cloudConfig: Seed[];
}

/** The built library and the internals the mutators read (scripts/fuzz/library.mjs). */
export interface FuzzLibrary {
  root: string;
  lib: Record<string, unknown>;
  ignitionVersions: string[];
  [internal: string]: unknown;
}

/** A case stored in test/fixtures/fuzz/ and its sidecar (scripts/fuzz/store.mjs). */
export interface StoredCase {
  name: string;
  sidecar: { input: string; signature: string; [key: string]: unknown };
  case: FuzzCase;
}
