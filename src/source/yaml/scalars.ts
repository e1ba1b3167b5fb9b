/**
 * Scalar scanning: plain, single- and double-quoted, literal and folded
 * scalars, with yaml.v3's line folding, escapes, chomping and errors. Each
 * function starts at the scalar's first character (or indicator), fills in
 * the token's value and style, and leaves the cursor after the scalar.
 *
 * Text is copied out of the input in slices between the points where it
 * must be rewritten (folds, escapes), never character by character.
 */
import {
  CR,
  hexValue,
  isBlank,
  isBreak,
  isBreakOrEnd,
  isDigit,
  isLowSurrogate,
  isSpaceOrEnd,
  LF,
  LS,
  NUL,
  PS,
  SPACE,
  TAB,
} from "./chars.js";
import type { Cursor } from "./reader.js";
import { DOUBLE_QUOTED, FOLDED, LITERAL, PLAIN, SINGLE_QUOTED, type Token } from "./tokens.js";

const HASH = 0x23;
const COLON = 0x3a;
const COMMA = 0x2c;
const QUESTION = 0x3f;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const SQUOTE = 0x27;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const DASH = 0x2d;
const DOT = 0x2e;
const PLUS = 0x2b;

/** `---` or `...` followed by a blank, a break or the end: a document marker, when at column 0. */
export function isDocumentMarker(src: string, pos: number): boolean {
  const c = src.charCodeAt(pos);
  return (
    (c === DASH || c === DOT) && src.charCodeAt(pos + 1) === c && src.charCodeAt(pos + 2) === c && isSpaceOrEnd(src.charCodeAt(pos + 3))
  );
}

/** How lines fold where a scalar continues after line breaks. */
function fold(leadingBreak: string, trailingBreaks: string): string {
  if (leadingBreak.charCodeAt(0) === LF) return trailingBreaks.length === 0 ? " " : trailingBreaks;
  return leadingBreak + trailingBreaks;
}

/** A line break as scalars keep it: LS and PS as they are, the others as "\n". */
function breakText(c: number): string {
  return c === LS || c === PS ? String.fromCharCode(c) : "\n";
}

/**
 * A plain scalar. `indent` is the column continuation lines must reach (one
 * more than the enclosing block's). Returns whether the scalar ended after a
 * line break, which lets a simple key follow.
 */
export function scanPlain(cur: Cursor, tok: Token, indent: number, inFlow: boolean): boolean {
  const src = cur.src;
  const startLine = cur.line;
  let pos = cur.pos;
  let line = cur.line;
  let col = cur.col;
  let value = "";
  let afterBreak = false; // the pending separation contains a line break
  let leadingBreak = "";
  let trailingBreaks = "";
  let spaceStart = pos; // pending blanks between words of one line: src[spaceStart, spaceEnd)
  let spaceEnd = pos;
  for (;;) {
    if (col === 0 && isDocumentMarker(src, pos)) break;
    let c = src.charCodeAt(pos);
    if (c === HASH) break;
    let wordStart = -1;
    for (;;) {
      // (Tests inlined: most characters here are printable ASCII, and this loop runs before V8 optimises it.)
      if (c > SPACE && c < 0x7f) {
        if (c === COLON) {
          if (isSpaceOrEnd(src.charCodeAt(pos + 1))) break;
        } else if (inFlow && (c === COMMA || c === QUESTION || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE)) {
          break;
        }
      } else if (isSpaceOrEnd(c)) {
        break;
      }
      if (wordStart < 0) {
        if (afterBreak) {
          value += fold(leadingBreak, trailingBreaks);
          leadingBreak = trailingBreaks = "";
          afterBreak = false;
        } else if (spaceEnd > spaceStart) {
          value += src.slice(spaceStart, spaceEnd);
        }
        spaceStart = spaceEnd;
        wordStart = pos;
      }
      pos++;
      if (c < 0xdc00 || c > 0xdfff) col++; // not the second half of a surrogate pair
      c = src.charCodeAt(pos);
    }
    if (wordStart >= 0) value += src.slice(wordStart, pos);
    if (!isBlank(c) && !isBreak(c)) break;
    spaceStart = spaceEnd = pos;
    while (isBlank(c) || isBreak(c)) {
      if (isBlank(c)) {
        if (afterBreak && col < indent && c === TAB) {
          cur.pos = pos;
          cur.line = line;
          throw cur.fail("found a tab character that violates indentation", startLine);
        }
        pos++;
        col++;
        if (!afterBreak) spaceEnd = pos;
      } else {
        const text = breakText(c);
        pos += c === CR && src.charCodeAt(pos + 1) === LF ? 2 : 1;
        line++;
        col = 0;
        if (!afterBreak) {
          spaceStart = spaceEnd = pos;
          leadingBreak = text;
          afterBreak = true;
        } else {
          trailingBreaks += text;
        }
      }
      c = src.charCodeAt(pos);
    }
    if (!inFlow && col < indent) break;
  }
  cur.pos = pos;
  cur.line = line;
  cur.col = col;
  tok.value = value;
  tok.style = PLAIN;
  return afterBreak;
}

