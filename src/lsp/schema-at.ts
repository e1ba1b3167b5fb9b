/**
 * The Butane spec a document is written for, read from its top-level
 * `variant:` and `version:` lines (so it works before the document parses),
 * and the struct or field a YAML path reaches in that spec's shapes.
 */
import { type ButaneSpec, findSpec } from "../butane/registry.js";
import { type ButaneField, type ButaneSchema, type ButaneStruct, butaneSchema } from "../butane/schema.js";
import type { PathItem } from "./yaml-context.js";

function topLevel(lines: readonly string[], key: string): string | undefined {
  for (const line of lines) {
    const m = new RegExp(`^${key}\\s*:\\s*(.*?)\\s*(#.*)?$`).exec(line);
    if (m) return m[1]!.replace(/^(["'])(.*)\1$/, "$2");
  }
  return undefined;
}

/** The spec of the document's variant and version, when the transpiler knows them. */
export function documentSchema(lines: readonly string[]): ButaneSchema | undefined {
  const variant = topLevel(lines, "variant");
  const version = topLevel(lines, "version");
  const spec: ButaneSpec | undefined = variant && version ? findSpec(variant, version) : undefined;
  return spec ? butaneSchema(spec) : undefined;
}

/** The struct a path of keys and list items reaches, or undefined. */
export function structAt(schema: ButaneSchema, path: readonly PathItem[]): ButaneStruct | undefined {
  let struct: ButaneStruct | undefined = schema.root;
  for (let i = 0; i < path.length && struct; i++) {
    const el = path[i]!;
    if (typeof el === "number") return undefined;
    const field: ButaneField | undefined = struct.byName.get(el);
    if (!field?.struct) return undefined;
    if (field.kind === "slice") {
      if (typeof path[i + 1] !== "number") return undefined;
      i++;
    }
    struct = schema.structs.get(field.struct);
  }
  return struct;
}

/** What a field holds, in a few words: `string`, `integer`, `list of File` … */
export function fieldType(field: ButaneField): string {
  switch (field.kind) {
    case "slice":
      return field.struct ? `list of ${field.struct}` : "list of strings";
    case "struct":
      return field.struct ?? "object";
    case "map":
      return "map of strings";
    case "int":
      return "integer";
    case "bool":
      return "boolean";
    default:
      return "string";
  }
}
