/**
 * Moving a config between spec versions. Up is always possible: every spec
 * keeps what the previous one had, so only `ignition.version` changes. Down
 * is possible when the config uses nothing the target lacks: every field that
 * is set must exist in the target's schema (otherwise an error at that path
 * naming the spec that added it), and the result must pass the target's
 * rules (URL schemes, hash functions, filesystem formats, clevis pins and
 * mode bits differ by version).
 */

import { MSG } from "../diagnostics/catalogue/ignition.js";
import type { Diagnostic, PathElement } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/message.js";
import type { ConfigValue } from "./decode.js";
import { type FieldInfo, loadSpec, type SpecSchema, type StructInfo } from "./schema.js";
import { checkConfig } from "./validate.js";
import { SPEC_VERSIONS, type SpecVersion, specIndex } from "./versions.js";

/** The config at the target spec version, or the diagnostics that say why it cannot move there. */
export interface ConvertResult {
  config?: ConfigValue;
  diagnostics: Diagnostic[];
}

/**
 * Moves a config along the spec version chain, as Ignition translates: up
 * always; down only when nothing the older spec lacks is used, otherwise an
 * error at each path that needs a newer spec or that the older rules refuse.
 */
export function convertConfig(config: ConfigValue, from: SpecVersion, to: SpecVersion): ConvertResult {
  const source = loadSpec(from);
  const target = loadSpec(to);
  const diagnostics: Diagnostic[] = [];
  const converted = copyStruct(source, source.root, target, target.root, config, [], diagnostics);
  if (diagnostics.length) return { diagnostics };
  converted.ignition = { ...((converted.ignition ?? {}) as ConfigValue), version: to };
  if (specIndex(to) < specIndex(from)) {
    for (const d of checkConfig(target, converted)) {
      const { code, hint } = MSG.invalidInTarget(d.message, from, to);
      diagnostics.push({ ...d, code, hint });
    }
    if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  }
  return { config: converted, diagnostics };
}

/** Whether Go would leave the field out of the JSON (omitempty, all-empty structs dropped). */
function isEmpty(spec: SpecSchema, field: FieldInfo, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (field.kind === "slice") return (v as unknown[]).length === 0;
  if (field.kind === "struct") {
    const info = spec.structs.get(field.struct!)!;
    return info.fields.every((f) => isEmpty(spec, f, (v as ConfigValue)[f.name]));
  }
  return !field.pointer && (v === "" || v === 0 || v === 0n || v === false);
}

/** The first spec after `after` whose struct `structName` has the field `name`. */
function addedIn(after: SpecVersion, structName: string, name: string): SpecVersion | undefined {
  for (const v of SPEC_VERSIONS.slice(specIndex(after) + 1)) {
    if (loadSpec(v).structs.get(structName)?.byName.has(name)) return v;
  }
  return undefined;
}

function copyStruct(
  source: SpecSchema,
  from: StructInfo,
  target: SpecSchema,
  to: StructInfo,
  value: ConfigValue,
  path: PathElement[],
  diagnostics: Diagnostic[],
): ConfigValue {
  const out: ConfigValue = {};
  for (const field of from.fields) {
    const v = value[field.name];
    if (isEmpty(source, field, v)) {
      if (v !== undefined && to.byName.has(field.name)) out[field.name] = v;
      continue;
    }
    const tf = to.byName.get(field.name);
    if (!tf) {
      const added = addedIn(target.version, to.name, field.name);
      diagnostics.push(diagnostic("error", MSG.unsupportedField(field.name, target.version, added), [...path, field.name]));
      continue;
    }
    out[field.name] = copyValue(source, field, target, tf, v, [...path, field.name], diagnostics);
  }
  return out;
}

function copyValue(
  source: SpecSchema,
  field: FieldInfo,
  target: SpecSchema,
  tf: FieldInfo,
  v: unknown,
  path: PathElement[],
  diagnostics: Diagnostic[],
): unknown {
  if (field.kind === "struct" && tf.kind === "struct") {
    const s = source.structs.get(field.struct!)!;
    const t = target.structs.get(tf.struct!)!;
    return copyStruct(source, s, target, t, v as ConfigValue, path, diagnostics);
  }
  if (field.kind === "slice" && tf.kind === "slice") {
    return (v as unknown[]).map((item, i) => copyValue(source, field.elem!, target, tf.elem!, item, [...path, i], diagnostics));
  }
  return v;
}
