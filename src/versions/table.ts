/**
 * Every version kindling reads and writes, in one table. Everything else that
 * names versions derives from it: the `SpecVersion`, `BaseVersion` and
 * `Variant` types, version order, the latest stable spec, the Butane
 * registry, the field filters each Butane version applies, the version texts
 * of messages and usage, and the generated types (scripts/gen-types.mjs).
 *
 * - A new Butane version on an existing base is one row of BUTANE_VERSIONS.
 * - A new Ignition spec is one row of IGNITION_SPECS plus its schema step
 *   (schemas/ignition/steps/<version>.json, then `npm run gen`).
 * - Stabilising a version is editing its row; code that names the old
 *   version (`"v0_8_exp"`, `"3.7.0-experimental"`) then stops compiling.
 *
 * This module is data only and imports nothing, so every stage can read it
 * without an import against the data flow (ignition/ must not import butane/).
 */

/** One Ignition spec. Its JSON Schema is schemas/ignition/<version>.json. */
export interface SpecRow {
  /** `ignition.version`, exactly as Ignition matches it. */
  readonly version: string;
  /** False for an experimental spec (which is never the default target). */
  readonly stable: boolean;
  /** The Butane base schema that targets this spec (Butane's base/<base> package). */
  readonly base: string;
}

/** Ignition's specs, oldest first: the order is spec order. */
export const IGNITION_SPECS = [
  { version: "3.0.0", stable: true, base: "v0_1" },
  { version: "3.1.0", stable: true, base: "v0_2" },
  { version: "3.2.0", stable: true, base: "v0_3" },
  { version: "3.3.0", stable: true, base: "v0_4" },
  { version: "3.4.0", stable: true, base: "v0_5" },
  { version: "3.5.0", stable: true, base: "v0_6" },
  { version: "3.6.0", stable: true, base: "v0_7" },
  { version: "3.7.0-experimental", stable: false, base: "v0_8_exp" },
] as const satisfies readonly SpecRow[];

/** An Ignition spec version kindling reads and writes ("3.0.0" … "3.7.0-experimental"). */
export type SpecVersion = (typeof IGNITION_SPECS)[number]["version"];
export type BaseVersion = (typeof IGNITION_SPECS)[number]["base"];

/** The file of a spec's JSON Schema in schemas/ignition/. */
export const schemaFile = (version: SpecVersion): string => `${version}.json`;

// What a Butane version's output may not contain, by field filter name
// (Butane's `fieldFilters`; each name is defined in butane/filters.ts).
/** RHEL for Edge and Fedora IoT leave the disk layout and kernel arguments to the OS image. */
const IMMUTABLE_OS = ["kernel-arguments", "disks", "filesystems", "luks", "raid"] as const;
/** What OpenShift's Machine Config Operator does not manage (filters on the MachineConfig, "mc."). */
const MCO_4_10 = ["mc.groups", "mc.users-before-4.13", "mc.directories", "mc.file-append", "mc.file-http-headers", "mc.links"] as const;
const MCO_4_8 = [...MCO_4_10, "mc.file-compression"] as const;
const MCO_4_13 = ["mc.groups", "mc.users", "mc.directories", "mc.file-append", "mc.file-http-headers", "mc.links"] as const;
const MCO_4_14 = [...MCO_4_13, "mc.kernel-arguments"] as const;

/** One Butane (variant, version). */
export interface ButaneRow {
  readonly variant: string;
  readonly version: string;
  /** The base schema it extends, and so the Ignition spec it emits. */
  readonly base: BaseVersion;
  /** The fcos version whose sugar and checks it follows (the fcos family: fcos itself and openshift). */
  readonly fcos?: string;
  /** The field filters it applies, in the order they report. */
  readonly forbids?: readonly string[];
}

