/**
 * YAML nodes to Butane config values the way Butane's YAML library
 * (gopkg.in/yaml.v3) fills its structs:
 *   - keys match field names exactly; unknown keys are skipped (and warned
 *     about later); a repeated key is an error;
 *   - a string field takes any scalar's text (`gecos: 12345` is "12345");
 *   - an int field takes YAML ints in any base Go's ParseInt(s, 0) reads
 *     (`0644`, `0o644`, `0x1ED`, `0b…`, `_` separators) and integral floats,
 *     but not a quoted string (`"0644"` is an error);
 *   - a bool field also takes YAML 1.1 spellings (`yes`, `on`, `off` …);
 *   - `~`, `null` and an empty value leave the field unset;
 *   - aliases decode as their anchor, `<<` merges mappings under explicit keys.
 * Type errors are collected, with yaml.v3's wording, and are fatal.
 */
import { type GoInt, goIntCompare, INT64_MAX } from "../gocompat/int.js";
import { resolvePlain } from "../gocompat/yaml-v3/resolve.js";
import type { ConfigValue } from "../ignition/decode.js";
import type { YamlMap, YamlNode } from "../source/yaml.js";
import type { ButaneField, ButaneSchema, ButaneStruct } from "./schema.js";

export interface YamlDecodeResult {
  value: ConfigValue;
  /** yaml.v3 "unmarshal errors", each `line N: …`. */
  errors: string[];
}

