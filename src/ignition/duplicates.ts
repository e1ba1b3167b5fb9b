/**
 * Duplicate entries: within each struct, every list is keyed (units by name,
 * disks by device, files/directories/links together by path, kernel
 * arguments across both lists, plain strings by value) and a repeated key is
 * an error on the later entry. Lists that Ignition appends (file `append`,
 * filesystem and raid `options`) are exempt.
 */

import { MSG } from "../diagnostics/catalogue/ignition.js";
import type { PathElement } from "../diagnostics/diagnostic.js";
import type { Report } from "../diagnostics/report.js";
import { type GoInt, goIntIsZero, goIntToString } from "../gocompat/int.js";
import type { ConfigValue } from "./decode.js";
import type { FieldInfo, SpecSchema, StructInfo } from "./schema.js";

/** Ignition's Key() of a list element. */
export function entryKey(spec: SpecSchema, elem: FieldInfo, item: unknown): string {
  if (elem.kind !== "struct") return typeof item === "string" ? item : "";
  const info = spec.structs.get(elem.struct!)!;
  const v = (item ?? {}) as ConfigValue;
  if (info.key === "partition") {
    const n = (v.number ?? 0) as GoInt;
    if (!goIntIsZero(n)) return `number:${goIntToString(n)}`;
    return typeof v.label === "string" ? `label:${v.label}` : "";
  }
  const k = info.key ? v[info.key] : undefined;
  return typeof k === "string" ? k : "";
}

export function checkDuplicates(spec: SpecSchema, info: StructInfo, value: ConfigValue, path: PathElement[], report: Report): void {
  const seen = new Map<string, Set<string>>();
  for (const field of info.fields) {
    if (field.kind !== "slice" || info.ignoreDups.has(field.name)) continue;
    const items = value[field.name];
    if (!Array.isArray(items)) continue;
    const handle = info.mergedKeys.get(field.name) ?? field.name;
    let keys = seen.get(handle);
    if (!keys) {
      keys = new Set();
      seen.set(handle, keys);
    }
    items.forEach((item, i) => {
      const key = entryKey(spec, field.elem!, item);
      if (keys!.has(key)) report.error([...path, field.name, i], MSG.duplicate);
      keys!.add(key);
    });
  }
}
