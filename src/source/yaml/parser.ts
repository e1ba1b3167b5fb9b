/**
 * The YAML parser: tokens in, nodes out (through the composer), by
 * recursive descent over libyaml's grammar:
 *
 *   stream            ::= STREAM-START document? ...
 *   document          ::= block_node | DIRECTIVE* DOCUMENT-START block_node?
 *   block_node        ::= ALIAS | properties? (block_collection | flow_collection | SCALAR)
 *   properties        ::= TAG ANCHOR? | ANCHOR TAG?
 *   block_sequence    ::= BLOCK-SEQUENCE-START (BLOCK-ENTRY block_node?)* BLOCK-END
 *   indentless_seq    ::= (BLOCK-ENTRY block_node?)+            (a `- ` list at its key's column)
 *   block_mapping     ::= BLOCK-MAPPING-START ((KEY node?)? (VALUE node?)?)* BLOCK-END
 *   flow_sequence     ::= FLOW-SEQUENCE-START (entry FLOW-ENTRY)* entry? FLOW-SEQUENCE-END
 *   flow_mapping      ::= FLOW-MAPPING-START (entry FLOW-ENTRY)* entry? FLOW-MAPPING-END
 *   entry             ::= flow_node | KEY flow_node? (VALUE flow_node?)?
 *
 * Only the first document is read, as yaml.v3's Unmarshal does; the token
 * after it is still looked at (and the scanner's lookahead with it), which is
 * where yaml.v3 would find errors past the document.
 *
 * Errors, and the moments they are raised at, follow yaml.v3: a token is
 * looked at (`peek`) exactly where libyaml's parser looks at it, so that a
 * scanner error further on and a parser error here come in the same order.
 */
import type { YamlMap, YamlNode, YamlSeq } from "../yaml.js";
import type { Composer } from "./compose.js";
import { parserError } from "./errors.js";
import type { Scanner } from "./scanner.js";
import {
  ALIAS,
  ANCHOR,
  BLOCK_END,
  BLOCK_ENTRY,
  BLOCK_MAPPING_START,
  BLOCK_SEQUENCE_START,
  DOCUMENT_END,
  DOCUMENT_START,
  FLOW_ENTRY,
  FLOW_MAPPING_END,
  FLOW_MAPPING_START,
  FLOW_SEQUENCE_END,
  FLOW_SEQUENCE_START,
  KEY,
  PLAIN,
  SCALAR,
  STREAM_END,
  TAG,
  TAG_DIRECTIVE,
  VALUE,
  VERSION_DIRECTIVE,
} from "./tokens.js";

/** Tag handles every document knows. */
const DEFAULT_TAG_HANDLES: readonly (readonly [string, string])[] = [
  ["!", "!"],
  ["!!", "tag:yaml.org,2002:"],
];

const NO_CONTEXT = -1;

export class Parser {
  /** %TAG handles and their prefixes. */
  private readonly tagHandles = new Map<string, string>();

  constructor(
    private readonly tokens: Scanner,
    private readonly nodes: Composer,
  ) {}

  /** The first document's root node; undefined for a stream without documents. */
  firstDocument(): YamlNode | undefined {
    const s = this.tokens;
    s.peek(); // STREAM-START
    s.skip();
    let t = s.peek();
    let root: YamlNode;
    if (t.type !== VERSION_DIRECTIVE && t.type !== TAG_DIRECTIVE && t.type !== DOCUMENT_START && t.type !== STREAM_END) {
      this.directives();
      root = this.node(true, false);
    } else if (t.type !== STREAM_END) {
      this.directives();
      t = s.peek();
      if (t.type !== DOCUMENT_START) throw parserError("did not find expected <document start>", NO_CONTEXT, t.line);
      s.skip();
      t = s.peek();
      const empty =
        t.type === VERSION_DIRECTIVE ||
        t.type === TAG_DIRECTIVE ||
        t.type === DOCUMENT_START ||
        t.type === DOCUMENT_END ||
        t.type === STREAM_END;
      root = empty ? this.nodes.empty(t.pos, t.line, t.col) : this.node(true, false);
    } else {
      return undefined;
    }
    s.peek(); // where the document ends
    return root;
  }

  private directives(): void {
    const s = this.tokens;
    let t = s.peek();
    let version = false;
    while (t.type === VERSION_DIRECTIVE || t.type === TAG_DIRECTIVE) {
      if (t.type === VERSION_DIRECTIVE) {
        if (version) throw parserError("found duplicate %YAML directive", NO_CONTEXT, t.line);
        if (t.major !== 1 || t.minor !== 1) throw parserError("found incompatible YAML document", NO_CONTEXT, t.line);
        version = true;
      } else {
        if (this.tagHandles.has(t.handle)) throw parserError("found duplicate %TAG directive", NO_CONTEXT, t.line);
        this.tagHandles.set(t.handle, t.value);
      }
      s.skip();
      t = s.peek();
    }
    for (const [handle, prefix] of DEFAULT_TAG_HANDLES) if (!this.tagHandles.has(handle)) this.tagHandles.set(handle, prefix);
  }

