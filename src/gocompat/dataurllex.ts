/**
 * The lexer of vincent-petithory/dataurl (lex.go): its state machine over a
 * data URL, producing the same items (or the first error item) in the same
 * order. Runes are decoded as Go does (an invalid byte is U+FFFD, width 1),
 * and the EOF sentinel -1 counts as a token rune exactly as it does in Go,
 * since unicode.IsControl and unicode.IsSpace are false for it.
 */

import { bytesToString, decodeRune } from "./utf8.js";

const EOF = -1;

export enum Item {
  Error,
  EOF,
  DataPrefix,
  MediaType,
  MediaSep,
  MediaSubType,
  ParamSemicolon,
  ParamAttr,
  ParamEqual,
  LeftStringQuote,
  RightStringQuote,
  ParamVal,
  Base64Enc,
  DataComma,
  Data,
}

export interface Lexed {
  t: Item;
  val: Uint8Array;
  /** Error text for Item.Error. */
  msg?: string;
}

/** The RFC 2045 tspecials. */
function isTSpecial(r: number): boolean {
  return r >= 0 && r < 0x80 && '()<>@,;:\\"/[]?='.includes(String.fromCharCode(r));
}

/**
 * isTokenRune. Go's unicode.IsControl and IsSpace are false for the EOF
 * sentinel (-1), so EOF counts as a token rune; every caller tests for EOF
 * first except the 'x' look-ahead, which does not test the rune at all.
 */
function isTokenRune(r: number): boolean {
  if (r > 0x7f) return false;
  if (r >= 0 && (r < 0x20 || r === 0x7f)) return false; // control
  if (r === 0x20 || (r >= 0x09 && r <= 0x0d)) return false; // space
  return !isTSpecial(r);
}

function isURLCharRune(r: number): boolean {
  if (r > 0x7f) return false;
  if ((r >= 0 && r <= 0x1f) || r === 0x7f) return false;
  return !' <>#"{}|\\^[]`'.includes(String.fromCharCode(r));
}

