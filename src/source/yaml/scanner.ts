/**
 * The YAML scanner: characters in, libyaml's tokens out, with yaml.v3's
 * rules for what a token may be where and yaml.v3's errors.
 *
 * Two things make a YAML scanner more than a tokenizer (libyaml's notes on
 * them hold here too):
 *
 * - Block collections have no opening bracket. The scanner keeps a stack of
 *   indentation columns; a `-`, `?` or key further right than the current
 *   one opens a collection (BLOCK-SEQUENCE-START / BLOCK-MAPPING-START is
 *   queued), a line starting further left closes collections (BLOCK-END).
 *
 * - A mapping key usually has no `?` in front: `key: value`. Every token that
 *   could start such a simple key is remembered (one per flow level); when a
 *   `:` follows on the same line within 1024 characters, a KEY token, and
 *   BLOCK-MAPPING-START if a new mapping begins, are inserted before it in
 *   the queue. So the parser's next token is handed over only once the
 *   scanner knows whether it starts a key, and, like yaml.v3, the scanner
 *   always reads at least two tokens beyond the one handed over. This
 *   lookahead decides which of two errors is reported first, so it is kept
 *   exactly.
 *
 * yaml.v3 also records comments. That changes no token, but it decides where
 * tabs are harmless: a comment after a token on its line is read with that
 * token, and a run of comment lines is read as one block, so tabs before
 * those comments are never taken for indentation.
 */
import { CR, isBlank, isBreak, isBreakOrEnd, isIndicator, isSpaceOrEnd, LF, NUL, SPACE, TAB } from "./chars.js";
import { scanAnchor, scanDirective, scanTag } from "./properties.js";
import { Cursor } from "./reader.js";
import { isDocumentMarker, scanBlock, scanPlain, scanQuoted } from "./scalars.js";
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
  SCALAR,
  STREAM_END,
  STREAM_START,
  TAG,
  Token,
  VALUE,
} from "./tokens.js";

const HASH = 0x23;
const PERCENT = 0x25;
const DASH = 0x2d;
const QUESTION = 0x3f;
const COLON = 0x3a;
const COMMA = 0x2c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const STAR = 0x2a;
const AMP = 0x26;
const BANG = 0x21;
const PIPE = 0x7c;
const GT = 0x3e;
const SQUOTE = 0x27;
const DQUOTE = 0x22;

/** yaml.v3's limit on nested flow collections and on indentation levels. */
const MAX_DEPTH = 10000;
/** A simple key's `:` must come within this many characters of its start. */
const MAX_KEY_LENGTH = 1024;
/** How far yaml.v3 looks ahead for a comment. */
const COMMENT_PEEK = 512;

/** A place where a simple key may start. */
class SimpleKey {
  possible = false;
  /** In block context at the current indentation a key is required: without its `:` the line is an error. */
  required = false;
  /** Number of the key's first token among all tokens of the stream. */
  tokenNumber = 0;
  pos = 0;
  line = 0;
  col = 0;
  /** The key's first token once queued (yaml.v3 files keys by token number; this is the same link). */
  token: Token | null = null;
}

export class Scanner {
  private readonly cur: Cursor;
  private readonly queue: Token[] = [];
  private head = 0;
  /** Tokens handed to the parser so far. */
  private parsed = 0;
  /** Whether the queue was filled for the current head. */
  private available = false;
  private started = false;
  private ended = false;
  /** Type of the token queued last. */
  private last = -1;
  private flowLevel = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private allowSimpleKey = true;
  /** Potential simple keys, one per flow level (0: block context). */
  private readonly keys: SimpleKey[] = [new SimpleKey()];
  /** A key saved for the token queued next, and the level it was saved at. */
  private pendingKey: SimpleKey | null = null;
  private pendingLevel = -1;
  /** The placeholder key of a flow level just opened, which yaml.v3 links to the opening bracket's token. */
  private pendingPlaceholder: SimpleKey | null = null;

  /** `refused`: a chunk the decoder of the input's bytes refused (see decode.ts). */
  constructor(text: string, refused?: { index: number; problem: string }) {
    this.cur = new Cursor(text, refused);
  }

