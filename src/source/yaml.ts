/**
 * YAML with a position for every node, as Butane's YAML library (yaml.v3)
 * reports them: 1-based line and column, columns counting characters; a
 * node's position is where it starts, including an anchor or tag in front of
 * it; a block mapping starts at its first key, a block sequence at its first
 * `-`. Only the first document is read, and only `%YAML 1.1` directives are
 * accepted, as yaml.v3 does.
 *
 * Parsing uses the `yaml` package (it keeps every node's source range, which
 * js-yaml does not expose); interpreting scalars (which text is an int, a
 * bool, null) is left to the consumer, because yaml.v3 decides that per
 * target field.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node as YNode, parseAllDocuments, Scalar } from "yaml";

export interface YamlPosition {
  offset: number;
  line: number;
  column: number;
}

export type ScalarStyle = "plain" | "single" | "double" | "literal" | "folded";

export interface YamlScalar extends YamlPosition {
  kind: "scalar";
  /** Decoded text (escapes and folding applied); for plain scalars the text as written. */
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

const STYLE: Record<string, ScalarStyle> = {
  PLAIN: "plain",
  QUOTE_SINGLE: "single",
  QUOTE_DOUBLE: "double",
  BLOCK_LITERAL: "literal",
  BLOCK_FOLDED: "folded",
};

class Positions {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  at(offset: number): YamlPosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    let column = 1;
    for (let i = this.starts[lo]; i < offset; i++) {
      const c = this.text.charCodeAt(i);
      if (c < 0xdc00 || c > 0xdfff) column++; // count code points, not UTF-16 units
    }
    return { offset, line: lo + 1, column };
  }
}

/**
 * Where a node starts once its properties are included: yaml.v3 places a node
 * at its anchor or tag when it has them, the `yaml` package at its content.
 */
function withProperties(text: string, start: number): number {
  let pos = start;
  for (;;) {
    let i = pos - 1;
    while (i >= 0 && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i--;
    if (i < 0) return pos;
    let j = i;
    while (j >= 0 && !" \t\n\r,[{".includes(text[j])) j--;
    const token = text.slice(j + 1, i + 1);
    if (token.length > 1 && (token[0] === "&" || token[0] === "!")) pos = j + 1;
    else return pos;
  }
}

function yamlVersionError(text: string): YamlError | undefined {
  for (const line of text.split("\n")) {
    const m = /^%YAML\s+(\S+)/.exec(line);
    if (m && m[1] !== "1.1") return { message: "found incompatible YAML document" };
    if (/^(---|\.\.\.)(\s|$)/.test(line) || (line.trim() !== "" && !line.startsWith("%") && !line.startsWith("#"))) break;
  }
  return undefined;
}

/** Parses the first YAML document of `text`. */
export function parseYaml(text: string): YamlParseResult {
  const versionError = yamlVersionError(text);
  if (versionError) return { ok: false, error: versionError };
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, {
      version: "1.1",
      // Keep every scalar as text: yaml.v3 resolves scalars per target field.
      schema: "failsafe",
      uniqueKeys: false,
      merge: false,
      keepSourceTokens: false,
      lineCounter,
      prettyErrors: false,
      strict: false,
    }) as Document.Parsed[];
  } catch (e) {
    return { ok: false, error: { message: (e as Error).message } };
  }
  const doc = docs[0];
  if (!doc) return { ok: true, root: undefined };
  const fatal = doc.errors[0];
  if (fatal) {
    const line = fatal.linePos?.[0]?.line;
    return { ok: false, error: { message: fatal.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""), line } };
  }
  const positions = new Positions(text);
  const anchors = new Map<string, YamlNode>();
  const convert = (node: unknown): YamlNode => {
    const n = node as YNode;
    if (isAlias(n)) {
      const target = anchors.get(n.source);
      if (!target) throw new UnknownAnchor(n.source);
      return { kind: "alias", name: n.source, target, ...positions.at(n.range![0]) };
    }
    const start = withProperties(text, n.range![0]);
    const common = { ...positions.at(start), ...(n.tag && n.tag !== "!" ? { tag: n.tag } : {}), ...(n.anchor ? { anchor: n.anchor } : {}) };
    let out: YamlNode;
    if (isMap(n)) {
      const map: YamlMap = { kind: "map", pairs: [], ...common };
      if (n.anchor) anchors.set(n.anchor, map);
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        map.pairs.push({ key: convert(pair.key ?? emptyScalar(n)), value: convert(pair.value ?? emptyAfter(pair.key as YNode)) });
      }
      out = map;
    } else if (isSeq(n)) {
      const seq: YamlSeq = { kind: "seq", items: [], ...common };
      if (n.anchor) anchors.set(n.anchor, seq);
      for (const item of n.items) seq.items.push(convert(item ?? emptyScalar(n)));
      out = seq;
    } else if (isScalar(n)) {
      const style = STYLE[n.type ?? "PLAIN"] ?? "plain";
      const value = style === "plain" ? (n.source ?? String(n.value ?? "")) : String(n.value);
      out = { kind: "scalar", value, style, ...common };
    } else {
      throw new Error("unexpected YAML node");
    }
    if (common.anchor) anchors.set(common.anchor, out);
    return out;
  };
  try {
    return { ok: true, root: doc.contents ? convert(doc.contents) : undefined };
  } catch (e) {
    if (e instanceof UnknownAnchor) return { ok: false, error: { message: `unknown anchor '${e.anchor}' referenced` } };
    throw e;
  }
}

class UnknownAnchor extends Error {
  constructor(readonly anchor: string) {
    super(anchor);
  }
}

/** A stand-in for an absent key or value: an empty plain scalar where the value would be. */
function emptyScalar(at: YNode): Scalar {
  const s = new Scalar(null);
  s.range = [at.range![0], at.range![0], at.range![0]];
  s.source = "";
  s.type = "PLAIN";
  return s;
}
function emptyAfter(key: YNode | undefined): Scalar {
  const s = new Scalar(null);
  const end = key?.range?.[1] ?? 0;
  s.range = [end, end, end];
  s.source = "";
  s.type = "PLAIN";
  return s;
}
