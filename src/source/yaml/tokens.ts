/** The tokens the scanner hands to the parser (libyaml's token set). */

export const STREAM_START = 0;
export const STREAM_END = 1;
export const VERSION_DIRECTIVE = 2;
export const TAG_DIRECTIVE = 3;
export const DOCUMENT_START = 4;
export const DOCUMENT_END = 5;
export const BLOCK_SEQUENCE_START = 6;
export const BLOCK_MAPPING_START = 7;
export const BLOCK_END = 8;
export const FLOW_SEQUENCE_START = 9;
export const FLOW_SEQUENCE_END = 10;
export const FLOW_MAPPING_START = 11;
export const FLOW_MAPPING_END = 12;
export const BLOCK_ENTRY = 13;
export const FLOW_ENTRY = 14;
export const KEY = 15;
export const VALUE = 16;
export const ALIAS = 17;
export const ANCHOR = 18;
export const TAG = 19;
export const SCALAR = 20;

/** Scalar styles, as tokens carry them. */
export const PLAIN = 0;
export const SINGLE_QUOTED = 1;
export const DOUBLE_QUOTED = 2;
export const LITERAL = 3;
export const FOLDED = 4;

// Fields are declared (not initialised in place) and set in the constructor:
// with class-field initialisers V8 runs an extra function per token until it
// optimises, and most tokens are made before it does.
export class Token {
  declare readonly type: number;
  /** Start (0-based): index into the input, line, column in code points. */
  declare readonly pos: number;
  declare readonly line: number;
  declare readonly col: number;
  /**
   * Text: a scalar's decoded value, an anchor's or alias's name, a tag's
   * suffix, a %TAG directive's prefix.
   */
  declare value: string;
  /** A scalar's style. */
  declare style: number;
  /** A tag's or %TAG directive's handle ("" for a verbatim tag). */
  declare handle: string;
  /** %YAML version. */
  declare major: number;
  declare minor: number;
  /** Where the token ends; only indicators that end before the next token are given one. */
  declare endPos: number;
  declare endLine: number;
  declare endCol: number;
  /**
   * The flow level of the potential simple key this token starts, -1 when
   * none: while the parser's next token is one, the scanner must look further
   * to learn whether a `:` follows.
   */
  declare keyLevel: number;

  constructor(type: number, pos: number, line: number, col: number) {
    this.type = type;
    this.pos = pos;
    this.line = line;
    this.col = col;
    this.value = "";
    this.style = PLAIN;
    this.handle = "";
    this.major = 0;
    this.minor = 0;
    this.endPos = pos;
    this.endLine = line;
    this.endCol = col;
    this.keyLevel = -1;
  }
}
