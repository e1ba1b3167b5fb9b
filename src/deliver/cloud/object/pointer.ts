/**
 * What the object strategy delivers: for Ignition, a pointer config of the
 * same spec version whose `ignition.config.replace` names the uploaded
 * config with a sha512 `verification.hash`; for cloud-init, an include file
 * (`#include` and the URL), which cloud-init fetches over http(s) only.
 */
import { createHash } from "node:crypto";
import type { SpecVersion } from "../../../ignition/versions.js";

/** The sha512 of `bytes` in Ignition's `verification.hash` form. */
export function sha512Of(bytes: Uint8Array): string {
  return `sha512-${createHash("sha512").update(bytes).digest("hex")}`;
}

/** The content-addressed key an object is stored under: its sha512, and an extension for people browsing the bucket. */
export function objectKey(bytes: Uint8Array, extension: ".ign" | ".yaml"): string {
  return `${createHash("sha512").update(bytes).digest("hex")}${extension}`;
}

/** The pointer config for `config` (Ignition JSON of spec `version`) stored at `source`; keys in Ignition's struct order. */
export function objectPointer(config: Uint8Array, version: SpecVersion, source: string): string {
  const pointer = { ignition: { config: { replace: { source, verification: { hash: sha512Of(config) } } }, version } };
  return JSON.stringify(pointer);
}

/** A cloud-init include file naming `url`. */
export function cloudInitInclude(url: string): string {
  return `#include\n${url}\n`;
}
