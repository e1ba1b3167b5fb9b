/**
 * What a machine finally applies: the config with its references followed
 * as Ignition follows them. `ignition.config.replace` swaps the whole config
 * for the referenced one; otherwise each `ignition.config.merge` entry is
 * fetched and merged over the config in order, by Ignition's merge rules.
 * Each reference is decompressed (`compression: gzip`) and checked against
 * its `verification.hash` (of the decompressed config), and resolved in turn.
 * data URLs are decoded here; the other schemes are fetched by
 * fetch-source.ts (http, https, and s3 and gs where their modules are in).
 */
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { CLOUD_MSG } from "../../diagnostics/catalogue/cloud.js";
import type { Diagnostic, PathElement } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/message.js";
import { decodeDataURL } from "../../gocompat/dataurl.js";
import { convertConfig } from "../../ignition/convert.js";
import type { ConfigValue } from "../../ignition/decode.js";
import { mergeConfigs } from "../../ignition/merge.js";
import { loadSpec } from "../../ignition/schema.js";
import { validateIgnition } from "../../ignition/validate.js";
import { atLeast, type SpecVersion } from "../../ignition/versions.js";
import { canFetch, type FetchOptions, fetchedSchemes, fetchSource } from "./fetch-source.js";

/** Fetches a reference's body (any scheme but data); throws with a one-line reason when it cannot. */
export type Fetcher = (url: string) => Promise<Uint8Array>;

/** The resolved config and its spec version, or the diagnostics that stopped the resolution. */
export interface Resolved {
  config?: ConfigValue;
  version?: SpecVersion;
  diagnostics: Diagnostic[];
}

/** How deep references may nest (Ignition itself stops a loop the same way: it gives up). */
export const MAX_DEPTH = 10;

/** The fetcher that follows every scheme fetch-source.ts knows, with the process's environment. */
export const sourceFetcher =
  (options: FetchOptions = { env: process.env }): Fetcher =>
  (url) =>
    fetchSource(url, options);

interface Reference {
  source?: string;
  compression?: string;
  verification?: { hash?: string };
}

class Failed {
  constructor(readonly diagnostic: Diagnostic) {}
}

/** Resolves the Ignition config `bytes` (`what` names it in messages). */
export async function resolveConfig(bytes: Uint8Array, fetcher: Fetcher = sourceFetcher(), what = "the config"): Promise<Resolved> {
  try {
    const { config, version } = await resolve(bytes, what, [], fetcher, 0);
    return { config, version, diagnostics: [] };
  } catch (err) {
    if (err instanceof Failed) return { diagnostics: [err.diagnostic] };
    throw err;
  }
}

async function resolve(
  bytes: Uint8Array,
  what: string,
  at: PathElement[],
  fetcher: Fetcher,
  depth: number,
): Promise<{ config: ConfigValue; version: SpecVersion }> {
  if (depth > MAX_DEPTH) throw new Failed(diagnostic("error", CLOUD_MSG.resolveDepth(MAX_DEPTH), at));
  const checked = validateIgnition(bytes);
  if (!checked.config || !checked.version || checked.failure || checked.diagnostics.some((d) => d.severity === "error"))
    throw new Failed(diagnostic("error", CLOUD_MSG.resolveInvalid(what), at));
  const version = checked.version;
  const ignition = (checked.config.ignition ?? {}) as ConfigValue;
  const references = (ignition.config ?? {}) as { replace?: Reference; merge?: Reference[] };
  if (references.replace?.source) {
    const path = [...at, "ignition", "config", "replace"];
    return resolve(await fetchReference(references.replace, path, fetcher), references.replace.source, path, fetcher, depth + 1);
  }
  let config: ConfigValue = { ...checked.config, ignition: withoutReferences(ignition) };
  const spec = loadSpec(version);
  for (const [i, reference] of (references.merge ?? []).entries()) {
    if (!reference.source) continue;
    const path = [...at, "ignition", "config", "merge", i];
    const child = await resolve(await fetchReference(reference, path, fetcher), reference.source, path, fetcher, depth + 1);
    if (!atLeast(version, child.version))
      throw new Failed(diagnostic("error", CLOUD_MSG.resolveVersion(reference.source, child.version, version), path));
    const converted = convertConfig(child.config, child.version, version);
    if (!converted.config) throw new Failed(diagnostic("error", CLOUD_MSG.resolveVersion(reference.source, child.version, version), path));
    config = mergeConfigs(spec, config, converted.config);
  }
  return { config, version };
}

/** `ignition` without its `config` references (they have been followed). */
function withoutReferences(ignition: ConfigValue): ConfigValue {
  const { config: _followed, ...rest } = ignition;
  return rest;
}

/** The referenced config's bytes: fetched, decompressed and checked against its hash. */
async function fetchReference(reference: Reference, at: PathElement[], fetcher: Fetcher): Promise<Uint8Array> {
  const url = reference.source!;
  let bytes: Uint8Array;
  if (url.startsWith("data:")) {
    const decoded = decodeDataURL(url);
    if (!decoded.ok) throw new Failed(diagnostic("error", CLOUD_MSG.resolveFetch(shorten(url), decoded.error), at));
    bytes = decoded.data;
  } else if (canFetch(url)) {
    try {
      bytes = await fetcher(url);
    } catch (err) {
      throw new Failed(diagnostic("error", CLOUD_MSG.resolveFetch(url, (err as Error).message), at));
    }
  } else throw new Failed(diagnostic("error", CLOUD_MSG.resolveScheme(shorten(url), fetchedSchemes().join(", ")), at));
  if (reference.compression === "gzip") {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      throw new Failed(diagnostic("error", CLOUD_MSG.resolveFetch(shorten(url), `not gzip: ${(err as Error).message}`), at));
    }
  }
  const hash = reference.verification?.hash;
  if (hash) {
    const [algorithm, expected] = hash.split("-", 2) as [string, string];
    const actual = createHash(algorithm).update(bytes).digest("hex");
    if (actual !== expected) throw new Failed(diagnostic("error", CLOUD_MSG.resolveHash(shorten(url), hash, `${algorithm}-${actual}`), at));
  }
  return bytes;
}

/** A data URL shortened for messages (they can be megabytes). */
function shorten(url: string): string {
  return url.length > 60 ? `${url.slice(0, 57)}...` : url;
}