  /** The parser's next token. */
  peek(): Token {
    if (!this.available) this.fill();
    return this.queue[this.head];
  }

  /** Hands the peeked token over. */
  skip(): void {
    this.available = false;
    this.parsed++;
    if (++this.head >= 64 && this.head * 2 >= this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Reads until three tokens wait and the first cannot start a simple key any more. */
  private fill(): void {
    for (;;) {
      if (this.queue.length - this.head >= 3) {
        const level = this.queue[this.head].keyLevel;
        if (level < 0 || level >= this.keys.length || !this.keyStillPossible(this.keys[level])) break;
      }
      this.fetch();
    }
    this.available = true;
  }

  private fetch(): void {
    const cur = this.cur;
    if (!this.started) {
      this.started = true;
      this.push(new Token(STREAM_START, cur.pos, cur.line, cur.col));
      return;
    }
    if (this.ended) {
      // yaml.v3 pads the queue with further STREAM-ENDs.
      this.push(new Token(STREAM_END, cur.pos, cur.line, cur.col));
      return;
    }
    const scanPos = cur.pos;
    const scanLine = cur.line;
    const scanCol = cur.col;
    this.skipToToken();
    if (this.indent > cur.col) this.unrollIndent(cur.col, scanPos, scanLine, scanCol);
    if (cur.pos + 3 >= cur.readerLimit) cur.checkReader(3);
    const src = cur.src;
    const c = src.charCodeAt(cur.pos);
    if (c === NUL) return this.fetchStreamEnd();
    if (cur.col === 0) {
      if (c === PERCENT) return this.fetchDirective();
      if (isDocumentMarker(src, cur.pos)) return this.fetchDocumentIndicator(c === DASH ? DOCUMENT_START : DOCUMENT_END);
    }
    this.fetchToken(c);
    const after = src.charCodeAt(cur.pos);
    if ((after === SPACE || after === TAB || after === HASH) && this.last !== BLOCK_ENTRY) this.skipTrailingComment();
    if (cur.pos + 1 >= cur.readerLimit) cur.checkReader(1);
  }

  private fetchToken(c: number): void {
    const cur = this.cur;
    const next = cur.src.charCodeAt(cur.pos + 1);
    const inFlow = this.flowLevel > 0;
    switch (c) {
      case LBRACKET:
        return this.fetchFlowStart(FLOW_SEQUENCE_START);
      case LBRACE:
        return this.fetchFlowStart(FLOW_MAPPING_START);
      case RBRACKET:
        return this.fetchFlowEnd(FLOW_SEQUENCE_END);
      case RBRACE:
        return this.fetchFlowEnd(FLOW_MAPPING_END);
      case COMMA:
        return this.fetchFlowEntry();
      case DASH:
        if (isSpaceOrEnd(next)) return this.fetchBlockEntry();
        break;
      case QUESTION:
        if (inFlow || isSpaceOrEnd(next)) return this.fetchKey();
        break;
      case COLON:
        if (inFlow || isSpaceOrEnd(next)) return this.fetchValue();
        break;
      case STAR:
        return this.fetchAnchor(ALIAS);
      case AMP:
        return this.fetchAnchor(ANCHOR);
      case BANG:
        return this.fetchTag();
      case PIPE:
        if (!inFlow) return this.fetchBlockScalar(true);
        break;
      case GT:
        if (!inFlow) return this.fetchBlockScalar(false);
        break;
      case SQUOTE:
        return this.fetchQuoted(true);
      case DQUOTE:
        return this.fetchQuoted(false);
    }
    // A plain scalar starts with anything but a blank or an indicator; `-`, and in block context `?` and `:`, when a non-blank follows.
    const plain =
      !(isSpaceOrEnd(c) || isIndicator(c)) ||
      (c === DASH && !isBlank(next)) ||
      (!inFlow && (c === QUESTION || c === COLON) && !isSpaceOrEnd(next));
    if (plain) return this.fetchPlain();
    throw cur.fail("found character that cannot start any token", cur.line);
  }

  // --- queue ---------------------------------------------------------------

  private push(t: Token): void {
    if (this.pendingKey !== null) {
      t.keyLevel = this.pendingLevel;
      this.pendingKey.token = t;
      this.pendingKey = null;
    }
    if (this.pendingPlaceholder !== null) {
      this.pendingPlaceholder.token = t;
      this.pendingPlaceholder = null;
    }
    this.queue.push(t);
    this.last = t.type;
  }

  /** Inserts a token where the token numbered `tokenNumber` stands (after the last one if that was handed over already). */
  private insert(tokenNumber: number, t: Token): void {
    const at = this.head + (tokenNumber - this.parsed);
    if (at < this.head || at >= this.queue.length) this.push(t);
    else this.queue.splice(at, 0, t);
  }

  private nextTokenNumber(): number {
    return this.parsed + (this.queue.length - this.head);
  }

  private indicator(type: number): Token {
    const cur = this.cur;
    const t = new Token(type, cur.pos, cur.line, cur.col);
    cur.pos++;
    cur.col++;
    t.endPos = cur.pos;
    t.endCol = cur.col;
    return t;
  }

  // --- simple keys ---------------------------------------------------------

  /** yaml.v3's check of a remembered key: it lapses at a line break or past 1024 characters; a required one may not. */
  private keyStillPossible(k: SimpleKey): boolean {
    if (!k.possible) return false;
    const cur = this.cur;
    if (k.line < cur.line || this.tooLongForKey(k.pos)) {
      if (k.required) throw cur.fail("could not find expected ':'", k.line, 0);
      k.possible = false;
      return false;
    }
    return true;
  }

  private tooLongForKey(start: number): boolean {
    const cur = this.cur;
    if (cur.pos - start <= MAX_KEY_LENGTH) return false;
    let chars = 0;
    for (let i = start; i < cur.pos; i++) if ((cur.src.charCodeAt(i) & 0xfc00) !== 0xdc00) chars++;
    return chars > MAX_KEY_LENGTH;
  }

  private saveSimpleKey(): void {
    if (!this.allowSimpleKey) return;
    const cur = this.cur;
    const required = this.flowLevel === 0 && this.indent === cur.col;
    this.removeSimpleKey();
    const k = this.keys[this.flowLevel];
    k.possible = true;
    k.required = required;
    k.tokenNumber = this.nextTokenNumber();
    k.pos = cur.pos;
    k.line = cur.line;
    k.col = cur.col;
    k.token = null;
    this.pendingKey = k;
    this.pendingLevel = this.flowLevel;
  }

  private removeSimpleKey(): void {
    const k = this.keys[this.flowLevel];
    if (!k.possible) return;
    if (k.required) throw this.cur.fail("could not find expected ':'", k.line, 0);
    k.possible = false;
    if (k.token !== null) k.token.keyLevel = -1;
  }

  private increaseFlowLevel(): void {
    const cur = this.cur;
    const k = new SimpleKey();
    k.tokenNumber = this.nextTokenNumber();
    k.pos = cur.pos;
    k.line = cur.line;
    k.col = cur.col;
    this.keys.push(k);
    this.pendingPlaceholder = k;
    if (++this.flowLevel > MAX_DEPTH) throw cur.fail(`exceeded max depth of ${MAX_DEPTH}`, k.line, 0);
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel === 0) return;
    this.flowLevel--;
    const k = this.keys.pop()!;
    if (k.token !== null) k.token.keyLevel = -1;
  }

  // --- indentation ---------------------------------------------------------

  /** Opens a block collection at `column` if it is further right than the current one. */
  private rollIndent(column: number, tokenNumber: number, type: number, pos: number, line: number, col: number): void {
    if (this.flowLevel > 0 || this.indent >= column) return;
    this.indents.push(this.indent);
    this.indent = column;
    if (this.indents.length > MAX_DEPTH) throw this.cur.fail(`exceeded max depth of ${MAX_DEPTH}`, this.keys[this.keys.length - 1].line, 0);
    const t = new Token(type, pos, line, col);
    if (tokenNumber >= 0) this.insert(tokenNumber, t);
    else this.push(t);
  }

  /**
   * Closes the block collections indented further than `column`. BLOCK-END
   * is placed where the whitespace before the next token started. (yaml.v3
   * moves it to a comment in that whitespace at the closed collection's
   * indentation, for comment placement; the mark then only shows as the
   * position of a value left out after a `?` key, which we do not follow.)
   */
  private unrollIndent(column: number, pos: number, line: number, col: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      this.push(new Token(BLOCK_END, pos, line, col));
      this.indent = this.indents.pop()!;
    }
  }

