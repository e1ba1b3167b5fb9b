/**
 * Every Butane (variant, version) kindling reads, as the version table
 * (src/versions/table.ts) lists them: the Ignition spec it targets, the base
 * schema it extends and the variant's additions. Each entry is a small delta
 * on the base; the behaviour behind a flag lives in the translators and
 * validators that read it.
 */
import {
  type BaseVersion,
  BUTANE_VERSIONS,
  type ButaneVersion,
  type FilterName,
  IGNITION_SPECS,
  type SpecVersion,
  type Variant,
} from "../versions/table.js";

export type { BaseVersion, ButaneVersion, Variant } from "../versions/table.js";

/** Base schemas in spec order (v0_1 is spec 3.0.0 … v0_8_exp is 3.7.0-experimental). */
const BASE_ORDER: readonly BaseVersion[] = IGNITION_SPECS.map((s) => s.base);

/** Whether base schema `base` is `min` or newer. */
export function baseAtLeast(base: BaseVersion, min: BaseVersion): boolean {
  return BASE_ORDER.indexOf(base) >= BASE_ORDER.indexOf(min);
}

/** `with_mount_unit` on a swap area makes a swap unit (and needs no path) from base v0_4, fcos 1.4. */
export function swapUnits(base: BaseVersion): boolean {
  return baseAtLeast(base, "v0_4");
}

export const BASE_IGNITION = Object.fromEntries(IGNITION_SPECS.map((s) => [s.base, s.version])) as Record<BaseVersion, SpecVersion>;

export interface ButaneSpec {
  variant: Variant;
  version: string;
  base: BaseVersion;
  /** The fcos version whose rules this spec follows (openshift wraps fcos; fcos is itself). */
  fcos?: string;
  /** The field filters (filters.ts) its output goes through, in report order. */
  forbids: readonly FilterName[];
}

/** Every (variant, version) of the table, in its order. */
export const BUTANE_SPECS: readonly ButaneSpec[] = BUTANE_VERSIONS.map((row) => ({
  variant: row.variant,
  version: row.version,
  base: row.base,
  ...("fcos" in row ? { fcos: row.fcos } : {}),
  forbids: "forbids" in row ? row.forbids : [],
}));

export function findSpec(variant: string, version: string): ButaneSpec | undefined {
  return BUTANE_SPECS.find((e) => e.variant === variant && e.version === version);
}

export function ignitionVersionOf(spec: ButaneSpec): SpecVersion {
  return BASE_IGNITION[spec.base];
}

/**
 * Compares "1.6.0"-style versions (prerelease ignored: 1.8.0-experimental sorts as 1.8.0).
 * `min` is a version of the table, so a threshold naming a version that is gone does not compile.
 */
export function versionAtLeast(version: string | undefined, min: ButaneVersion): boolean {
  if (!version) return false;
  const a = versionParts(version);
  const b = versionParts(min);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return true;
}

/** major, minor, patch of a table version; the rules ask for the same few thousands of times a run. */
const PARTS = new Map<string, number[]>();
function versionParts(version: string): number[] {
  let parts = PARTS.get(version);
  if (parts === undefined) {
    parts = version.split("-")[0]!.split(".").map(Number);
    if (PARTS.size < 256) PARTS.set(version, parts);
  }
  return parts;
}
