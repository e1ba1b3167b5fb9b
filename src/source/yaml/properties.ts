/**
 * Scanning of node properties (anchors, tags), aliases and directives
 * (`%YAML`, `%TAG`), with yaml.v3's rules: anchor names are letters, digits,
 * `_` and `-`; tags are `!suffix`, `!handle!suffix` or `!<verbatim>`, with
 * `%XX` escapes decoded.
 */
import { hexValue, isBlank, isBreak, isBreakOrEnd, isDigit, isSpaceOrEnd, isUriChar, isWordChar, mayFollowAnchor } from "./chars.js";
import type { Cursor } from "./reader.js";
import { TAG_DIRECTIVE, Token, VERSION_DIRECTIVE } from "./tokens.js";

const BANG = 0x21;
const PERCENT = 0x25;
const HASH = 0x23;
const DOT = 0x2e;
const LT = 0x3c;
const GT = 0x3e;

/**
 * An anchor (`&name`) or alias (`*name`), starting at its indicator; the
 * token's value is the name. (yaml.v3 names either in its error's context,
 * which it does not print.)
 */
export function scanAnchor(cur: Cursor, tok: Token): void {
  const src = cur.src;
  const startLine = cur.line;
  cur.advance();
  const start = cur.pos;
  while (isWordChar(src.charCodeAt(cur.pos))) {
    cur.pos++;
    cur.col++;
  }
  const c = src.charCodeAt(cur.pos);
  if (cur.pos === start || !(isSpaceOrEnd(c) || mayFollowAnchor(c))) {
    throw cur.fail("did not find expected alphabetic or numeric character", startLine);
  }
  tok.value = src.slice(start, cur.pos);
}

/** A tag, starting at its `!`: the token's handle and value (suffix) are set. */
export function scanTag(cur: Cursor, tok: Token): void {
  const src = cur.src;
  const startLine = cur.line;
  let handle: string;
  let suffix: string;
  if (src.charCodeAt(cur.pos + 1) === LT) {
    cur.pos += 2;
    cur.col += 2;
    handle = "";
    suffix = scanUri(cur, "", startLine);
    if (src.charCodeAt(cur.pos) !== GT) throw cur.fail("did not find the expected '>'", startLine);
    cur.advance();
  } else {
    handle = scanHandle(cur, false, startLine);
    if (handle.length > 1 && handle.charCodeAt(handle.length - 1) === BANG) {
      suffix = scanUri(cur, "", startLine);
    } else {
      // Not a handle after all: `!suffix` (or `!` alone, the non-specific tag).
      suffix = scanUri(cur, handle, startLine);
      handle = "!";
      if (suffix === "") {
        handle = "";
        suffix = "!";
      }
    }
  }
  if (!isSpaceOrEnd(src.charCodeAt(cur.pos))) throw cur.fail("did not find expected whitespace or line break", startLine);
  tok.handle = handle;
  tok.value = suffix;
}

/** `!`, `!!` or `!word!`; in a tag (not a directive) also `!word`, which the caller treats as the start of a suffix. */
function scanHandle(cur: Cursor, directive: boolean, startLine: number): string {
  const src = cur.src;
  if (src.charCodeAt(cur.pos) !== BANG) throw cur.fail("did not find expected '!'", startLine);
  const start = cur.pos;
  cur.advance();
  while (isWordChar(src.charCodeAt(cur.pos))) cur.advance();
  if (src.charCodeAt(cur.pos) === BANG) {
    cur.advance();
  } else if (directive && cur.pos - start !== 1) {
    throw cur.fail("did not find expected '!'", startLine);
  }
  return src.slice(start, cur.pos);
}

/**
 * The URI part of a tag; `head` is what a tag handle scan already took
 * (its leading `!` is dropped). Fails when the result would be empty.
 */
function scanUri(cur: Cursor, head: string, startLine: number): string {
  const src = cur.src;
  let text = head.length > 1 ? head.slice(1) : "";
  let found = head.length > 0;
  let runStart = cur.pos;
  let c = src.charCodeAt(cur.pos);
  while (isUriChar(c)) {
    if (c === PERCENT) {
      text += src.slice(runStart, cur.pos) + scanUriEscapes(cur, startLine);
      runStart = cur.pos;
    } else {
      cur.advance();
    }
    found = true;
    c = src.charCodeAt(cur.pos);
  }
  text += src.slice(runStart, cur.pos);
  if (!found) throw cur.fail("did not find expected tag URI", startLine);
  return text;
}

