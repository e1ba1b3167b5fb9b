/**
 * YAML with a position for every node, as Butane's YAML library (yaml.v3)
 * reports them: 1-based line and column, columns counting characters; a
 * node's position is where it starts, including an anchor or tag in front of
 * it; a block mapping starts at its first key, a block sequence at its first
 * `-`; a key or value left out is an empty plain scalar where yaml.v3 puts
 * it. Only the first document is read, and only `%YAML 1.1` directives are
 * accepted, as yaml.v3 does.
 *
 * The parser is our own (src/source/yaml/): a scanner, parser and composer
 * shaped like yaml.v3's libyaml port, so that it accepts what yaml.v3 accepts
 * and fails where it fails with the same message and line. Interpreting
 * scalars (which text is an int, a bool, null) is left to the consumer,
 * because yaml.v3 decides that per target field.
 */
import { Composer } from "./yaml/compose.js";
import { decodeYamlBytes } from "./yaml/decode.js";
import { YamlSyntaxError } from "./yaml/errors.js";
import { Parser } from "./yaml/parser.js";
import { Scanner } from "./yaml/scanner.js";

export interface YamlPosition {
  offset: number;
  line: number;
  column: number;
}

export type ScalarStyle = "plain" | "single" | "double" | "literal" | "folded";

export interface YamlScalar extends YamlPosition {
  kind: "scalar";
  /** The text as yaml.v3 gives it: escapes decoded, lines folded, block scalars chomped. */
  value: string;
  style: ScalarStyle;
  /** An explicit tag, resolved (`!!int` is `tag:yaml.org,2002:int`). */
  tag?: string;
  anchor?: string;
}
export interface YamlPair {
  key: YamlNode;
  value: YamlNode;
}
export interface YamlMap extends YamlPosition {
  kind: "map";
  pairs: YamlPair[];
  tag?: string;
  anchor?: string;
}
export interface YamlSeq extends YamlPosition {
  kind: "seq";
  items: YamlNode[];
  tag?: string;
  anchor?: string;
}
export interface YamlAlias extends YamlPosition {
  kind: "alias";
  name: string;
  /** The anchored node it refers to. */
  target: YamlNode;
}
export type YamlNode = YamlScalar | YamlMap | YamlSeq | YamlAlias;

export interface YamlError {
  message: string;
  line?: number;
}

export type YamlParseResult = { ok: true; root: YamlNode | undefined } | { ok: false; error: YamlError };

/**
 * Parses the first YAML document of `input`: text, or bytes decoded as
 * yaml.v3 decodes them (UTF-8 or UTF-16 with a byte order mark; undecodable
 * input refused with yaml.v3's reader errors).
 */
export function parseYaml(input: string | Uint8Array): YamlParseResult {
  const { text, refused } = typeof input === "string" ? { text: input, refused: undefined } : decodeYamlBytes(input);
  try {
    return { ok: true, root: new Parser(new Scanner(text, refused), new Composer()).firstDocument() };
  } catch (e) {
    if (e instanceof YamlSyntaxError) {
      return { ok: false, error: e.line === undefined ? { message: e.message } : { message: e.message, line: e.line } };
    }
    // Nesting deep enough to exhaust the stack (thousands of levels; yaml.v3 allows 10000).
    if (e instanceof RangeError) return { ok: false, error: { message: "document nesting too deep" } };
    throw e;
  }
}
