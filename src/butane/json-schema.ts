/**
 * A Butane (variant, version) as a JSON Schema (draft 2020-12) for editors,
 * built from the same shapes the transpiler decodes with (schema.ts), so the
 * files in schemas/butane/ are generated (scripts/gen-butane-schemas.mjs),
 * never kept by hand. The schema accepts what the decoder accepts: any
 * scalar in a string field, YAML 1.1 spellings in a boolean field, null
 * anywhere; unknown keys are refused (Butane warns about them); the fields a
 * variant's filters forbid are absent at the paths they forbid them (for
 * OpenShift, those of the MachineConfig, which --raw does not apply).
 */
import { bootLayouts } from "./fcos-rules.js";
import { fieldDoc, isModeField, structDoc } from "./field-docs.js";
import { filtersFor } from "./filters.js";
import { KERNEL_TYPES, MACHINE_CONFIG_ROOT } from "./openshift.js";
import { BUTANE_SPECS, type ButaneSpec, ignitionVersionOf } from "./registry.js";
import { type ButaneField, type ButaneSchema, butaneSchema, snakeCase } from "./schema.js";

export type JsonSchema = { [keyword: string]: unknown };

export const BUTANE_SCHEMA_ID = "https://kindling.dev/schemas/butane/";

/** schemas/butane/<variant>-<version>.json */
export const butaneSchemaFile = (spec: ButaneSpec): string => `${spec.variant}-${spec.version}.json`;

/** The YAML 1.1 spellings yaml.v3 reads as booleans in a boolean field. */
const YAML11_BOOLS = ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off", "OFF"];
/** A string field takes any scalar's text (`gecos: 12345` is "12345"). */
const SCALAR = ["string", "number", "boolean", "null"];

interface Forbidden {
  /** Butane path, "*" for every item of a list. */
  path: string[];
  /** Only an empty value is allowed (the filter lets "" through). */
  emptyOnly: boolean;
}

/** The variant's filters (Ignition output paths) as Butane input paths. */
function forbiddenPaths(schema: ButaneSchema): Forbidden[] {
  const root = MACHINE_CONFIG_ROOT as readonly (string | number)[];
  return filtersFor(schema.spec).map((filter) => {
    const inConfig = root.every((e, i) => filter.path[i] === e) ? filter.path.slice(root.length) : filter.path;
    return { path: inConfig.map((e) => (e === "*" ? "*" : snakeCase(String(e)))), emptyOnly: filter.ignoreZero === true };
  });
}

const startsWith = (path: readonly string[], prefix: readonly string[]) => prefix.every((e, i) => path[i] === e);
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && startsWith(a, b);

/** Enumerations Butane itself checks, beyond Ignition's. */
function butaneEnum(schema: ButaneSchema, struct: string, field: string): readonly string[] | undefined {
  if (struct === "BootDevice" && field === "layout") return bootLayouts(schema.spec.fcos);
  if (struct === "OpenShift" && field === "kernel_type") return KERNEL_TYPES;
  return undefined;
}

class Builder {
  readonly defs: Record<string, JsonSchema> = {};
  private readonly forbidden: Forbidden[];

  constructor(private readonly schema: ButaneSchema) {
    this.forbidden = forbiddenPaths(schema);
  }

  /** The definition of `struct` as used at `at`: shared, unless a filter forbids something below `at`. */
  structRef(struct: string, at: string[]): string {
    const below = this.forbidden.filter((f) => f.path.length > at.length && startsWith(f.path, at));
    const name = below.length && at.length ? `${struct}_${at.filter((e) => e !== "*").join("_")}` : struct;
    if (!this.defs[name]) {
      this.defs[name] = {};
      this.defs[name] = this.structDef(struct, at, below);
    }
    return `#/$defs/${name}`;
  }

  private structDef(struct: string, at: string[], below: Forbidden[]): JsonSchema {
    const info = this.schema.structs.get(struct);
    if (!info) throw new Error(`no struct ${struct} in ${butaneSchemaFile(this.schema.spec)}`);
    const properties: Record<string, JsonSchema> = {};
    for (const f of info.fields) {
      const path = [...at, f.name];
      const rule = below.find((b) => same(b.path, path));
      if (rule && !rule.emptyOnly) continue;
      const description = fieldDoc(this.schema, struct, f);
      if (description === undefined) throw new Error(`no description for ${struct}.${f.name}`);
      properties[f.name] = rule
        ? { description: `${description} Not supported by this version: leave it empty.`, enum: ["", null] }
        : { description, ...this.fieldSchema(struct, f, path) };
    }
    const def: JsonSchema = {};
    const doc = structDoc(this.schema, struct);
    if (doc) def.description = doc;
    return { ...def, type: ["object", "null"], additionalProperties: false, properties };
  }

  private fieldSchema(struct: string, f: ButaneField, path: string[]): JsonSchema {
    switch (f.kind) {
      case "struct":
        return { $ref: this.structRef(f.struct!, path) };
      case "slice":
        return {
          type: ["array", "null"],
          items:
            f.elem!.kind === "struct" ? { $ref: this.structRef(f.struct!, [...path, "*"]) } : this.scalar(struct, f.elem as ButaneField),
        };
      case "map":
        return { type: ["object", "null"], additionalProperties: { type: SCALAR } };
      default:
        return this.scalar(struct, f);
    }
  }

  private scalar(struct: string, f: ButaneField): JsonSchema {
    if (f.kind === "int") return isModeField(struct, f.name) ? { type: ["integer", "null"], minimum: 0 } : { type: ["integer", "null"] };
    if (f.kind === "bool") return { anyOf: [{ type: ["boolean", "null"] }, { enum: YAML11_BOOLS }] };
    const values = f.enum ?? butaneEnum(this.schema, struct, f.name);
    if (values) return { enum: [...values, null] };
    return { type: SCALAR };
  }
}

/** The JSON Schema of one Butane (variant, version). */
export function butaneJsonSchema(spec: ButaneSpec): JsonSchema {
  const schema = butaneSchema(spec);
  const builder = new Builder(schema);
  const rootName = schema.root.name;
  builder.structRef(rootName, []);
  const root = builder.defs[rootName]!;
  const props = root.properties as Record<string, JsonSchema>;
  props.variant = { ...props.variant, const: spec.variant };
  props.version = { ...props.version, const: spec.version };
  builder.defs[rootName] = { ...root, type: "object", required: ["variant", "version"] };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `${BUTANE_SCHEMA_ID}${butaneSchemaFile(spec)}`,
    title: `Butane config, variant ${spec.variant} version ${spec.version}`,
    description: `A Butane config for ${spec.variant} ${spec.version}, translated to Ignition spec ${ignitionVersionOf(spec)}.`,
    $comment: "Generated by scripts/gen-butane-schemas.mjs from kindling's Butane schema tables (src/butane/); do not edit.",
    $ref: `#/$defs/${rootName}`,
    $defs: builder.defs,
  };
}

/** Every file of schemas/butane/ as the generator writes it: name and text (2-space JSON, final newline). */
export function butaneSchemaFiles(): { file: string; text: string }[] {
  return BUTANE_SPECS.map((spec) => ({ file: butaneSchemaFile(spec), text: `${JSON.stringify(butaneJsonSchema(spec), null, 2)}\n` }));
}
