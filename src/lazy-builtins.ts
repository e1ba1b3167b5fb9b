/**
 * Node built-ins that cost a CLI run milliseconds to load (zlib, crypto,
 * worker threads), loaded on first use instead of when a module is
 * imported: most runs of `kindling transpile` never hash, inflate or start
 * a thread, and loading them up front was a sizeable part of the start-up
 * above bare `node`.
 */
import { createRequire } from "node:module";

const load = createRequire(import.meta.url);

/** A getter that loads built-in `name` on its first call and returns that module after. */
function lazy<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= load(name) as T;
    return loaded;
  };
}

export const zlib = lazy<typeof import("node:zlib")>("node:zlib");
export const crypto = lazy<typeof import("node:crypto")>("node:crypto");
export const workerThreads = lazy<typeof import("node:worker_threads")>("node:worker_threads");
export const os = lazy<typeof import("node:os")>("node:os");