  /** A node; in block context `indentless` admits a `- ` list at the current column (a mapping's key or value). */
  private node(block: boolean, indentless: boolean): YamlNode {
    const s = this.tokens;
    let t = s.peek();
    if (t.type === ALIAS) {
      s.skip();
      return this.nodes.alias(t);
    }
    const pos = t.pos;
    const line = t.line;
    const col = t.col;
    let anchor: string | undefined;
    let tagged = false;
    let handle = "";
    let suffix = "";
    let tagLine = 0;
    if (t.type === ANCHOR) {
      anchor = t.value;
      s.skip();
      t = s.peek();
      if (t.type === TAG) {
        tagged = true;
        handle = t.handle;
        suffix = t.value;
        tagLine = t.line;
        s.skip();
        t = s.peek();
      }
    } else if (t.type === TAG) {
      tagged = true;
      handle = t.handle;
      suffix = t.value;
      tagLine = t.line;
      s.skip();
      t = s.peek();
      if (t.type === ANCHOR) {
        anchor = t.value;
        s.skip();
        t = s.peek();
      }
    }
    let tag: string | undefined;
    if (tagged) {
      if (handle === "") {
        tag = suffix;
      } else {
        const prefix = this.tagHandles.get(handle);
        if (prefix === undefined) throw parserError("found undefined tag handle", line, tagLine);
        tag = prefix + suffix;
      }
    }
    switch (t.type) {
      case BLOCK_ENTRY:
        if (indentless) return this.indentlessSequence(tag, anchor, pos, line, col);
        break;
      case SCALAR:
        s.skip();
        return this.nodes.scalar(t.value, t.style, tag, anchor, pos, line, col);
      case FLOW_SEQUENCE_START:
        return this.flowSequence(tag, anchor, pos, line, col);
      case FLOW_MAPPING_START:
        return this.flowMapping(tag, anchor, pos, line, col);
      case BLOCK_SEQUENCE_START:
        if (block) return this.blockSequence(tag, anchor, pos, line, col);
        break;
      case BLOCK_MAPPING_START:
        if (block) return this.blockMapping(tag, anchor, pos, line, col);
        break;
    }
    // Properties with no content: an empty scalar carrying them.
    if (anchor !== undefined || tag !== undefined) return this.nodes.scalar("", PLAIN, tag, anchor, pos, line, col);
    throw parserError("did not find expected node content", line, t.line);
  }

  private blockSequence(tag: string | undefined, anchor: string | undefined, pos: number, line: number, col: number): YamlSeq {
    const s = this.tokens;
    const seq = this.nodes.seq(tag, anchor, pos, line, col);
    const context = s.peek().line; // BLOCK-SEQUENCE-START
    s.skip();
    for (;;) {
      let t = s.peek();
      if (t.type === BLOCK_ENTRY) {
        s.skip();
        const entry = t;
        t = s.peek();
        if (t.type !== BLOCK_ENTRY && t.type !== BLOCK_END) seq.items.push(this.node(true, false));
        else seq.items.push(this.nodes.empty(entry.endPos, entry.endLine, entry.endCol));
      } else if (t.type === BLOCK_END) {
        s.skip();
        return seq;
      } else {
        throw parserError("did not find expected '-' indicator", context, t.line);
      }
    }
  }

  private indentlessSequence(tag: string | undefined, anchor: string | undefined, pos: number, line: number, col: number): YamlSeq {
    const s = this.tokens;
    const seq = this.nodes.seq(tag, anchor, pos, line, col);
    for (;;) {
      let t = s.peek();
      if (t.type !== BLOCK_ENTRY) return seq;
      s.skip();
      const entry = t;
      t = s.peek();
      if (t.type !== BLOCK_ENTRY && t.type !== KEY && t.type !== VALUE && t.type !== BLOCK_END) seq.items.push(this.node(true, false));
      else seq.items.push(this.nodes.empty(entry.endPos, entry.endLine, entry.endCol));
    }
  }

