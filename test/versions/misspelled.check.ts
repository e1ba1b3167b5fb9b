// Compiled by test/versions/types.test.ts with `tsc --noEmit`: each line
// marked @ts-expect-error must stay a type error (tsc fails on an unused
// directive), and the lines without it must compile. Versions, bases and
// filter names are the table's literal types, so a misspelled one, or one
// that a table edit removed, does not compile.
import { baseAtLeast, versionAtLeast } from "../../src/butane/registry.js";
import { atLeast } from "../../src/ignition/versions.js";
import type { BaseVersion, ButaneRow, FilterName, SpecVersion, Variant } from "../../src/versions/table.js";

export const spec: SpecVersion = "3.7.0-experimental";
// @ts-expect-error: not a spec of the table
export const noSpec: SpecVersion = "3.7";
export const base: BaseVersion = "v0_8_exp";
// @ts-expect-error: no such base in the table
export const noBase: BaseVersion = "v0_80";
export const variant: Variant = "fiot";
// @ts-expect-error: rhcos is refused, not a variant of the table
export const noVariant: Variant = "rhcos";
export const filter: FilterName = "clevis";
// @ts-expect-error: misspelled filter name
export const misspelled: FilterName = "clevs";

export const a = atLeast("3.6.0", "3.2.0");
// @ts-expect-error: a threshold must be a spec of the table
export const b = atLeast("3.6.0", "3.2");
export const c = baseAtLeast("v0_5", "v0_4");
// @ts-expect-error: a threshold must be a base of the table
export const d = baseAtLeast("v0_5", "v0_4_exp");
export const e = versionAtLeast("4.14.0", "4.13.0");
// @ts-expect-error: a threshold must be a Butane version of the table
export const f = versionAtLeast("4.14.0", "4.13");

export const row = { variant: "fcos", version: "1.9.0-experimental", base: "v0_8_exp", forbids: ["cex"] } satisfies ButaneRow;
// @ts-expect-error: a row's base must be a base of the table
export const badRow = { variant: "fcos", version: "1.9.0-experimental", base: "v9_9_exp" } satisfies ButaneRow;
