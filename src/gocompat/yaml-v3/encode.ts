// A re-implementation of the output side of Go's gopkg.in/yaml.v3 (v3.0.x)
// for JSON-like values, as Butane uses it to print MachineConfigs.
//
// Butane marshals its result to JSON, decodes that JSON into a generic Go
// `interface{}` and hands it to a yaml.v3 Encoder with SetIndent(2). So the
// values seen by the encoder are map[string]interface{} (keys sorted with
// yaml.v3's "natural" key order), []interface{}, string, float64, bool and
// nil. This module reproduces, byte for byte, what that encoder writes:
//
// - Style selection (encode.go stringv + emitterc.go select_scalar_style):
//   strings containing "\n" ask for a literal block; other strings ask for a
//   plain scalar when the resolver would read them back as !!str (and they are
//   neither YAML 1.1 booleans like "yes"/"off" nor base-60 floats like
//   "1:20"), otherwise for a double-quoted scalar. The emitter then downgrades
//   plain -> single-quoted -> double-quoted and literal -> double-quoted when
//   the scalar analysis forbids the requested style.
// - Indentation: mappings and sequences indent by 2; a block sequence that is
//   a mapping value is indented under its key ("key:\n  - item"); the first
//   entry of a collection nested in a sequence item shares the "- " line.
// - No line folding: yaml.v3 initialises best_width to -1, i.e. unlimited.
// - Numbers are float64 and printed like strconv.FormatFloat(f, 'g', -1, 64).
//
// Written from the behaviour described by yaml.v3's emitterc.go, encode.go,
// resolve.go, sorter.go and yamlprivateh.go; no code was copied.
//
// One file per job: emitter.ts writes, style.ts picks a scalar's style from
// analyze.ts (its characters) and resolve.ts (what it would read back as),
// sort-keys.ts orders map keys; this file is the entry point.
import { Emitter, type JsonValue } from "./emitter.js";

export interface YamlV3Options {
  /** Map keys in the order given instead of yaml.v3's sorted order. */
  keepKeyOrder?: boolean;
  /**
   * Numbers are Go ints: integers (bigints too) are written as their digits,
   * as yaml.v3 writes an int. Without it every number is the float64 a Go
   * JSON round trip into interface{} makes of it (1000000 is `1e+06`).
   */
  ints?: boolean;
}

/**
 * Encodes a JSON-like value (plain objects, arrays, strings, finite numbers,
 * booleans, null) exactly as gopkg.in/yaml.v3 with indent 2 encodes the same
 * value after a Go JSON round trip into interface{}. The result ends with a
 * newline, like yaml.Marshal output.
 *
 * Object properties whose value is `undefined` are omitted and `undefined`
 * array entries become null (as JSON.stringify does). Non-finite numbers,
 * bigints, functions and symbols are rejected with a TypeError, since Go's
 * encoding/json could not have produced them.
 */
export function encodeYamlV3(value: unknown, options: YamlV3Options = {}): string {
  const normalized = normalize(value, "$", options.ints === true);
  const emitter = new Emitter(options.keepKeyOrder === true, options.ints === true);
  emitter.emitDocument(normalized);
  return emitter.output();
}

// Input normalisation (what a Go JSON round trip would give us).

function normalize(value: unknown, where: string, ints: boolean): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) {
        throw new TypeError(`encodeYamlV3: non-finite number at ${where}`);
      }
      return value;
    case "bigint":
      if (!ints) throw new TypeError(`encodeYamlV3: unsupported bigint at ${where}`);
      return value;
    case "string":
      return toWellFormed(value);
    case "object": {
      if (Array.isArray(value)) {
        return value.map((item, i) => normalize(item, `${where}[${i}]`, ints));
      }
      const out: { [key: string]: JsonValue } = {};
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        if (item === undefined) continue;
        Object.defineProperty(out, toWellFormed(key), {
          value: normalize(item, `${where}.${key}`, ints),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    default:
      throw new TypeError(`encodeYamlV3: unsupported ${typeof value} at ${where}`);
  }
}

/** Lone surrogates become U+FFFD, as Go's JSON decoding would produce. */
function toWellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}
