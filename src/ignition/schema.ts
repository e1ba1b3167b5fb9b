/**
 * The per-version JSON Schemas in schemas/ignition/ read as Go struct
 * descriptions: for each struct its fields in Go order with their Go types,
 * keys and duplicate rules. Everything that needs the shape of a config
 * (decoder, validators, duplicate and unused-key checks, merge, version
 * chain, emitters) asks this module.
 */
import { existsSync, readFileSync } from "node:fs";
import { schemaFile } from "../versions/table.js";
import type { CheckedJson } from "./decode.js";
import { SPEC_VERSIONS, type SpecVersion } from "./versions.js";

export type FieldKind = "string" | "int" | "bool" | "struct" | "slice" | "map";

export interface FieldInfo {
  /** JSON name. */
  name: string;
  kind: FieldKind;
  /** Go type as declared, e.g. `*string`, `[]File`, `HTTPHeaders`. */
  goType: string;
  pointer: boolean;
  omitempty: boolean;
  /** For structs: the definition name; for slices of structs: the element's. */
  struct?: string;
  /** For slices: the element. */
  elem?: FieldInfo;
  /** Closed value set the validators check (null stripped). */
  enum?: readonly string[];
}

export interface StructInfo {
  /** Definition name in the schema. */
  name: string;
  /** Go type name as encoding/json reports it ("" for an anonymous struct). */
  goName: string;
  fields: readonly FieldInfo[];
  byName: ReadonlyMap<string, FieldInfo>;
  /** JSON name of the key field, or "partition". */
  key?: string;
  ignoreDups: ReadonlySet<string>;
  mergedKeys: ReadonlyMap<string, string>;
}

/** One spec version's shape, read from its JSON Schema: every struct with its fields in Go's order, keys and kinds. */
export interface SpecSchema {
  version: SpecVersion;
  root: StructInfo;
  structs: ReadonlyMap<string, StructInfo>;
  /** The raw JSON Schema document. */
  document: Record<string, unknown>;
}

type Json = CheckedJson;

const cache = new Map<SpecVersion, SpecSchema>();

/**
 * The schemas ship next to the code: two levels up from this module when it
 * runs from dist/ignition/, src/ignition/ (tests) or the bundled command's
 * dist/cli-chunks/; one level up if a bundle is ever placed directly in dist/.
 */
const SCHEMA_DIRS = [new URL("../../schemas/ignition/", import.meta.url), new URL("../schemas/ignition/", import.meta.url)];
let schemaDir: URL | undefined;

export function schemaPath(version: SpecVersion): URL {
  schemaDir ??= SCHEMA_DIRS.find((d) => existsSync(new URL(schemaFile(SPEC_VERSIONS[0]), d))) ?? SCHEMA_DIRS[0];
  return new URL(schemaFile(version), schemaDir);
}

/** The shape of spec `version`, read from schemas/ignition/<version>.json once and cached. */
export function loadSpec(version: SpecVersion): SpecSchema {
  let spec = cache.get(version);
  if (!spec) {
    const document = JSON.parse(readFileSync(schemaPath(version), "utf8")) as Json;
    spec = buildSpec(version, document);
    cache.set(version, spec);
  }
  return spec;
}

export function buildSpec(version: SpecVersion, document: Json): SpecSchema {
  const defs = (document.$defs ?? {}) as Record<string, Json>;
  const structs = new Map<string, StructInfo>();
  for (const [name, def] of Object.entries(defs)) structs.set(name, buildStruct(name, def));
  const rootName = refName(document.$ref as string);
  const root = structs.get(rootName);
  if (!root) throw new Error(`schema ${version}: root ${rootName} is not defined`);
  return { version, root, structs, document };
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}

function buildStruct(name: string, def: Json): StructInfo {
  const fields: FieldInfo[] = [];
  for (const [field, schema] of Object.entries((def.properties ?? {}) as Record<string, Json>)) {
    fields.push(buildField(field, schema));
  }
  return {
    name,
    goName: (def["x-go-struct"] as string | undefined) ?? name,
    fields,
    byName: new Map(fields.map((f) => [f.name, f])),
    key: def["x-key"],
    ignoreDups: new Set((def["x-ignore-dups"] ?? []) as string[]),
    mergedKeys: new Map(Object.entries((def["x-merged-keys"] ?? {}) as Record<string, string>)),
  };
}

function buildField(name: string, schema: Json): FieldInfo {
  const goType = schema["x-go"] as string | undefined;
  if (!goType) throw new Error(`schema property ${name} has no x-go type`);
  const pointer = goType.startsWith("*");
  const types = ([] as string[]).concat(schema.type ?? []);
  const info: FieldInfo = {
    name,
    goType,
    pointer,
    omitempty: schema["x-omitempty"] !== false,
    kind: "string",
  };
  if (schema.$ref) {
    info.kind = "struct";
    info.struct = refName(schema.$ref);
  } else if (types.includes("array")) {
    info.kind = "slice";
    info.elem = buildField(name, schema.items);
    info.struct = info.elem.struct;
  } else if (types.includes("integer")) {
    info.kind = "int";
  } else if (types.includes("boolean")) {
    info.kind = "bool";
  }
  if (Array.isArray(schema.enum)) info.enum = (schema.enum as unknown[]).filter((v): v is string => typeof v === "string");
  return info;
}

/** Go's reflect.Type.String() for a field's type as encoding/json names it in errors. */
export function goTypeName(field: FieldInfo): string {
  const bare = field.goType.replace(/^\*/, "");
  if (bare.includes(".") || bare.includes(" ")) return bare;
  if (bare.startsWith("[]")) return `[]${qualify(bare.slice(2))}`;
  return qualify(bare);
}

const BUILTIN = new Set(["string", "int", "bool"]);
function qualify(t: string): string {
  return BUILTIN.has(t) ? t : `types.${t}`;
}

export function structOf(spec: SpecSchema, name: string): StructInfo {
  const s = spec.structs.get(name);
  if (!s) throw new Error(`schema ${spec.version} has no struct ${name}`);
  return s;
}