  // --- whitespace and comments ---------------------------------------------

  /** Skips blanks, comments and line breaks up to the next token. Tabs separate only where no key may start. */
  private skipToToken(): void {
    const cur = this.cur;
    const src = cur.src;
    for (;;) {
      // (yaml.v3 means to skip a byte order mark at the start of a line here, but its test looks at
      // the start of its decoding buffer instead, so in effect only the input's first one goes.)
      let c = src.charCodeAt(cur.pos);
      const tabs = this.flowLevel > 0 || !this.allowSimpleKey;
      while (c === SPACE || (c === TAB && tabs)) {
        cur.pos++;
        cur.col++;
        c = src.charCodeAt(cur.pos);
      }
      if (c === HASH) {
        this.skipComments();
        c = src.charCodeAt(cur.pos);
      }
      if (!isBreak(c)) return;
      cur.advanceBreak();
      if (this.flowLevel === 0) this.allowSimpleKey = true;
    }
  }

  /**
   * Skips a comment, and the comment lines that follow it: yaml.v3 reads
   * them as one block, looking past blanks (tabs included) and empty lines
   * for the next `#`, at most 512 bytes ahead. (It looks at bytes: the
   * second byte of a NEL, LS or PS line break ends its search.)
   */
  private skipComments(): void {
    const cur = this.cur;
    const src = cur.src;
    for (;;) {
      this.skipToLineEnd();
      let c = src.charCodeAt(cur.pos);
      if (c !== LF && c !== CR) return; // the end, or a multi-byte line break
      let p = cur.pos + 1;
      for (;;) {
        if (p - cur.pos >= COMMENT_PEEK) return;
        c = src.charCodeAt(p);
        if (c === SPACE || c === TAB || c === LF || c === CR) {
          p++;
          continue;
        }
        if (c !== HASH) return;
        break;
      }
      while (cur.pos < p) {
        if (isBreak(src.charCodeAt(cur.pos))) cur.advanceBreak();
        else cur.advance();
      }
    }
  }

