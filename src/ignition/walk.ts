/**
 * Visits a config the way Ignition's reflection walk does: depth first, a
 * struct before its fields, fields in Go order, slices element by element.
 * Structs the config does not have are skipped: Go visits them zeroed, but no
 * check finds anything in a zero struct that has no JSON behind it (a JSON
 * null decodes to an empty struct and is visited).
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

export function walkConfig(spec: StructSource, config: ConfigValue, visitor: Visitor): void {
  walkStruct(spec, spec.root, config, [], visitor);
}

function walkStruct(spec: StructSource, info: StructInfo, value: ConfigValue, path: PathElement[], visitor: Visitor): void {
  visitor.struct?.(info, value, path);
  for (const field of info.fields) {
    const v = value[field.name];
    if (field.kind === "struct") {
      if (v === undefined || v === null) continue;
      walkStruct(spec, spec.structs.get(field.struct!)!, v as ConfigValue, [...path, field.name], visitor);
    } else if (field.kind === "slice" && Array.isArray(v)) {
      const elem = field.elem!;
      v.forEach((item, i) => {
        const itemPath = [...path, field.name, i];
        if (elem.kind === "struct") {
          walkStruct(spec, spec.structs.get(elem.struct!)!, (item ?? {}) as ConfigValue, itemPath, visitor);
        } else {
          visitor.scalar?.(elem.goType, item, itemPath);
        }
      });
    }
  }
}
