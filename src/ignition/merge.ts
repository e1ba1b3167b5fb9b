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
import type { PathElement } from "../diagnostics/diagnostic.js";
import type { ConfigValue } from "./decode.js";
import { entryKey } from "./duplicates.js";
import type { FieldInfo, SpecSchema, StructInfo } from "./schema.js";

/** One placement made by a merge: the value at `from` in the parent or child now sits at `to`. */
export interface Mapping {
  side: "parent" | "child";
  from: PathElement[];
  to: PathElement[];
}

/** Records where every value of the result came from (Ignition's merge transcript). */
export class Transcript {
  readonly mappings: Mapping[] = [];
  one(side: Mapping["side"], from: PathElement[], to: PathElement[]): void {
    this.mappings.push({ side, from, to });
  }
  /**
   * A whole subtree taken from one side: every populated value in it, then the
   * subtree itself. As in Go, a plain (non-pointer) value left at its zero
   * ("", 0, false) is not populated, so its translation does not survive.
   */
  subtree(spec: SpecSchema, field: FieldInfo, side: Mapping["side"], from: PathElement[], to: PathElement[], value: unknown): void {
    if (value === undefined || value === null) return;
    if (field.kind === "struct") {
      for (const f of spec.structs.get(field.struct!)!.fields) {
        this.subtree(spec, f, side, [...from, f.name], [...to, f.name], (value as ConfigValue)[f.name]);
      }
    } else if (field.kind === "slice") {
      (value as unknown[]).forEach((v, i) => {
        this.subtree(spec, field.elem!, side, [...from, i], [...to, i], v);
      });
    } else if (!field.pointer && (value === "" || value === 0 || value === 0n || value === false)) {
      return;
    }
    this.one(side, from, to);
  }
}

interface Paths {
  parent: PathElement[];
  child: PathElement[];
  result: PathElement[];
}

/**
 * Merges `child` over `parent` by Ignition's merge rules: keyed lists merged
 * in place, appended lists concatenated, files, directories and links sharing
 * one key space. A `transcript` records where each output field came from.
 */
export function mergeConfigs(spec: SpecSchema, parent: ConfigValue, child: ConfigValue, transcript?: Transcript): ConfigValue {
  return mergeStruct(spec, spec.root, parent, child, { parent: [], child: [], result: [] }, transcript);
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
  index: number;
}

const down = (p: Paths, name: PathElement, resultName: PathElement = name): Paths => ({
  parent: [...p.parent, name],
  child: [...p.child, name],
  result: [...p.result, resultName],
});

function mergeStruct(
  spec: SpecSchema,
  info: StructInfo,
  parent: ConfigValue,
  child: ConfigValue,
  paths: Paths,
  t?: Transcript,
): ConfigValue {
  const result: ConfigValue = {};
  const childEntries = indexChildLists(spec, info, child);
  for (const field of info.fields) {
    const p = parent[field.name];
    const c = child[field.name];
    const fp = down(paths, field.name);
    const take = (side: Mapping["side"], v: unknown) => {
      t?.subtree(spec, field, side, side === "parent" ? fp.parent : fp.child, fp.result, v);
      return v;
    };
    let merged: unknown;
    if (field.kind === "struct") {
      const sub = spec.structs.get(field.struct!)!;
      const both = () => {
        const r = mergeStruct(spec, sub, p as ConfigValue, c as ConfigValue, fp, t);
        t?.one("parent", fp.parent, fp.result);
        t?.one("child", fp.child, fp.result);
        return r;
      };
      if (field.pointer) merged = p != null && c != null ? both() : c != null ? take("child", c) : take("parent", p);
      else if (isZero(spec, field, c)) merged = take("parent", p);
      else if (isZero(spec, field, p)) merged = take("child", c);
      else merged = both();
    } else if (field.kind === "slice") {
      merged = info.ignoreDups.has(field.name)
        ? appendLists(spec, field, p, c, fp, t)
        : mergeKeyedList(spec, info, field, (p as unknown[]) ?? [], (c as unknown[]) ?? [], childEntries, fp, t);
    } else if (field.pointer) {
      merged = c != null ? take("child", c) : take("parent", p);
    } else {
      merged = take("child", c);
    }
    if (merged !== undefined) result[field.name] = merged;
  }
  return result;
}

function appendLists(spec: SpecSchema, field: FieldInfo, p: unknown, c: unknown, paths: Paths, t?: Transcript): unknown[] | undefined {
  const ps = (p as unknown[]) ?? [];
  const cs = (c as unknown[]) ?? [];
  ps.forEach((v, i) => {
    t?.subtree(spec, field.elem!, "parent", [...paths.parent, i], [...paths.result, i], v);
  });
  cs.forEach((v, i) => {
    t?.subtree(spec, field.elem!, "child", [...paths.child, i], [...paths.result, ps.length + i], v);
  });
  if (ps.length) t?.one("parent", paths.parent, paths.result);
  if (cs.length) t?.one("child", paths.child, paths.result);
  const all = [...ps, ...cs];
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
    items.forEach((item, index) => {
      entries.set(`${handle}\u0000${entryKey(spec, field.elem!, item)}`, { value: item, list: field.name, index });
    });
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
  paths: Paths,
  t?: Transcript,
): unknown[] | undefined {
  if (parent.length + child.length === 0) return undefined;
  const elem = field.elem!;
  const handle = handleOf(info, field.name);
  const out: unknown[] = [];
  let fromParent = false;
  let fromChild = false;
  const parentKeys = new Set(parent.map((item) => entryKey(spec, elem, item)));
  parent.forEach((item, i) => {
    const match = childEntries.get(`${handle}\u0000${entryKey(spec, elem, item)}`);
    const resultPath = [...paths.result, out.length];
    if (!match) {
      t?.subtree(spec, elem, "parent", [...paths.parent, i], resultPath, item);
      out.push(item);
      fromParent = true;
      return;
    }
    if (match.list !== field.name) return; // the child has this key in another list sharing the key space; it wins there
    fromParent = fromChild = true;
    const childPath = [...paths.child, match.index];
    if (elem.kind !== "struct") {
      t?.subtree(spec, elem, "child", childPath, resultPath, match.value);
      out.push(match.value);
    } else if (field.name === "httpHeaders" && ((match.value ?? {}) as ConfigValue).value == null) {
      // a child header without a value deletes the parent's header
    } else {
      const sub = spec.structs.get(elem.struct!)!;
      const itemPaths = { parent: [...paths.parent, i], child: childPath, result: resultPath };
      out.push(mergeStruct(spec, sub, (item ?? {}) as ConfigValue, (match.value ?? {}) as ConfigValue, itemPaths, t));
      t?.one("parent", itemPaths.parent, resultPath);
      t?.one("child", childPath, resultPath);
    }
  });
  child.forEach((item, i) => {
    if (parentKeys.has(entryKey(spec, elem, item))) return;
    t?.subtree(spec, elem, "child", [...paths.child, i], [...paths.result, out.length], item);
    out.push(item);
    fromChild = true;
  });
  if (fromParent) t?.one("parent", paths.parent, paths.result);
  if (fromChild) t?.one("child", paths.child, paths.result);
  return out;
}
