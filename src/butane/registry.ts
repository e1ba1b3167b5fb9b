/**
 * Every Butane (variant, version) kindling reads: the Ignition spec it
 * targets, the base schema it extends and the variant's additions. Each
 * entry is a small delta on the base; the behaviour behind a flag lives in
 * the translators and validators that read it.
 */
import type { SpecVersion } from "../ignition/versions.js";

/** Butane's base schemas, one per Ignition spec (v0_1 is spec 3.0.0 … v0_8_exp is 3.7.0-experimental). */
export type BaseVersion = "v0_1" | "v0_2" | "v0_3" | "v0_4" | "v0_5" | "v0_6" | "v0_7" | "v0_8_exp";

const BASE_ORDER: BaseVersion[] = ["v0_1", "v0_2", "v0_3", "v0_4", "v0_5", "v0_6", "v0_7", "v0_8_exp"];

/** Whether base schema `base` is `min` or newer. */
export function baseAtLeast(base: BaseVersion, min: BaseVersion): boolean {
  return BASE_ORDER.indexOf(base) >= BASE_ORDER.indexOf(min);
}

/** `with_mount_unit` on a swap area makes a swap unit (and needs no path) from base v0_4, fcos 1.4. */
export function swapUnits(base: BaseVersion): boolean {
  return baseAtLeast(base, "v0_4");
}

export const BASE_IGNITION: Record<BaseVersion, SpecVersion> = {
  v0_1: "3.0.0",
  v0_2: "3.1.0",
  v0_3: "3.2.0",
  v0_4: "3.3.0",
  v0_5: "3.4.0",
  v0_6: "3.5.0",
  v0_7: "3.6.0",
  v0_8_exp: "3.7.0-experimental",
};

export type Variant = "fcos" | "flatcar" | "openshift" | "r4e" | "fiot";

export interface ButaneSpec {
  variant: Variant;
  version: string;
  base: BaseVersion;
  /** The fcos version whose rules this spec follows (openshift wraps fcos; fcos is itself). */
  fcos?: string;
}

const entries: ButaneSpec[] = [];
const add = (variant: Variant, version: string, base: BaseVersion, fcos?: string) =>
  entries.push({ variant, version, base, ...(fcos ? { fcos } : {}) });

add("fcos", "1.0.0", "v0_1", "1.0.0");
add("fcos", "1.1.0", "v0_2", "1.1.0");
add("fcos", "1.2.0", "v0_3", "1.2.0");
add("fcos", "1.3.0", "v0_3", "1.3.0");
add("fcos", "1.4.0", "v0_4", "1.4.0");
add("fcos", "1.5.0", "v0_5", "1.5.0");
add("fcos", "1.6.0", "v0_6", "1.6.0");
add("fcos", "1.7.0", "v0_7", "1.7.0");
add("fcos", "1.8.0-experimental", "v0_8_exp", "1.8.0-experimental");
add("flatcar", "1.0.0", "v0_4");
add("flatcar", "1.1.0", "v0_5");
add("flatcar", "1.2.0-experimental", "v0_8_exp");
add("r4e", "1.0.0", "v0_4");
add("r4e", "1.1.0", "v0_5");
add("r4e", "1.2.0-experimental", "v0_8_exp");
add("fiot", "1.0.0", "v0_5");
add("fiot", "1.1.0-experimental", "v0_8_exp");
for (const minor of [8, 9, 10, 11, 12, 13]) add("openshift", `4.${minor}.0`, "v0_3", "1.3.0");
for (const minor of [14, 15, 16, 17, 18]) add("openshift", `4.${minor}.0`, "v0_5", "1.5.0");
for (const minor of [19, 20, 21, 22]) add("openshift", `4.${minor}.0`, "v0_6", "1.6.0");
add("openshift", "4.23.0-experimental", "v0_8_exp", "1.8.0-experimental");

export const BUTANE_SPECS: readonly ButaneSpec[] = entries;

export function findSpec(variant: string, version: string): ButaneSpec | undefined {
  return entries.find((e) => e.variant === variant && e.version === version);
}

export function ignitionVersionOf(spec: ButaneSpec): SpecVersion {
  return BASE_IGNITION[spec.base];
}

/** Compares "1.6.0"-style versions (prerelease ignored: 1.8.0-experimental sorts as 1.8.0). */
export function versionAtLeast(version: string | undefined, min: string): boolean {
  if (!version) return false;
  const a = version.split("-")[0].split(".").map(Number);
  const b = min.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}