/** The UTF-8 length a leading byte announces, 0 when it cannot lead. */
function utf8Width(b: number): number {
  if ((b & 0x80) === 0) return 1;
  if ((b & 0xe0) === 0xc0) return 2;
  if ((b & 0xf0) === 0xe0) return 3;
  if ((b & 0xf8) === 0xf0) return 4;
  return 0;
}

/** `%XX` escapes making up one UTF-8 encoded character. */
function scanUriEscapes(cur: Cursor, startLine: number): string {
  const src = cur.src;
  const bytes: number[] = [];
  let width = 0;
  do {
    const hi = hexValue(src.charCodeAt(cur.pos + 1));
    const lo = hexValue(src.charCodeAt(cur.pos + 2));
    if (src.charCodeAt(cur.pos) !== PERCENT || hi < 0 || lo < 0) throw cur.fail("did not find URI escaped octet", startLine);
    const octet = hi * 16 + lo;
    if (bytes.length === 0) {
      width = utf8Width(octet);
      if (width === 0) throw cur.fail("found an incorrect leading UTF-8 octet", startLine);
    } else if ((octet & 0xc0) !== 0x80) {
      throw cur.fail("found an incorrect trailing UTF-8 octet", startLine);
    }
    bytes.push(octet);
    cur.pos += 3;
    cur.col += 3;
  } while (bytes.length < width);
  return Buffer.from(bytes).toString("utf8");
}

/** A `%YAML` or `%TAG` directive line, starting at its `%`, up to and including its line break. */
export function scanDirective(cur: Cursor): Token {
  const src = cur.src;
  const startPos = cur.pos;
  const startLine = cur.line;
  const startCol = cur.col;
  cur.advance();
  const nameStart = cur.pos;
  while (isWordChar(src.charCodeAt(cur.pos))) cur.advance();
  if (cur.pos === nameStart) throw cur.fail("could not find expected directive name", startLine);
  if (!isSpaceOrEnd(src.charCodeAt(cur.pos))) throw cur.fail("found unexpected non-alphabetical character", startLine);
  const name = src.slice(nameStart, cur.pos);
  let tok: Token;
  if (name === "YAML") {
    skipBlanks(cur);
    tok = new Token(VERSION_DIRECTIVE, startPos, startLine, startCol);
    tok.major = versionNumber(cur, startLine);
    if (src.charCodeAt(cur.pos) !== DOT) throw cur.fail("did not find expected digit or '.' character", startLine);
    cur.advance();
    tok.minor = versionNumber(cur, startLine);
  } else if (name === "TAG") {
    skipBlanks(cur);
    tok = new Token(TAG_DIRECTIVE, startPos, startLine, startCol);
    tok.handle = scanHandle(cur, true, startLine);
    if (!isBlank(src.charCodeAt(cur.pos))) throw cur.fail("did not find expected whitespace", startLine);
    skipBlanks(cur);
    tok.value = scanUri(cur, "", startLine);
    if (!isSpaceOrEnd(src.charCodeAt(cur.pos))) throw cur.fail("did not find expected whitespace or line break", startLine);
  } else {
    throw cur.fail("found unknown directive name", startLine);
  }
  skipBlanks(cur);
  if (src.charCodeAt(cur.pos) === HASH) {
    while (!isBreakOrEnd(src.charCodeAt(cur.pos))) cur.advance();
  }
  const c = src.charCodeAt(cur.pos);
  if (!isBreakOrEnd(c)) throw cur.fail("did not find expected comment or line break", startLine);
  if (isBreak(c)) cur.advanceBreak();
  return tok;
}

function skipBlanks(cur: Cursor): void {
  while (isBlank(cur.src.charCodeAt(cur.pos))) cur.advance();
}

/** One or two digits of a %YAML version. */
function versionNumber(cur: Cursor, startLine: number): number {
  let value = 0;
  let length = 0;
  let c = cur.src.charCodeAt(cur.pos);
  while (isDigit(c)) {
    if (++length > 2) throw cur.fail("found extremely long version number", startLine);
    value = value * 10 + (c - 0x30);
    cur.advance();
    c = cur.src.charCodeAt(cur.pos);
  }
  if (length === 0) throw cur.fail("did not find expected version number", startLine);
  return value;
}
