/**
 * Turns parsed JSON into config values the way Go's encoding/json fills the
 * spec's structs: keys match fields exactly or else case-insensitively,
 * unknown keys are skipped, `null` leaves the zero value (or clears a pointer
 * or slice), a repeated key decodes again into what the first one set, and
 * integers must be int64 literals. A type mismatch does not stop decoding;
 * the first one is reported with Go's wording and offset:
 *   json: cannot unmarshal string into Go struct field PasswdUser.passwd.users.uid of type int
 */

import { equalFold } from "../gocompat/fold.js";
import { parseGoInt } from "../gocompat/int.js";
import type { JsonNode, JsonObject } from "../source/json.js";
import { type FieldInfo, goTypeName, type StructInfo } from "./schema.js";

export interface GoTypeError {
  message: string;
  /** Byte offset Go reports: past a scalar, or just past an opening bracket. */
  offset: number;
}

/** A decoded Ignition config or one of its objects: JSON values keyed by field name, as Ignition reads them. */
export type ConfigValue = Record<string, unknown>;

/**
 * A config that has already passed validation, read field by field
 * (`config.storage?.files`) by the code that renders or checks it: the
 * legacy targets, the agent's expectations and the schema reader. Its shape
 * was checked once, by the validator, so these readers do not narrow every
 * field again. The one `any` in the code base lives here.
 */
// biome-ignore lint/suspicious/noExplicitAny: a validated config read field by field; see above.
export type CheckedJson = Record<string, any>;

export interface DecodeResult {
  value: ConfigValue;
  error?: GoTypeError;
}

/** What a JSON value is decoded into: a struct field, a slice element, or the root. */
interface Target {
  kind: FieldInfo["kind"];
  pointer: boolean;
  struct?: string;
  elem?: Target;
  /** Go type name for error messages. */
  typeName: string;
}

interface State {
  structs: (name: string) => StructInfo;
  error?: GoTypeError;
  /** errorContext.Struct: the innermost struct whose field is being decoded. */
  structName?: string;
  /** errorContext.FieldStack: JSON names of the fields being decoded. */
  fields: string[];
}

/** Decodes `root` into the struct `rootStruct`; `rootType` names it in errors (e.g. `types.Config`). */
export function decodeStruct(
  root: JsonNode,
  rootStruct: StructInfo,
  structs: (name: string) => StructInfo,
  rootType: string,
): DecodeResult {
  const state: State = { structs, fields: [] };
  const target: Target = { kind: "struct", pointer: false, struct: rootStruct.name, typeName: rootType };
  const value = (decodeValue(root, target, undefined, state) ?? {}) as ConfigValue;
  return state.error ? { value, error: state.error } : { value };
}

function targetOf(field: FieldInfo): Target {
  return {
    kind: field.kind,
    pointer: field.pointer,
    struct: field.kind === "struct" ? field.struct : undefined,
    elem: field.elem ? targetOf(field.elem) : undefined,
    typeName: goTypeName(field),
  };
}

function typeError(state: State, value: string, target: Target, offset: number): void {
  if (state.error) return;
  const into =
    state.structName !== undefined || state.fields.length > 0
      ? `Go struct field ${state.structName ?? ""}.${state.fields.join(".")}`
      : "Go value";
  state.error = { message: `json: cannot unmarshal ${value} into ${into} of type ${target.typeName}`, offset };
}

function decodeValue(node: JsonNode, target: Target, existing: unknown, state: State): unknown {
  switch (node.kind) {
    case "null":
      if (target.pointer || target.kind === "slice") return undefined;
      // A value struct stays (zeroed) in Go; keep it present so its null is reported.
      return target.kind === "struct" ? (existing ?? {}) : existing;
    case "object":
      if (target.kind !== "struct") {
        typeError(state, "object", target, node.start);
        return existing;
      }
      return decodeObject(node, state.structs(target.struct!), (existing ?? {}) as ConfigValue, state);
    case "array": {
      if (target.kind !== "slice") {
        typeError(state, "array", target, node.start);
        return existing;
      }
      // Go reuses the elements already there (a repeated key decodes into them).
      const out = Array.isArray(existing) ? existing.slice(0, node.items.length) : [];
      node.items.forEach((item, i) => {
        out[i] = decodeValue(item, target.elem!, out[i], state);
      });
      return out;
    }
    case "string":
      if (target.kind === "string") return node.value;
      typeError(state, "string", target, node.end);
      return existing;
    case "bool":
      if (target.kind === "bool") return node.value;
      typeError(state, "bool", target, node.end);
      return existing;
    case "number": {
      if (target.kind !== "int") {
        typeError(state, "number", target, node.end);
        return existing;
      }
      const n = parseGoInt(node.raw);
      if (n === undefined) {
        typeError(state, `number ${node.raw}`, target, node.end);
        return existing;
      }
      return n;
    }
  }
}

function findField(info: StructInfo, key: string): FieldInfo | undefined {
  const exact = info.byName.get(key);
  if (exact) return exact;
  for (const f of info.fields) if (equalFold(f.name, key)) return f;
  return undefined;
}

function decodeObject(node: JsonObject, info: StructInfo, into: ConfigValue, state: State): ConfigValue {
  const out: ConfigValue = { ...into };
  for (const member of node.members) {
    const field = findField(info, member.key);
    if (!field) continue;
    const savedStruct = state.structName;
    state.fields.push(field.name);
    state.structName = info.goName;
    out[field.name] = decodeValue(member.value, targetOf(field), out[field.name], state);
    state.fields.pop();
    state.structName = savedStruct;
  }
  return out;
}