function isBase64Rune(r: number): boolean {
  return (
    (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || (r >= 0x30 && r <= 0x39) || r === 0x2b || r === 0x2f || r === 0x3d || r === 0x0a
  );
}

function hasPrefix(b: Uint8Array, prefix: string): boolean {
  if (b.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (b[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

function isDiscreteOrCompositeType(b: Uint8Array): boolean {
  return ["text", "image", "audio", "video", "application", "message", "multipart"].some((p) => hasPrefix(b, p));
}

function equalsAscii(b: Uint8Array, s: string): boolean {
  return b.length === s.length && hasPrefix(b, s);
}

type State = ((l: Lexer) => State) | null;

class Lexer {
  start = 0;
  pos = 0;
  width = 0;
  seenBase64 = false;
  readonly items: Lexed[] = [];
  constructor(readonly input: Uint8Array) {}

  next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const d = decodeRune(this.input, this.pos);
    this.width = d.size;
    this.pos += d.size;
    return d.rune;
  }
  backup(): void {
    this.pos -= this.width;
  }
  emit(t: Item): void {
    this.items.push({ t, val: this.input.subarray(this.start, this.pos) });
    this.start = this.pos;
  }
  errorf(msg: string): State {
    this.items.push({ t: Item.Error, val: new Uint8Array(0), msg });
    return null;
  }
  pending(): Uint8Array {
    return this.input.subarray(this.start, this.pos);
  }
}

const SEMI = 0x3b;
const COMMA = 0x2c;
const EQUAL = 0x3d;
const SLASH = 0x2f;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function lexBeforeDataPrefix(l: Lexer): State {
  if (hasPrefix(l.input.subarray(l.pos), "data:")) return lexDataPrefix;
  return l.errorf("missing data prefix");
}

function lexDataPrefix(l: Lexer): State {
  l.pos += 5;
  l.emit(Item.DataPrefix);
  return lexAfterDataPrefix;
}

function lexAfterDataPrefix(l: Lexer): State {
  const r = l.next();
  if (r === SEMI) {
    l.backup();
    return lexParamSemicolon;
  }
  if (r === COMMA) {
    l.backup();
    return lexDataComma;
  }
  if (r === EOF) return l.errorf("missing comma before data");
  if (r === 0x78 || r === 0x58) {
    // The character after x/X is consumed whatever it is.
    if (l.next() === 0x2d) return lexXTokenMediaType;
    return lexInDiscreteMediaType;
  }
  if (isTokenRune(r)) return lexInDiscreteMediaType;
  return l.errorf("invalid character after data prefix");
}

function lexXTokenMediaType(l: Lexer): State {
  for (;;) {
    const r = l.next();
    if (r === SLASH) {
      l.backup();
      return lexMediaType;
    }
    if (r === EOF) return l.errorf("missing media type slash");
    if (!isTokenRune(r)) return l.errorf("invalid character for media type");
  }
}

function lexInDiscreteMediaType(l: Lexer): State {
  for (;;) {
    const r = l.next();
    if (r === SLASH) {
      l.backup();
      if (!isDiscreteOrCompositeType(l.pending())) return l.errorf("invalid media type");
      return lexMediaType;
    }
    if (r === EOF) return l.errorf("missing media type slash");
    if (!isTokenRune(r)) return l.errorf("invalid character for media type");
  }
}

function lexMediaType(l: Lexer): State {
  if (l.pos > l.start) l.emit(Item.MediaType);
  return lexMediaSep;
}

function lexMediaSep(l: Lexer): State {
  l.next();
  l.emit(Item.MediaSep);
  return lexAfterMediaSep;
}

function lexAfterMediaSep(l: Lexer): State {
  for (;;) {
    const r = l.next();
    if (r === SEMI || r === COMMA) {
      l.backup();
      return lexMediaSubType;
    }
    if (r === EOF) return l.errorf("incomplete media type");
    if (!isTokenRune(r)) return l.errorf("invalid character for media subtype");
  }
}

function lexMediaSubType(l: Lexer): State {
  if (l.pos > l.start) l.emit(Item.MediaSubType);
  return lexAfterMediaSubType;
}

function lexAfterMediaSubType(l: Lexer): State {
  const r = l.next();
  if (r === SEMI) {
    l.backup();
    return lexParamSemicolon;
  }
  if (r === COMMA) {
    l.backup();
    return lexDataComma;
  }
  if (r === EOF) return l.errorf("missing comma before data");
  return l.errorf("expected semicolon or comma");
}

function lexParamSemicolon(l: Lexer): State {
  l.next();
  l.emit(Item.ParamSemicolon);
  return lexAfterParamSemicolon;
}

function lexAfterParamSemicolon(l: Lexer): State {
  const r = l.next();
  if (r === EOF) return l.errorf("unterminated parameter sequence");
  if (r === EQUAL || r === COMMA) return l.errorf("unterminated parameter sequence");
  if (isTokenRune(r)) {
    l.backup();
    return lexInParamAttr;
  }
  return l.errorf("invalid character for parameter attribute");
}

function lexBase64Enc(l: Lexer): State {
  if (l.pos > l.start) {
    const v = l.pending();
    if (!equalsAscii(v, "base64")) return l.errorf(`expected base64, got ${bytesToString(v)}`);
    l.seenBase64 = true;
    l.emit(Item.Base64Enc);
  }
  return lexDataComma;
}

function lexInParamAttr(l: Lexer): State {
  for (;;) {
    const r = l.next();
    if (r === EQUAL) {
      l.backup();
      return lexParamAttr;
    }
    if (r === COMMA) {
      l.backup();
      return lexBase64Enc;
    }
    if (r === EOF) return l.errorf("unterminated parameter sequence");
    if (!isTokenRune(r)) return l.errorf("invalid character for parameter attribute");
  }
}

function lexParamAttr(l: Lexer): State {
  if (l.pos > l.start) l.emit(Item.ParamAttr);
  return lexParamEqual;
}

function lexParamEqual(l: Lexer): State {
  l.next();
  l.emit(Item.ParamEqual);
  return lexAfterParamEqual;
}

function lexAfterParamEqual(l: Lexer): State {
  const r = l.next();
  if (r === QUOTE) {
    l.emit(Item.LeftStringQuote);
    return lexInQuotedStringParamVal;
  }
  if (r === EOF) return l.errorf("missing comma before data");
  if (isTokenRune(r)) return lexInParamVal;
  return l.errorf("invalid character for parameter value");
}

function lexInQuotedStringParamVal(l: Lexer): State {
  for (;;) {
    const r = l.next();
    if (r === EOF) return l.errorf("unclosed quoted string");
    if (r === BACKSLASH) return lexEscapedChar;
    if (r === QUOTE) {
      l.backup();
      return lexQuotedStringParamVal;
    }
    if (r > 0x7f) return l.errorf("invalid character for parameter value");
  }
}

function lexEscapedChar(l: Lexer): State {
  const r = l.next();
  // EOF (-1) is <= MaxASCII, so Go's "unexpected eof" branch is unreachable.
  if (r <= 0x7f) return lexInQuotedStringParamVal;
  return l.errorf("invalid escaped character");
}

function lexInParamVal(l: Lexer): State {
  for (;;) {
    const r = l.next();
    if (r === SEMI || r === COMMA) {
      l.backup();
      return lexParamVal;
    }
    if (r === EOF) return l.errorf("missing comma before data");
    if (!isTokenRune(r)) return l.errorf("invalid character for parameter value");
  }
}

function lexQuotedStringParamVal(l: Lexer): State {
  if (l.pos > l.start) l.emit(Item.ParamVal);
  l.next();
  l.emit(Item.RightStringQuote);
  return lexAfterParamVal;
}

function lexParamVal(l: Lexer): State {
  if (l.pos > l.start) l.emit(Item.ParamVal);
  return lexAfterParamVal;
}

/** After a parameter value the same choice as after the subtype: another parameter or the data. */
const lexAfterParamVal = lexAfterMediaSubType;

function lexDataComma(l: Lexer): State {
  l.next();
  l.emit(Item.DataComma);
  return l.seenBase64 ? lexBase64Data : lexData;
}

function lexDataWith(l: Lexer, accept: (r: number) => boolean): State {
  for (;;) {
    const r = l.next();
    if (r === EOF) break;
    if (!accept(r)) return l.errorf("invalid data character");
  }
  if (l.pos > l.start) l.emit(Item.Data);
  l.emit(Item.EOF);
  return null;
}

function lexData(l: Lexer): State {
  return lexDataWith(l, isURLCharRune);
}

function lexBase64Data(l: Lexer): State {
  return lexDataWith(l, isBase64Rune);
}

/** Runs the lexer to completion: its items, ending in an EOF or an error item. */
export function lexDataURL(input: Uint8Array): Lexed[] {
  const l = new Lexer(input);
  for (let state: State = lexBeforeDataPrefix; state !== null; ) state = state(l);
  return l.items;
}
