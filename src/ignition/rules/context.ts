/** What every validation rule receives. */
import type { PathElement } from "../../diagnostics/diagnostic.js";
import type { Report } from "../../diagnostics/report.js";
import type { ConfigValue } from "../decode.js";
import type { SpecSchema } from "../schema.js";
import { atLeast, type SpecVersion } from "../versions.js";

export interface RuleContext {
  version: SpecVersion;
  spec: SpecSchema;
  report: Report;
}

export type Path = readonly PathElement[];

/** A check on one struct of the config, given its path (Ignition's `Validate(path)`). */
export type StructRule = (value: ConfigValue, path: Path, ctx: RuleContext) => void;

/** A check on one element of a named scalar slice (raid `Device`). */
export type ScalarRule = (value: unknown, path: Path, ctx: RuleContext) => void;

export const since = (ctx: RuleContext, v: SpecVersion): boolean => atLeast(ctx.version, v);

/** Go's util.NilOrEmpty for *string (and "" for plain strings). */
export const nilOrEmpty = (s: unknown): boolean => s === undefined || s === null || s === "";
export const notEmpty = (s: unknown): s is string => typeof s === "string" && s !== "";
export const isTrue = (b: unknown): boolean => b === true;
export const isFalse = (b: unknown): boolean => b === false;

/** Reads a field as Go sees it: absent strings are "", absent slices empty. */
export const str = (v: ConfigValue, k: string): string => (typeof v[k] === "string" ? (v[k] as string) : "");
export const list = <T = unknown>(v: ConfigValue, k: string): T[] => (Array.isArray(v[k]) ? (v[k] as T[]) : []);
export const obj = (v: ConfigValue, k: string): ConfigValue => (v[k] && typeof v[k] === "object" ? (v[k] as ConfigValue) : {});

/** Go's len() of a string: its UTF-8 byte length. */
export const byteLength = (s: string): number => Buffer.byteLength(s, "utf8");