/** The character a double-quoted escape `\X` stands for, or "" when X takes hex digits or is unknown. */
function simpleEscape(c: number): string {
  switch (c) {
    case 0x30:
      return "\0"; // 0
    case 0x61:
      return "\x07"; // a
    case 0x62:
      return "\b";
    case 0x74: // t
    case TAB:
      return "\t";
    case 0x6e:
      return "\n";
    case 0x76:
      return "\v";
    case 0x66:
      return "\f";
    case 0x72:
      return "\r";
    case 0x65:
      return "\x1b"; // e
    case SPACE:
      return " ";
    case DQUOTE:
      return '"';
    case SQUOTE:
      return "'";
    case BACKSLASH:
      return "\\";
    case 0x4e:
      return "\x85"; // N: next line
    case 0x5f:
      return "\xa0"; // _: no-break space
    case 0x4c:
      return "\u2028"; // L: line separator
    case 0x50:
      return "\u2029"; // P: paragraph separator
    default:
      return "";
  }
}

/** Hex digits after `\x`, `\u` and `\U`. */
function escapeLength(c: number): number {
  return c === 0x78 ? 2 : c === 0x75 ? 4 : c === 0x55 ? 8 : 0;
}

/** A single- or double-quoted scalar, starting at its opening quote. */
export function scanQuoted(cur: Cursor, tok: Token, single: boolean): void {
  const src = cur.src;
  const startLine = cur.line;
  const quote = single ? SQUOTE : DQUOTE;
  let pos = cur.pos + 1;
  let line = cur.line;
  let col = cur.col + 1;
  const fail = (problem: string) => {
    cur.pos = pos;
    cur.line = line;
    cur.col = col;
    return cur.fail(problem, startLine);
  };
  let value = "";
  let leadingBreak = "";
  let trailingBreaks = "";
  for (;;) {
    if (col === 0 && isDocumentMarker(src, pos)) throw fail("found unexpected document indicator");
    let c = src.charCodeAt(pos);
    if (c === NUL) throw fail("found unexpected end of stream");
    let afterBreak = false;
    let runStart = pos;
    while (!isSpaceOrEnd(c)) {
      if (c === quote) {
        if (!single || src.charCodeAt(pos + 1) !== SQUOTE) break;
        value += src.slice(runStart, pos + 1); // '' stands for '
        pos += 2;
        col += 2;
        runStart = pos;
      } else if (c === BACKSLASH && !single) {
        value += src.slice(runStart, pos);
        const e = src.charCodeAt(pos + 1);
        if (isBreak(e)) {
          // An escaped line break: the text continues on the next line without a space.
          pos += e === CR && src.charCodeAt(pos + 2) === LF ? 3 : 2;
          line++;
          col = 0;
          runStart = pos;
          afterBreak = true;
          c = src.charCodeAt(pos);
          break;
        }
        const simple = simpleEscape(e);
        const digits = escapeLength(e);
        if (simple === "" && digits === 0) throw fail("found unknown escape character");
        pos += 2;
        col += 2;
        if (digits === 0) {
          value += simple;
        } else {
          let code = 0;
          for (let k = 0; k < digits; k++) {
            const h = hexValue(src.charCodeAt(pos + k));
            if (h < 0) throw fail("did not find expected hexdecimal number");
            code = code * 16 + h;
          }
          if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) throw fail("found invalid Unicode character escape code");
          value += String.fromCodePoint(code);
          pos += digits;
          col += digits;
        }
        runStart = pos;
      } else {
        pos++;
        if (!isLowSurrogate(c)) col++;
      }
      c = src.charCodeAt(pos);
    }
    value += src.slice(runStart, pos);
    if (c === quote) break;
    let spaceStart = pos;
    let spaceEnd = pos;
    while (isBlank(c) || isBreak(c)) {
      if (isBlank(c)) {
        pos++;
        col++;
        if (!afterBreak) spaceEnd = pos;
      } else {
        const text = breakText(c);
        pos += c === CR && src.charCodeAt(pos + 1) === LF ? 2 : 1;
        line++;
        col = 0;
        if (!afterBreak) {
          spaceStart = spaceEnd;
          leadingBreak = text;
          afterBreak = true;
        } else {
          trailingBreaks += text;
        }
      }
      c = src.charCodeAt(pos);
    }
    if (afterBreak) {
      value += fold(leadingBreak, trailingBreaks);
      leadingBreak = trailingBreaks = "";
    } else {
      value += src.slice(spaceStart, spaceEnd);
    }
  }
  cur.pos = pos + 1; // the closing quote
  cur.line = line;
  cur.col = col + 1;
  tok.value = value;
  tok.style = single ? SINGLE_QUOTED : DOUBLE_QUOTED;
}

