/**
 * Ignition JSON written byte for byte as Butane writes it (Go's encoding/json
 * as forked by clarketm/json):
 *   - keys in Go struct field order (the schema's property order);
 *   - `omitempty` drops nil pointers, empty lists, zero plain values and
 *     structs whose fields are all empty; fields without it are always
 *     written (a nil list as `null`);
 *   - strings escape `<`, `>`, `&`, U+2028 and U+2029, and control
 *     characters other than \n, \r and \t as \u00XX;
 *   - pretty output indents by two spaces, as json.MarshalIndent("", "  ").
 */
import { type GoInt, goIntToString } from "../gocompat/int.js";
import type { ConfigValue } from "../ignition/decode.js";
import type { FieldInfo, StructInfo } from "../ignition/schema.js";
import type { StructSource } from "../ignition/walk.js";

const ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Anything goJsonString would write other than as itself. */
const NEEDS_ESCAPE = /[\x00-\x1f"\\<>&\u2028\u2029\ud800-\udfff]/;

export function goJsonString(s: string): string {
  // Most strings (data URLs, paths, names) need no escaping; the regular
  // expression engine answers that far faster than a loop that has not yet
  // been optimised.
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20 || c === 0x22 || c === 0x5c) esc = ESCAPES[s[i]] ?? `\\u00${c.toString(16).padStart(2, "0")}`;
    else if (c === 0x3c) esc = "\\u003c";
    else if (c === 0x3e) esc = "\\u003e";
    else if (c === 0x26) esc = "\\u0026";
    else if (c === 0x2028) esc = "\\u2028";
    else if (c === 0x2029) esc = "\\u2029";
    else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate is invalid UTF-8 to Go, written as U+FFFD.
      const pair = c < 0xdc00 && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
      if (pair) {
        i++;
        continue;
      }
      esc = "\ufffd";
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/** Whether Go would treat the value as empty for `omitempty`. */
export function isEmptyValue(spec: StructSource, field: FieldInfo, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  switch (field.kind) {
    case "slice":
      return (v as unknown[]).length === 0;
    case "struct":
      if (field.pointer) return false;
      return isEmptyStruct(spec, spec.structs.get(field.struct!)!, v as ConfigValue);
    case "map":
      return Object.keys(v as object).length === 0;
    default:
      return !field.pointer && (v === "" || v === 0 || v === 0n || v === false);
  }
}

function isEmptyStruct(spec: StructSource, info: StructInfo, v: ConfigValue): boolean {
  return info.fields.every((f) => isEmptyValue(spec, f, v[f.name]));
}

class Writer {
  constructor(
    private readonly spec: StructSource,
    private readonly indent: string | undefined,
  ) {}

  private nl(depth: number): string {
    return this.indent === undefined ? "" : "\n" + this.indent.repeat(depth);
  }

  struct(info: StructInfo, v: ConfigValue, depth: number): string {
    const parts: string[] = [];
    for (const f of info.fields) {
      const value = v[f.name];
      if (f.omitempty && isEmptyValue(this.spec, f, value)) continue;
      parts.push(goJsonString(f.name) + (this.indent === undefined ? ":" : ": ") + this.value(f, value, depth + 1));
    }
    if (parts.length === 0) return "{}";
    const sep = "," + this.nl(depth + 1);
    return "{" + this.nl(depth + 1) + parts.join(sep) + this.nl(depth) + "}";
  }

  value(f: FieldInfo, v: unknown, depth: number): string {
    if (v === undefined || v === null) {
      if (f.pointer || f.kind === "slice" || f.kind === "map") return "null";
      if (f.kind === "struct") return this.struct(this.spec.structs.get(f.struct!)!, {}, depth);
      return f.kind === "int" ? "0" : f.kind === "bool" ? "false" : '""';
    }
    switch (f.kind) {
      case "struct":
        return this.struct(this.spec.structs.get(f.struct!)!, v as ConfigValue, depth);
      case "slice": {
        const items = v as unknown[];
        if (items.length === 0) return "[]";
        const parts = items.map((item) => this.value(f.elem!, item, depth + 1));
        return "[" + this.nl(depth + 1) + parts.join("," + this.nl(depth + 1)) + this.nl(depth) + "]";
      }
      case "int":
        return goIntToString(v as GoInt);
      case "bool":
        return v ? "true" : "false";
      default:
        return goJsonString(String(v));
    }
  }
}

/** The config as Go marshals it; `pretty` indents like MarshalIndent("", "  "). */
export function marshalGoJson(spec: StructSource, config: ConfigValue, pretty = false): string {
  return new Writer(spec, pretty ? "  " : undefined).struct(spec.root, config, 0);
}
