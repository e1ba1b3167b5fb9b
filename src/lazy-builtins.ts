/**
 * Node built-ins that cost a CLI run milliseconds to load (zlib, crypto),
 * loaded on first use instead of when a module is imported: most runs of
 * `kindling transpile` never hash or inflate anything, and loading them up
 * front was a sizeable part of the start-up above bare `node`.
 */
import { createRequire } from "node:module";

const load = createRequire(import.meta.url);

let zlibModule: typeof import("node:zlib") | undefined;
let cryptoModule: typeof import("node:crypto") | undefined;

export function zlib(): typeof import("node:zlib") {
  zlibModule ??= load("node:zlib") as typeof import("node:zlib");
  return zlibModule;
}

export function crypto(): typeof import("node:crypto") {
  cryptoModule ??= load("node:crypto") as typeof import("node:crypto");
  return cryptoModule;
}

let workerThreadsModule: typeof import("node:worker_threads") | undefined;
let osModule: typeof import("node:os") | undefined;

export function workerThreads(): typeof import("node:worker_threads") {
  workerThreadsModule ??= load("node:worker_threads") as typeof import("node:worker_threads");
  return workerThreadsModule;
}

export function os(): typeof import("node:os") {
  osModule ??= load("node:os") as typeof import("node:os");
  return osModule;
}