/**
 * A literal (`|`) or folded (`>`) scalar, starting at its indicator.
 * `blockIndent` is the indentation of the enclosing block (-1 at the top).
 */
export function scanBlock(cur: Cursor, tok: Token, literal: boolean, blockIndent: number): void {
  const src = cur.src;
  const startLine = cur.line;
  cur.advance();
  let chomping = 0; // -1 strip, 0 clip, +1 keep
  let increment = 0;
  let c = src.charCodeAt(cur.pos);
  if (c === PLUS || c === DASH) {
    chomping = c === PLUS ? 1 : -1;
    cur.advance();
    c = src.charCodeAt(cur.pos);
    if (isDigit(c)) {
      if (c === 0x30) throw cur.fail("found an indentation indicator equal to 0", startLine);
      increment = c - 0x30;
      cur.advance();
    }
  } else if (isDigit(c)) {
    if (c === 0x30) throw cur.fail("found an indentation indicator equal to 0", startLine);
    increment = c - 0x30;
    cur.advance();
    c = src.charCodeAt(cur.pos);
    if (c === PLUS || c === DASH) {
      chomping = c === PLUS ? 1 : -1;
      cur.advance();
    }
  }
  c = src.charCodeAt(cur.pos);
  while (isBlank(c)) {
    cur.advance();
    c = src.charCodeAt(cur.pos);
  }
  if (c === HASH) {
    while (!isBreakOrEnd(c)) {
      cur.advance();
      c = src.charCodeAt(cur.pos);
    }
  }
  if (!isBreakOrEnd(c)) throw cur.fail("did not find expected comment or line break", startLine);
  if (isBreak(c)) cur.advanceBreak();

  let indent = increment > 0 ? (blockIndent >= 0 ? blockIndent + increment : increment) : 0;
  let pos = cur.pos;
  let line = cur.line;
  let col = cur.col;
  let trailingBreaks = "";

  let pad = indent > 0 ? " ".repeat(indent) : ""; // a full indentation, skipped in one step
  // Eats indentation and empty lines; settles the indentation on the first call when it is not given.
  const breaks = (): void => {
    let maxIndent = 0;
    for (;;) {
      if (col === 0 && pad !== "" && src.startsWith(pad, pos)) {
        pos += indent;
        col = indent;
        c = src.charCodeAt(pos);
      } else {
        c = src.charCodeAt(pos);
        while ((indent === 0 || col < indent) && c === SPACE) {
          pos++;
          col++;
          c = src.charCodeAt(pos);
        }
      }
      if (col > maxIndent) maxIndent = col;
      if ((indent === 0 || col < indent) && c === TAB) {
        cur.pos = pos;
        cur.line = line;
        cur.col = col;
        throw cur.fail("found a tab character where an indentation space is expected", startLine);
      }
      if (!isBreak(c)) break;
      trailingBreaks += breakText(c);
      pos += c === CR && src.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
      col = 0;
    }
    if (indent === 0) {
      indent = Math.max(maxIndent, blockIndent + 1, 1);
      pad = " ".repeat(indent);
    }
  };

  breaks();
  let value = "";
  let leadingBreak = "";
  let leadingBlank = false;
  while (col === indent && c !== NUL) {
    const trailingBlank = isBlank(c);
    if (!literal && !leadingBlank && !trailingBlank && leadingBreak.charCodeAt(0) === LF) {
      if (trailingBreaks.length === 0) value += " ";
    } else {
      value += leadingBreak;
    }
    value += trailingBreaks;
    leadingBreak = trailingBreaks = "";
    leadingBlank = trailingBlank;
    const lineStart = pos;
    if (cur.ordinary) {
      pos = cur.lineEnd(pos);
      col += pos - lineStart;
      c = src.charCodeAt(pos);
    } else {
      while (!isBreakOrEnd(c)) {
        pos++;
        if (!isLowSurrogate(c)) col++;
        c = src.charCodeAt(pos);
      }
    }
    value += src.slice(lineStart, pos);
    if (isBreak(c)) {
      leadingBreak = breakText(c);
      pos += c === CR && src.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
      col = 0;
    }
    breaks();
  }
  if (chomping !== -1) value += leadingBreak;
  if (chomping === 1) value += trailingBreaks;
  cur.pos = pos;
  cur.line = line;
  cur.col = col;
  tok.value = value;
  tok.style = literal ? LITERAL : FOLDED;
}
