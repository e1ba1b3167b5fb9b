/** Disks and their partition tables. */

import { MSG } from "../../diagnostics/catalogue/ignition.js";
import { type GoInt, goIntAdd, goIntCompare, goIntIsZero, goIntSub, goIntToString } from "../../gocompat/int.js";
import type { ConfigValue } from "../decode.js";
import { byteLength, isFalse, list, notEmpty, type Path, type RuleContext, str } from "./context.js";
import { validatePath } from "./paths.js";

const GUID = /^(|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$/;

const num = (p: ConfigValue): GoInt => (p.number ?? 0) as GoInt;
const has = (v: unknown): v is GoInt => v !== undefined && v !== null;

/** Index of the second partition that shares a number with an earlier one (Go reports one collision). */
function numbersCollide(parts: ConfigValue[]): number | undefined {
  const seen = new Map<string, number[]>();
  parts.forEach((p, i) => {
    if (goIntIsZero(num(p))) return;
    const k = goIntToString(num(p));
    seen.set(k, [...(seen.get(k) ?? []), i]);
  });
  for (const idx of seen.values()) if (idx.length > 1) return idx[1];
  return undefined;
}

function labelsCollide(parts: ConfigValue[]): number | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < parts.length; i++) {
    const label = parts[i].label;
    if (typeof label !== "string") continue;
    if (seen.has(label)) return i;
    seen.add(label);
  }
  return undefined;
}

/** Last MiB of an explicitly placed partition; size 0 means "fill", so it ends where it starts. */
function end(p: ConfigValue): GoInt {
  const start = p.startMiB as GoInt;
  const size = p.sizeMiB as GoInt;
  return goIntIsZero(size) ? start : goIntSub(goIntAdd(start, size), 1);
}

/** Partitions starting at 0 are placed by sgdisk and cannot be checked. Returns the index Go reports. */
function overlap(parts: ConfigValue[]): number | undefined {
  const placed = (p: ConfigValue) => has(p.startMiB) && has(p.sizeMiB) && !goIntIsZero(p.startMiB as GoInt);
  for (const p of parts) {
    if (!placed(p)) continue;
    const ps = p.startMiB as GoInt;
    const pe = end(p);
    for (let i = 0; i < parts.length; i++) {
      const o = parts[i];
      if (o === p || !placed(o)) continue;
      const os = o.startMiB as GoInt;
      const oe = end(o);
      const within = (x: GoInt) => goIntCompare(x, os) >= 0 && goIntCompare(x, oe) <= 0;
      if (within(ps) || within(pe) || (goIntCompare(ps, os) < 0 && goIntCompare(pe, oe) > 0)) return i;
    }
  }
  return undefined;
}

export function disk(value: ConfigValue, path: Path, ctx: RuleContext): void {
  const device = str(value, "device");
  if (device === "") return ctx.report.error([...path, "device"], MSG.diskDeviceRequired);
  ctx.report.error([...path, "device"], validatePath(device));
  const parts = list<ConfigValue>(value, "partitions").map((p) => p ?? {});
  const collide = numbersCollide(parts);
  if (collide !== undefined) ctx.report.error([...path, "partitions", collide], MSG.partitionNumbersCollide);
  const overlapping = overlap(parts);
  if (overlapping !== undefined) ctx.report.error([...path, "partitions", overlapping], MSG.partitionsOverlap);
  if (parts.some((p) => goIntIsZero(num(p))) && parts.some((p) => isFalse(p.shouldExist))) {
    ctx.report.error([...path, "partitions"], MSG.zeroesWithShouldNotExist);
  }
  const dupLabel = labelsCollide(parts);
  if (dupLabel !== undefined) ctx.report.error([...path, "partitions", dupLabel], MSG.duplicateLabels);
}

export function partition(value: ConfigValue, path: Path, ctx: RuleContext): void {
  const label = value.label;
  const hasLabel = typeof label === "string";
  if (
    isFalse(value.shouldExist) &&
    (hasLabel || notEmpty(value.typeGuid) || notEmpty(value.guid) || has(value.startMiB) || has(value.sizeMiB))
  ) {
    ctx.report.error(path, MSG.shouldNotExistWithOthers);
  }
  if (goIntIsZero(num(value)) && !hasLabel) ctx.report.error(path, MSG.needLabelOrNumber);
  if (hasLabel) {
    if (byteLength(label) > 36) ctx.report.error([...path, "label"], MSG.partitionLabelTooLong);
    else if (label.includes(":")) ctx.report.error([...path, "label"], MSG.partitionLabelColon);
  }
  for (const field of ["guid", "typeGuid"]) {
    const g = value[field];
    if (typeof g === "string" && !GUID.test(g)) ctx.report.error([...path, field], MSG.guid);
  }
}