  /** A comment after a token on the same line is read with the token (yaml.v3 looks 512 characters ahead for it). */
  private skipTrailingComment(): void {
    const cur = this.cur;
    const src = cur.src;
    let c = src.charCodeAt(cur.pos);
    // Not when the token ended with a line break (yaml.v3: no line comment after newlines).
    let q = cur.pos - 1;
    while (q >= 0 && isBlank(src.charCodeAt(q))) q--;
    if (q >= 0 && isBreak(src.charCodeAt(q))) return;
    let p = cur.pos;
    while (p - cur.pos < COMMENT_PEEK && isBlank(c)) c = src.charCodeAt(++p);
    if (c !== HASH || p - cur.pos >= COMMENT_PEEK) return;
    cur.col += p - cur.pos;
    cur.pos = p;
    this.skipToLineEnd();
  }

  /** Moves to the end of the line (its break, or the end of the input). */
  private skipToLineEnd(): void {
    const cur = this.cur;
    if (cur.ordinary) {
      const end = cur.lineEnd(cur.pos);
      cur.col += end - cur.pos;
      cur.pos = end;
    } else {
      while (!isBreakOrEnd(cur.src.charCodeAt(cur.pos))) cur.advance();
    }
  }

  // --- tokens ----------------------------------------------------------------

  private fetchStreamEnd(): void {
    const cur = this.cur;
    if (cur.col !== 0) {
      // yaml.v3 ends the stream on a line of its own.
      cur.col = 0;
      cur.line++;
    }
    this.unrollIndent(-1, cur.pos, cur.line, cur.col);
    this.removeSimpleKey();
    this.allowSimpleKey = false;
    this.push(new Token(STREAM_END, cur.pos, cur.line, cur.col));
    this.ended = true;
  }

