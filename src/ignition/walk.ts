/**
 * Visits a config the way Ignition's reflection walk does: depth first, a
 * struct before its fields, fields in Go order, slices element by element.
 * Go also visits the struct fields a config leaves out, zeroed; no Ignition
 * check finds anything in those, so by default they are skipped (a JSON null
 * decodes to an empty struct and is visited), but Butane's checks need them
 * (an OpenShift config without `metadata` still lacks a name): pass
 * `zeroStructs` to visit every non-pointer struct field, as `{}` when absent.
 */
import type { PathElement } from "../diagnostics/diagnostic.js";
import type { ConfigValue } from "./decode.js";
import type { StructInfo } from "./schema.js";

/** Anything with a root struct and named structs: an Ignition spec or a Butane schema. */
export interface StructSource {
  root: StructInfo;
  structs: ReadonlyMap<string, StructInfo>;
}

export interface Visitor {
  struct?(info: StructInfo, value: ConfigValue, path: PathElement[]): void;
  /** Elements of named scalar slices, e.g. raid `devices` (Go type `Device`). */
  scalar?(goType: string, value: unknown, path: PathElement[]): void;
}

export interface WalkOptions {
  /** Visit absent non-pointer struct fields as empty structs, as Go's walk does. */
  zeroStructs?: boolean;
}

export function walkConfig(spec: StructSource, config: ConfigValue, visitor: Visitor, options: WalkOptions = {}): void {
  walkStruct(spec, spec.root, config, [], visitor, options);
}

function walkStruct(
  spec: StructSource,
  info: StructInfo,
  value: ConfigValue,
  path: PathElement[],
  visitor: Visitor,
  options: WalkOptions,
): void {
  visitor.struct?.(info, value, path);
  for (const field of nested(info)) {
    const v = value[field.name];
    if (field.kind === "struct") {
      const absent = v === undefined || v === null;
      if (absent && (!options.zeroStructs || field.pointer)) continue;
      walkStruct(spec, spec.structs.get(field.struct!)!, (absent ? {} : v) as ConfigValue, [...path, field.name], visitor, options);
    } else if (field.kind === "slice" && Array.isArray(v)) {
      const elem = field.elem!;
      v.forEach((item, i) => {
        const itemPath = [...path, field.name, i];
        if (elem.kind === "struct") {
          walkStruct(spec, spec.structs.get(elem.struct!)!, (item ?? {}) as ConfigValue, itemPath, visitor, options);
        } else {
          visitor.scalar?.(elem.goType, item, itemPath);
        }
      });
    }
  }
}

/** A struct's struct and slice fields, in Go order: the only ones the walk enters (scalars are the visitor's). */
const NESTED = new WeakMap<StructInfo, StructInfo["fields"]>();
function nested(info: StructInfo): StructInfo["fields"] {
  let fields = NESTED.get(info);
  if (fields === undefined) {
    fields = info.fields.filter((f) => f.kind === "struct" || f.kind === "slice");
    NESTED.set(info, fields);
  }
  return fields;
}