/** Butane's (variant, version) pairs. */
export const BUTANE_VERSIONS = [
  { variant: "fcos", version: "1.0.0", base: "v0_1", fcos: "1.0.0" },
  { variant: "fcos", version: "1.1.0", base: "v0_2", fcos: "1.1.0" },
  { variant: "fcos", version: "1.2.0", base: "v0_3", fcos: "1.2.0" },
  { variant: "fcos", version: "1.3.0", base: "v0_3", fcos: "1.3.0" },
  { variant: "fcos", version: "1.4.0", base: "v0_4", fcos: "1.4.0" },
  { variant: "fcos", version: "1.5.0", base: "v0_5", fcos: "1.5.0" },
  { variant: "fcos", version: "1.6.0", base: "v0_6", fcos: "1.6.0" },
  { variant: "fcos", version: "1.7.0", base: "v0_7", fcos: "1.7.0" },
  { variant: "fcos", version: "1.8.0-experimental", base: "v0_8_exp", fcos: "1.8.0-experimental" },
  { variant: "flatcar", version: "1.0.0", base: "v0_4", forbids: ["clevis"] },
  { variant: "flatcar", version: "1.1.0", base: "v0_5", forbids: ["clevis"] },
  { variant: "flatcar", version: "1.2.0-experimental", base: "v0_8_exp", forbids: ["cex"] },
  { variant: "r4e", version: "1.0.0", base: "v0_4", forbids: IMMUTABLE_OS },
  { variant: "r4e", version: "1.1.0", base: "v0_5", forbids: IMMUTABLE_OS },
  { variant: "r4e", version: "1.2.0-experimental", base: "v0_8_exp", forbids: IMMUTABLE_OS },
  { variant: "fiot", version: "1.0.0", base: "v0_5", forbids: IMMUTABLE_OS },
  { variant: "fiot", version: "1.1.0-experimental", base: "v0_8_exp", forbids: IMMUTABLE_OS },
  { variant: "openshift", version: "4.8.0", base: "v0_3", fcos: "1.3.0", forbids: MCO_4_8 },
  { variant: "openshift", version: "4.9.0", base: "v0_3", fcos: "1.3.0", forbids: MCO_4_8 },
  { variant: "openshift", version: "4.10.0", base: "v0_3", fcos: "1.3.0", forbids: MCO_4_10 },
  { variant: "openshift", version: "4.11.0", base: "v0_3", fcos: "1.3.0", forbids: MCO_4_10 },
  { variant: "openshift", version: "4.12.0", base: "v0_3", fcos: "1.3.0", forbids: MCO_4_10 },
  { variant: "openshift", version: "4.13.0", base: "v0_3", fcos: "1.3.0", forbids: MCO_4_13 },
  { variant: "openshift", version: "4.14.0", base: "v0_5", fcos: "1.5.0", forbids: MCO_4_14 },
  { variant: "openshift", version: "4.15.0", base: "v0_5", fcos: "1.5.0", forbids: MCO_4_14 },
  { variant: "openshift", version: "4.16.0", base: "v0_5", fcos: "1.5.0", forbids: MCO_4_14 },
  { variant: "openshift", version: "4.17.0", base: "v0_5", fcos: "1.5.0", forbids: MCO_4_14 },
  { variant: "openshift", version: "4.18.0", base: "v0_5", fcos: "1.5.0", forbids: MCO_4_14 },
  { variant: "openshift", version: "4.19.0", base: "v0_6", fcos: "1.6.0", forbids: MCO_4_14 },
  { variant: "openshift", version: "4.20.0", base: "v0_6", fcos: "1.6.0", forbids: MCO_4_14 },
  { variant: "openshift", version: "4.21.0", base: "v0_6", fcos: "1.6.0", forbids: MCO_4_14 },
  { variant: "openshift", version: "4.22.0", base: "v0_6", fcos: "1.6.0", forbids: MCO_4_14 },
  { variant: "openshift", version: "4.23.0-experimental", base: "v0_8_exp", fcos: "1.8.0-experimental", forbids: MCO_4_14 },
] as const satisfies readonly ButaneRow[];

type Row = (typeof BUTANE_VERSIONS)[number];
export type Variant = Row["variant"];
/** Every Butane version of any variant. */
export type ButaneVersion = Row["version"];
/** The name of a field filter some row applies. */
export type FilterName = Row extends infer R ? (R extends { forbids: readonly (infer F)[] } ? F : never) : never;