  private fetchDirective(): void {
    const cur = this.cur;
    this.unrollIndent(-1, cur.pos, cur.line, cur.col);
    this.removeSimpleKey();
    this.allowSimpleKey = false;
    this.push(scanDirective(cur));
  }

  private fetchDocumentIndicator(type: number): void {
    const cur = this.cur;
    this.unrollIndent(-1, cur.pos, cur.line, cur.col);
    this.removeSimpleKey();
    this.allowSimpleKey = false;
    const t = new Token(type, cur.pos, cur.line, cur.col);
    cur.pos += 3;
    cur.col += 3;
    this.push(t);
  }

  private fetchFlowStart(type: number): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.allowSimpleKey = true;
    this.push(this.indicator(type));
  }

  private fetchFlowEnd(type: number): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.allowSimpleKey = false;
    this.push(this.indicator(type));
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.allowSimpleKey = true;
    this.push(this.indicator(FLOW_ENTRY));
  }

  private fetchBlockEntry(): void {
    const cur = this.cur;
    if (this.flowLevel === 0) {
      if (!this.allowSimpleKey) throw cur.fail("block sequence entries are not allowed in this context", cur.line);
      this.rollIndent(cur.col, -1, BLOCK_SEQUENCE_START, cur.pos, cur.line, cur.col);
    }
    // (A `-` in flow context is left for the parser to refuse.)
    this.removeSimpleKey();
    this.allowSimpleKey = true;
    this.push(this.indicator(BLOCK_ENTRY));
  }

  private fetchKey(): void {
    const cur = this.cur;
    const block = this.flowLevel === 0;
    if (block) {
      if (!this.allowSimpleKey) throw cur.fail("mapping keys are not allowed in this context", cur.line);
      this.rollIndent(cur.col, -1, BLOCK_MAPPING_START, cur.pos, cur.line, cur.col);
    }
    this.removeSimpleKey();
    this.allowSimpleKey = block;
    this.push(this.indicator(KEY));
  }

  private fetchValue(): void {
    const cur = this.cur;
    const k = this.keys[this.flowLevel];
    if (this.keyStillPossible(k)) {
      // The remembered token starts a key: KEY (and maybe BLOCK-MAPPING-START) go before it.
      this.insert(k.tokenNumber, new Token(KEY, k.pos, k.line, k.col));
      this.rollIndent(k.col, k.tokenNumber, BLOCK_MAPPING_START, k.pos, k.line, k.col);
      k.possible = false;
      if (k.token !== null) k.token.keyLevel = -1;
      this.allowSimpleKey = false;
    } else {
      // A value after an explicit (`?`) key, or after none.
      const block = this.flowLevel === 0;
      if (block) {
        if (!this.allowSimpleKey) throw cur.fail("mapping values are not allowed in this context", cur.line);
        this.rollIndent(cur.col, -1, BLOCK_MAPPING_START, cur.pos, cur.line, cur.col);
      }
      this.allowSimpleKey = block;
    }
    this.push(this.indicator(VALUE));
  }

  private fetchAnchor(type: number): void {
    const cur = this.cur;
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    const t = new Token(type, cur.pos, cur.line, cur.col);
    scanAnchor(cur, t);
    this.push(t);
  }

  private fetchTag(): void {
    const cur = this.cur;
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    const t = new Token(TAG, cur.pos, cur.line, cur.col);
    scanTag(cur, t);
    this.push(t);
  }

  private fetchBlockScalar(literal: boolean): void {
    const cur = this.cur;
    this.removeSimpleKey();
    this.allowSimpleKey = true;
    const t = new Token(SCALAR, cur.pos, cur.line, cur.col);
    scanBlock(cur, t, literal, this.indent);
    this.push(t);
  }

  private fetchQuoted(single: boolean): void {
    const cur = this.cur;
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    const t = new Token(SCALAR, cur.pos, cur.line, cur.col);
    scanQuoted(cur, t, single);
    this.push(t);
  }

  private fetchPlain(): void {
    const cur = this.cur;
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    const t = new Token(SCALAR, cur.pos, cur.line, cur.col);
    if (scanPlain(cur, t, this.indent + 1, this.flowLevel > 0)) this.allowSimpleKey = true;
    this.push(t);
  }
}
