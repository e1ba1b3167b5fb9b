/**
 * The user data a cloud hands to an instance, made to fit: the payload as
 * is (`inline`) when it fits the platform's field, else gzipped (`gzip`: a
 * pointer config for Ignition, which does not gunzip user data itself; the
 * raw gzip bytes for cloud-init, which does). Over every limit is an error
 * that names the size and the limit. Uploading to a bucket (the `object`
 * strategy) needs the network, so it is object/deliver.ts's step on top.
 */
import { CLOUD_MSG } from "../../diagnostics/catalogue/cloud.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/message.js";
import { goGzipBest } from "../../gocompat/flate/gzip.js";
import type { SpecVersion } from "../../ignition/versions.js";
import { gzipPointer, specTakesGzip } from "./gzip-pointer.js";
import { type Platform, USER_DATA_LIMITS } from "./limits.js";

/** The ways to fit a payload into user data, in the order they are tried. */
export const STRATEGIES = ["inline", "gzip", "object"] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** The strategies that need nothing but the payload (no bucket, no network). */
export const LOCAL_STRATEGIES = ["inline", "gzip"] as const;
export type LocalStrategy = (typeof LOCAL_STRATEGIES)[number];

/** What the payload is: an Ignition config (with its spec version) or a cloud-init document. */
export type Payload = { kind: "ignition"; bytes: Uint8Array; version: SpecVersion } | { kind: "cloud-init"; bytes: Uint8Array };

/** User data that fits: the strategy chosen and the bytes to hand the platform. */
export interface FittedUserData {
  platform: Platform;
  strategy: Strategy;
  bytes: Uint8Array;
  /** The platform's limit, for the report on stderr. */
  limit: number;
}

export interface UserDataResult {
  userData?: FittedUserData;
  diagnostics: Diagnostic[];
}

/** The payload as `strategy` writes it, or a diagnostic when the strategy cannot carry it. */
function apply(strategy: LocalStrategy, payload: Payload): Uint8Array | Diagnostic {
  if (strategy === "inline") return payload.bytes;
  if (payload.kind === "cloud-init") return goGzipBest(payload.bytes);
  if (!specTakesGzip(payload.version)) return diagnostic("error", CLOUD_MSG.gzipNeedsSpec(payload.version), []);
  return Buffer.from(gzipPointer(payload.bytes, payload.version));
}

/**
 * Fits `payload` into `platform`'s user data: the first local strategy
 * whose output fits, or only `forced` when one is given.
 */
export function fitUserData(payload: Payload, platform: Platform, forced?: LocalStrategy): UserDataResult {
  const limit = USER_DATA_LIMITS[platform];
  let smallest: { strategy: LocalStrategy; size: number } | undefined;
  for (const strategy of forced ? [forced] : LOCAL_STRATEGIES) {
    const bytes = apply(strategy, payload);
    if (!(bytes instanceof Uint8Array)) {
      if (forced) return { diagnostics: [bytes] };
      continue;
    }
    if (bytes.length <= limit.bytes) return { userData: { platform, strategy, bytes, limit: limit.bytes }, diagnostics: [] };
    if (!smallest || bytes.length < smallest.size) smallest = { strategy, size: bytes.length };
  }
  const size = smallest?.size ?? payload.bytes.length;
  const what = smallest?.strategy === "gzip" ? "the user data, gzipped," : "the user data";
  return { diagnostics: [diagnostic("error", CLOUD_MSG.tooLarge(what, size, platform, limit.field, limit.bytes), [])] };
}
