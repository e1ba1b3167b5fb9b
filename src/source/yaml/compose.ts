/**
 * Building the node tree as the parser recognises nodes, as yaml.v3's
 * composer does: positions are 1-based, a node's anchor is registered when
 * the node starts (so a collection's own alias may appear inside it), and an
 * alias must name an anchor met before it.
 */
import type { ScalarStyle, YamlAlias, YamlMap, YamlNode, YamlScalar, YamlSeq } from "../yaml.js";
import { YamlSyntaxError } from "./errors.js";
import type { Token } from "./tokens.js";

const STYLES: readonly ScalarStyle[] = ["plain", "single", "double", "literal", "folded"];

/** yaml.v3 treats the non-specific tag `!` as no tag. */
const NON_SPECIFIC = "!";

export class Composer {
  private readonly anchors = new Map<string, YamlNode>();

  scalar(
    value: string,
    style: number,
    tag: string | undefined,
    anchor: string | undefined,
    pos: number,
    line: number,
    col: number,
  ): YamlScalar {
    const n: YamlScalar = { kind: "scalar", value, style: STYLES[style], offset: pos, line: line + 1, column: col + 1 };
    if (tag !== undefined && tag !== NON_SPECIFIC) n.tag = tag;
    if (anchor !== undefined) {
      n.anchor = anchor;
      this.anchors.set(anchor, n);
    }
    return n;
  }

  /** The empty plain scalar yaml.v3 puts where a key or value is left out. */
  empty(pos: number, line: number, col: number): YamlScalar {
    return { kind: "scalar", value: "", style: "plain", offset: pos, line: line + 1, column: col + 1 };
  }

  map(tag: string | undefined, anchor: string | undefined, pos: number, line: number, col: number): YamlMap {
    const n: YamlMap = { kind: "map", pairs: [], offset: pos, line: line + 1, column: col + 1 };
    if (tag !== undefined && tag !== NON_SPECIFIC) n.tag = tag;
    if (anchor !== undefined) {
      n.anchor = anchor;
      this.anchors.set(anchor, n);
    }
    return n;
  }

  seq(tag: string | undefined, anchor: string | undefined, pos: number, line: number, col: number): YamlSeq {
    const n: YamlSeq = { kind: "seq", items: [], offset: pos, line: line + 1, column: col + 1 };
    if (tag !== undefined && tag !== NON_SPECIFIC) n.tag = tag;
    if (anchor !== undefined) {
      n.anchor = anchor;
      this.anchors.set(anchor, n);
    }
    return n;
  }

  alias(t: Token): YamlAlias {
    const target = this.anchors.get(t.value);
    if (target === undefined) throw new YamlSyntaxError(`unknown anchor '${t.value}' referenced`, undefined);
    return { kind: "alias", name: t.value, target, offset: t.pos, line: t.line + 1, column: t.col + 1 };
  }
}
