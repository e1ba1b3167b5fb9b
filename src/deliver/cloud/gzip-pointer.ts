/**
 * The `gzip` strategy for Ignition: clouds hand Ignition their user data as
 * is, and Ignition does not gunzip it, so a bare gzip payload would fail the
 * boot. Instead the payload is a small pointer config of the same spec
 * version whose `ignition.config.replace` is the whole config gzipped into a
 * `data:;base64,` URL, with `compression: gzip` (spec 3.1.0 and later) and a
 * sha512 `verification.hash` of the config itself (with compression set,
 * Ignition checks the hash against the decompressed config).
 */
import { createHash } from "node:crypto";
import { goGzipBest } from "../../gocompat/flate/gzip.js";
import { atLeast, type SpecVersion } from "../../ignition/versions.js";

/** Whether spec `version` can carry a compressed config reference (3.1.0 added `compression`). */
export function specTakesGzip(version: SpecVersion): boolean {
  return atLeast(version, "3.1.0");
}

/**
 * The pointer config for `config` (the Ignition JSON bytes of spec
 * `version`), keys in Ignition's struct order. Gzip is Go's at best
 * compression, so the same config always gives the same pointer.
 */
export function gzipPointer(config: Uint8Array, version: SpecVersion): string {
  if (!specTakesGzip(version)) throw new Error(`spec ${version} has no compression for config references (3.1.0 added it)`);
  const source = `data:;base64,${Buffer.from(goGzipBest(config)).toString("base64")}`;
  const hash = `sha512-${createHash("sha512").update(config).digest("hex")}`;
  const pointer = { ignition: { config: { replace: { compression: "gzip", source, verification: { hash } } }, version } };
  return JSON.stringify(pointer);
}