  private blockMapping(tag: string | undefined, anchor: string | undefined, pos: number, line: number, col: number): YamlMap {
    const s = this.tokens;
    const map = this.nodes.map(tag, anchor, pos, line, col);
    const context = s.peek().line; // BLOCK-MAPPING-START
    s.skip();
    for (;;) {
      let t = s.peek();
      if (t.type === BLOCK_END) {
        s.skip();
        return map;
      }
      if (t.type !== KEY) throw parserError("did not find expected key", context, t.line);
      s.skip();
      const keyToken = t;
      t = s.peek();
      const key =
        t.type !== KEY && t.type !== VALUE && t.type !== BLOCK_END
          ? this.node(true, true)
          : this.nodes.empty(keyToken.endPos, keyToken.endLine, keyToken.endCol);
      t = s.peek();
      let value: YamlNode;
      if (t.type === VALUE) {
        s.skip();
        const valueToken = t;
        t = s.peek();
        value =
          t.type !== KEY && t.type !== VALUE && t.type !== BLOCK_END
            ? this.node(true, true)
            : this.nodes.empty(valueToken.endPos, valueToken.endLine, valueToken.endCol);
      } else {
        value = this.nodes.empty(t.pos, t.line, t.col);
      }
      map.pairs.push({ key, value });
    }
  }

  private flowSequence(tag: string | undefined, anchor: string | undefined, pos: number, line: number, col: number): YamlSeq {
    const s = this.tokens;
    const seq = this.nodes.seq(tag, anchor, pos, line, col);
    const context = s.peek().line; // FLOW-SEQUENCE-START
    s.skip();
    for (let first = true; ; first = false) {
      let t = s.peek();
      if (t.type !== FLOW_SEQUENCE_END) {
        if (!first) {
          if (t.type !== FLOW_ENTRY) throw parserError("did not find expected ',' or ']'", context, t.line);
          s.skip();
          t = s.peek();
        }
        if (t.type === KEY) {
          seq.items.push(this.flowPair());
          continue;
        }
        if (t.type !== FLOW_SEQUENCE_END) {
          seq.items.push(this.node(false, false));
          continue;
        }
      }
      s.skip();
      return seq;
    }
  }

  /** `[ key: value ]`: a single-pair mapping inside a flow sequence, starting at its KEY. */
  private flowPair(): YamlMap {
    const s = this.tokens;
    let t = s.peek();
    const map = this.nodes.map(undefined, undefined, t.pos, t.line, t.col);
    s.skip();
    t = s.peek();
    let key: YamlNode;
    if (t.type !== VALUE && t.type !== FLOW_ENTRY && t.type !== FLOW_SEQUENCE_END) {
      key = this.node(false, false);
    } else {
      // yaml.v3 (after libyaml) consumes the token that follows an empty key here, whatever it is.
      s.skip();
      key = this.nodes.empty(t.endPos, t.endLine, t.endCol);
    }
    t = s.peek();
    let value: YamlNode;
    if (t.type === VALUE) {
      s.skip();
      const next = s.peek();
      // An empty value after `:` is placed at the `:` itself. (yaml.v3 reads that mark through a pointer into
      // its token queue, which its lookahead may have compacted meanwhile; then it places the value wherever
      // the token now in that slot is. We keep the `:`.)
      value =
        next.type !== FLOW_ENTRY && next.type !== FLOW_SEQUENCE_END ? this.node(false, false) : this.nodes.empty(t.pos, t.line, t.col);
    } else {
      value = this.nodes.empty(t.pos, t.line, t.col);
    }
    map.pairs.push({ key, value });
    s.peek(); // the pair's end
    return map;
  }

  private flowMapping(tag: string | undefined, anchor: string | undefined, pos: number, line: number, col: number): YamlMap {
    const s = this.tokens;
    const map = this.nodes.map(tag, anchor, pos, line, col);
    const context = s.peek().line; // FLOW-MAPPING-START
    s.skip();
    for (let first = true; ; first = false) {
      let t = s.peek();
      if (t.type !== FLOW_MAPPING_END) {
        if (!first) {
          if (t.type !== FLOW_ENTRY) throw parserError("did not find expected ',' or '}'", context, t.line);
          s.skip();
          t = s.peek();
        }
        if (t.type === KEY) {
          s.skip();
          t = s.peek();
          const key =
            t.type !== VALUE && t.type !== FLOW_ENTRY && t.type !== FLOW_MAPPING_END
              ? this.node(false, false)
              : this.nodes.empty(t.pos, t.line, t.col);
          t = s.peek();
          let value: YamlNode | undefined;
          if (t.type === VALUE) {
            s.skip();
            t = s.peek();
            if (t.type !== FLOW_ENTRY && t.type !== FLOW_MAPPING_END) value = this.node(false, false);
          }
          map.pairs.push({ key, value: value ?? this.nodes.empty(t.pos, t.line, t.col) });
          continue;
        }
        if (t.type !== FLOW_MAPPING_END) {
          // `{ a }`: a key without value.
          const key = this.node(false, false);
          t = s.peek();
          map.pairs.push({ key, value: this.nodes.empty(t.pos, t.line, t.col) });
          continue;
        }
      }
      s.skip();
      return map;
    }
  }
}