const TAG = "tag:yaml.org,2002:";
/** Go's zero values of the scalar kinds. */
const ZERO: Record<string, unknown> = { string: "", int: 0, bool: false };
const TRUE_11 = new Set(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"]);
const FALSE_11 = new Set(["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"]);

/** Resolves an alias to the node it names. */
export function deref(node: YamlNode): Exclude<YamlNode, { kind: "alias" }> {
  let n = node;
  while (n.kind === "alias") n = n.target;
  return n;
}

/** The tag yaml.v3 gives a node: explicit, or resolved from a plain scalar's text. */
export function resolvedTag(node: YamlNode): string {
  const n = deref(node);
  if (n.tag) return n.tag.startsWith(TAG) ? `!!${n.tag.slice(TAG.length)}` : n.tag;
  if (n.kind === "map") return "!!map";
  if (n.kind === "seq") return "!!seq";
  if (n.style !== "plain") return "!!str";
  return resolvePlain(n.value).tag;
}

/**
 * yaml.v3's integers that an int field (int64) holds, or undefined: the text
 * as the resolver reads it, so 2^63 … 2^64-1 (ParseUint's) are ints too,
 * which no int field can hold ("cannot unmarshal !!int `…` into int").
 */
export function parseYamlInt(text: string): GoInt | undefined {
  const r = resolvePlain(text);
  return r.tag === "!!int" && goIntCompare(r.value, INT64_MAX) <= 0 ? r.value : undefined;
}

function isNull(node: YamlNode): boolean {
  return resolvedTag(node) === "!!null";
}

function shortValue(node: YamlNode): string {
  const n = deref(node);
  return n.kind === "scalar" ? ` \`${n.value}\`` : "";
}

class Decoder {
  readonly errors: string[] = [];
  constructor(private readonly schema: ButaneSchema) {}

  private fail(node: YamlNode, into: string): void {
    const n = deref(node);
    this.errors.push(`line ${n.line}: cannot unmarshal ${resolvedTag(n)}${shortValue(n)} into ${into}`);
  }

  struct(node: YamlNode, info: ButaneStruct, into: ConfigValue | undefined): ConfigValue | undefined {
    const n = deref(node);
    if (isNull(n)) return into ?? {};
    if (n.kind !== "map") {
      this.fail(n, `${this.schema.spec.base}.${info.name}`);
      return into;
    }
    const out: ConfigValue = { ...(into ?? {}) };
    const explicit = new Set<string>();
    const seen = new Map<string, number>();
    let merge: YamlNode | undefined;
    for (const { key, value } of n.pairs) {
      const k = deref(key);
      const name = k.kind === "scalar" ? k.value : "";
      if (k.kind === "scalar") {
        const first = seen.get(name);
        if (first !== undefined) {
          this.errors.push(`line ${k.line}: mapping key ${JSON.stringify(name)} already defined at line ${first}`);
          continue;
        }
        seen.set(name, k.line);
      }
      if (name === "<<" && k.kind === "scalar" && k.style === "plain") {
        merge = value;
        continue;
      }
      const f = info.byName.get(name);
      if (!f) continue;
      explicit.add(f.name);
      out[f.name] = this.value(value, f, out[f.name]);
    }
    if (merge) this.merge(merge, info, out, explicit);
    return out;
  }

  /** `<<: *defaults` (or a list of them): merged fields fill only what the mapping did not set. */
  private merge(node: YamlNode, info: ButaneStruct, out: ConfigValue, explicit: Set<string>): void {
    const n = deref(node);
    const sources = n.kind === "seq" ? n.items.map(deref) : [n];
    for (const src of sources) {
      if (src.kind !== "map") {
        this.errors.push(`line ${src.line}: map merge requires map or sequence of maps as the value`);
        continue;
      }
      const merged = this.struct(src, info, {}) ?? {};
      for (const f of info.fields) {
        if (!explicit.has(f.name) && merged[f.name] !== undefined && out[f.name] === undefined) out[f.name] = merged[f.name];
      }
    }
  }

  value(node: YamlNode, f: ButaneField, existing: unknown): unknown {
    const n = deref(node);
    switch (f.kind) {
      case "struct":
        return this.struct(n, this.schema.structs.get(f.struct!)!, existing as ConfigValue | undefined);
      case "slice": {
        if (isNull(n)) return undefined;
        if (n.kind !== "seq") {
          this.fail(n, f.elem!.kind === "struct" ? `[]${this.schema.spec.base}.${f.struct}` : "[]string");
          return existing;
        }
        // A null item is the element's zero value, as Go decodes it ("" in a []string).
        const elem = f.elem as ButaneField;
        return n.items.map((item) => this.value(item, elem, undefined) ?? ZERO[elem.kind]);
      }
      case "map": {
        if (isNull(n)) return undefined;
        if (n.kind !== "map") {
          this.fail(n, "map[string]string");
          return existing;
        }
        return this.stringMap(n);
      }
      default:
        return this.scalar(n, f, existing);
    }
  }

  private stringMap(n: YamlMap): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { key, value } of n.pairs) {
      const k = deref(key);
      const v = deref(value);
      if (k.kind !== "scalar") continue;
      if (v.kind !== "scalar") {
        this.fail(v, "string");
        continue;
      }
      if (!isNull(v)) out[k.value] = v.value;
    }
    return out;
  }

  private scalar(n: Exclude<YamlNode, { kind: "alias" }>, f: ButaneField, existing: unknown): unknown {
    const tag = resolvedTag(n);
    if (tag === "!!null") return f.pointer ? undefined : existing;
    if (n.kind !== "scalar") {
      this.fail(n, f.kind);
      return existing;
    }
    if (f.kind === "string") {
      if (tag === "!!binary") return Buffer.from(n.value, "base64").toString("latin1");
      return n.value;
    }
    if (f.kind === "int") {
      if (tag === "!!int") {
        const v = parseYamlInt(n.value);
        if (v !== undefined) return v;
      } else if (tag === "!!float") {
        const x = Number(n.value.replace(/_/g, ""));
        if (Number.isFinite(x) && Math.abs(x) <= 9.223372036854776e18) return normalizeFloatInt(x);
      }
      this.fail(n, "int");
      return existing;
    }
    if (f.kind === "bool") {
      if (tag === "!!bool" || (tag === "!!str" && n.style === "plain" && !n.tag)) {
        if (TRUE_11.has(n.value)) return true;
        if (FALSE_11.has(n.value)) return false;
      }
      this.fail(n, "bool");
      return existing;
    }
    return existing;
  }
}

function normalizeFloatInt(x: number): GoInt {
  const t = Math.trunc(x);
  return Number.isSafeInteger(t) ? t : BigInt(t);
}

export function decodeButane(root: YamlNode | undefined, schema: ButaneSchema): YamlDecodeResult {
  const d = new Decoder(schema);
  const value = root ? (d.struct(root, schema.root, undefined) ?? {}) : {};
  return { value, errors: d.errors };
}
