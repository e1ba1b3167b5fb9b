/**
 * Ignition's config merge (a parent config with a child config of the same
 * spec version, child over parent), driven by the spec's schema:
 *   - structs merge field by field;
 *   - plain values (path, name, device, number) take the child's value;
 *   - optional values (pointers in Go) take the child's value when it has one;
 *   - lists that Ignition appends (file `append`, filesystem, raid and LUKS
 *     `options`) are concatenated, parent first;
 *   - keyed lists keep the parent's order, merging the child's entry with the
 *     same key into the parent's in place, then append the child's new keys;
 *   - lists sharing one key space (files, directories, links): a parent entry
 *     whose key the child uses in a different list is dropped;
 *   - a child HTTP header without a value removes the parent's header.
 */
import type { ConfigValue } from "./decode.js";
import { entryKey } from "./duplicates.js";
import type { FieldInfo, SpecSchema, StructInfo } from "./schema.js";

export function mergeConfigs(spec: SpecSchema, parent: ConfigValue, child: ConfigValue): ConfigValue {
  return mergeStruct(spec, spec.root, parent, child);
}

/** Go's reflect.Value.IsZero for a struct as we represent it. */
function isZero(spec: SpecSchema, field: FieldInfo, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  switch (field.kind) {
    case "slice":
      return false; // a non-nil slice, even empty, is not zero
    case "struct": {
      if (field.pointer) return false;
      const info = spec.structs.get(field.struct!)!;
      return info.fields.every((f) => isZero(spec, f, (v as ConfigValue)[f.name]));
    }
    default:
      return !field.pointer && (v === "" || v === 0 || v === 0n || v === false);
  }
}

interface ChildEntry {
  value: unknown;
  list: string;
}

function mergeStruct(spec: SpecSchema, info: StructInfo, parent: ConfigValue, child: ConfigValue): ConfigValue {
  const result: ConfigValue = {};
  const childEntries = indexChildLists(spec, info, child);
  for (const field of info.fields) {
    const p = parent[field.name];
    const c = child[field.name];
    let merged: unknown;
    if (field.kind === "struct") {
      const sub = spec.structs.get(field.struct!)!;
      if (field.pointer) {
        merged = p != null && c != null ? mergeStruct(spec, sub, p as ConfigValue, c as ConfigValue) : (c ?? p);
      } else if (isZero(spec, field, c)) {
        merged = p;
      } else if (isZero(spec, field, p)) {
        merged = c;
      } else {
        merged = mergeStruct(spec, sub, p as ConfigValue, c as ConfigValue);
      }
    } else if (field.kind === "slice") {
      merged = info.ignoreDups.has(field.name)
        ? appendLists(p, c)
        : mergeKeyedList(spec, info, field, (p as unknown[]) ?? [], (c as unknown[]) ?? [], childEntries);
    } else if (field.pointer) {
      merged = c ?? p;
    } else {
      merged = c;
    }
    if (merged !== undefined) result[field.name] = merged;
  }
  return result;
}

function appendLists(p: unknown, c: unknown): unknown[] | undefined {
  const all = [...((p as unknown[]) ?? []), ...((c as unknown[]) ?? [])];
  return all.length ? all : undefined;
}

const handleOf = (info: StructInfo, field: string) => info.mergedKeys.get(field) ?? field;

function indexChildLists(spec: SpecSchema, info: StructInfo, child: ConfigValue): Map<string, ChildEntry> {
  const entries = new Map<string, ChildEntry>();
  for (const field of info.fields) {
    if (field.kind !== "slice" || info.ignoreDups.has(field.name)) continue;
    const items = child[field.name];
    if (!Array.isArray(items)) continue;
    const handle = handleOf(info, field.name);
    for (const item of items) {
      entries.set(`${handle}\u0000${entryKey(spec, field.elem!, item)}`, { value: item, list: field.name });
    }
  }
  return entries;
}

function mergeKeyedList(
  spec: SpecSchema,
  info: StructInfo,
  field: FieldInfo,
  parent: unknown[],
  child: unknown[],
  childEntries: Map<string, ChildEntry>,
): unknown[] | undefined {
  if (parent.length + child.length === 0) return undefined;
  const elem = field.elem!;
  const handle = handleOf(info, field.name);
  const out: unknown[] = [];
  const parentKeys = new Set(parent.map((item) => entryKey(spec, elem, item)));
  for (const item of parent) {
    const match = childEntries.get(`${handle}\u0000${entryKey(spec, elem, item)}`);
    if (!match) {
      out.push(item);
    } else if (match.list === field.name) {
      if (elem.kind !== "struct") {
        out.push(match.value);
      } else if (field.name === "httpHeaders" && ((match.value ?? {}) as ConfigValue).value == null) {
        // a child header without a value deletes the parent's header
      } else {
        const sub = spec.structs.get(elem.struct!)!;
        out.push(mergeStruct(spec, sub, (item ?? {}) as ConfigValue, (match.value ?? {}) as ConfigValue));
      }
    }
    // else: the child has this key in another list sharing the key space; it wins there.
  }
  for (const item of child) if (!parentKeys.has(entryKey(spec, elem, item))) out.push(item);
  return out;
}
