/**
 * JSON parsed from raw bytes, keeping the byte offset of every value and key.
 *
 * Syntax errors carry the message and offset Go's encoding/json scanner
 * reports for the same input (Ignition prints them as its parse errors): the
 * offset is one past the offending byte, or the input length at end of input.
 *
 * Offsets follow the context tree Ignition correlates its reports with:
 * objects and arrays start one past their opening bracket, strings at the
 * opening quote, other scalars at their first byte, keys at their quote.
 */
import { quoteByteAsRune } from "../gocompat/quote.js";
import { decodeJsonString } from "./json-string.js";

export interface JsonObject {
  kind: "object";
  start: number;
  end: number;
  /** Members in document order, duplicates included. */
  members: JsonMember[];
  /** Last member for each key, as Go's map-based context tree keeps it. */
  byKey: Map<string, JsonMember>;
}
export interface JsonArray {
  kind: "array";
  start: number;
  end: number;
  items: JsonNode[];
}
export interface JsonString {
  kind: "string";
  start: number;
  end: number;
  value: string;
}
export interface JsonNumber {
  kind: "number";
  start: number;
  end: number;
  /** The literal exactly as written (Go decodes integers from it). */
  raw: string;
}
export interface JsonBool {
  kind: "bool";
  start: number;
  end: number;
  value: boolean;
}
export interface JsonNull {
  kind: "null";
  start: number;
  end: number;
}
export type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonBool | JsonNull;
export type JsonScalar = JsonString | JsonNumber | JsonBool | JsonNull;

export interface JsonMember {
  key: string;
  keyStart: number;
  value: JsonNode;
}

export interface JsonSyntaxError {
  message: string;
  offset: number;
}

export type JsonParseResult = { ok: true; root: JsonNode } | { ok: false; error: JsonSyntaxError };

const MAX_DEPTH = 10000;

class SyntaxFailure extends Error {
  constructor(readonly syntax: JsonSyntaxError) {
    super(syntax.message);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

type Frame = { kind: "object"; node: JsonObject; key: string; keyStart: number } | { kind: "array"; node: JsonArray };

/** Parses `bytes` as one JSON document. */
export function parseJson(bytes: Uint8Array): JsonParseResult {
  try {
    return { ok: true, root: new Parser(bytes).document() };
  } catch (e) {
    if (e instanceof SyntaxFailure) return { ok: false, error: e.syntax };
    throw e;
  }
}

/** What the careful string loop must see: a control byte, an escape, a byte outside ASCII. */
const NEEDS_CARE = /[\x00-\x1f\\\x80-\xff]/;

class Parser {
  private i = 0;
  private readonly n: number;
  /** The same bytes, for native searches and slices. */
  private readonly buf: Buffer;
  constructor(private readonly b: Uint8Array) {
    this.n = b.length;
    this.buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  }

  private fail(context: string): never {
    // Go reports the offending byte, counting it as read.
    throw new SyntaxFailure({
      message: `invalid character ${quoteByteAsRune(this.b[this.i])} ${context}`,
      offset: this.i + 1,
    });
  }
  private eof(): never {
    throw new SyntaxFailure({ message: "unexpected end of JSON input", offset: this.n });
  }
  /**
   * End of input inside a token Go's scanner cannot end there: at end of
   * input it feeds one space to the scanner, so the error names that space.
   */
  private eofIn(context: string): never {
    throw new SyntaxFailure({ message: `invalid character ' ' ${context}`, offset: this.n });
  }
  private skipSpace(): void {
    while (this.i < this.n && isSpace(this.b[this.i])) this.i++;
  }

  document(): JsonNode {
    const stack: Frame[] = [];
    let value: JsonNode | undefined;
    // The loop alternates between reading a value and deciding what follows it.
    for (;;) {
      this.skipSpace();
      if (this.i >= this.n) this.eof();
      const c = this.b[this.i];
      if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        if (stack.length >= MAX_DEPTH) {
          this.fail("exceeded max depth");
        }
        this.i++;
        if (c === 0x7b) {
          const node: JsonObject = { kind: "object", start: this.i, end: -1, members: [], byKey: new Map() };
          this.skipSpace();
          if (this.i >= this.n) this.eof();
          if (this.b[this.i] === 0x7d /* } */) {
            this.i++;
            node.end = this.i;
            value = node;
          } else {
            const [key, keyStart] = this.objectKey();
            stack.push({ kind: "object", node, key, keyStart });
            continue;
          }
        } else {
          const node: JsonArray = { kind: "array", start: this.i, end: -1, items: [] };
          this.skipSpace();
          if (this.i >= this.n) this.eof();
          if (this.b[this.i] === 0x5d /* ] */) {
            this.i++;
            node.end = this.i;
            value = node;
          } else {
            stack.push({ kind: "array", node });
            continue;
          }
        }
      } else {
        value = this.scalar();
      }

      // Attach the finished value to its container and read what follows.
      for (;;) {
        const top = stack[stack.length - 1];
        if (!top) {
          this.skipSpace();
          if (this.i < this.n) this.fail("after top-level value");
          return value!;
        }
        this.skipSpace();
        if (top.kind === "object") {
          const member: JsonMember = { key: top.key, keyStart: top.keyStart, value: value! };
          top.node.members.push(member);
          top.node.byKey.set(top.key, member);
          if (this.i >= this.n) this.eof();
          const c2 = this.b[this.i];
          if (c2 === 0x2c /* , */) {
            this.i++;
            this.skipSpace();
            if (this.i >= this.n) this.eof();
            if (this.b[this.i] !== 0x22) this.fail("looking for beginning of object key string");
            const [key, keyStart] = this.objectKey();
            top.key = key;
            top.keyStart = keyStart;
            break;
          }
          if (c2 === 0x7d /* } */) {
            this.i++;
            top.node.end = this.i;
            value = top.node;
            stack.pop();
            continue;
          }
          this.fail("after object key:value pair");
        } else {
          top.node.items.push(value!);
          if (this.i >= this.n) this.eof();
          const c2 = this.b[this.i];
          if (c2 === 0x2c) {
            this.i++;
            break;
          }
          if (c2 === 0x5d) {
            this.i++;
            top.node.end = this.i;
            value = top.node;
            stack.pop();
            continue;
          }
          this.fail("after array element");
        }
      }
    }
  }

  /** Reads `"key"` and the colon after it; the cursor is on the opening quote or a non-quote. */
  private objectKey(): [string, number] {
    if (this.b[this.i] !== 0x22) this.fail("looking for beginning of object key string");
    const keyStart = this.i;
    const key = this.string().value;
    this.skipSpace();
    if (this.i >= this.n) this.eof();
    if (this.b[this.i] !== 0x3a /* : */) this.fail("after object key");
    this.i++;
    return [key, keyStart];
  }

  private scalar(): JsonScalar {
    const c = this.b[this.i];
    if (c === 0x22) return this.string();
    if (c === 0x2d || isDigit(c)) return this.number();
    if (c === 0x74) return { kind: "bool", value: true, ...this.literal("true") };
    if (c === 0x66) return { kind: "bool", value: false, ...this.literal("false") };
    if (c === 0x6e) return { kind: "null", ...this.literal("null") };
    this.fail("looking for beginning of value");
  }

  private string(): JsonString {
    const start = this.i;
    // Most strings (base64 data URLs, unit files, names) are plain ASCII: find
    // the closing quote and check the bytes before it natively; any string
    // with something to decode or to refuse takes the loop below.
    const close = this.buf.indexOf(0x22, start + 1);
    if (close > start) {
      const plain = this.buf.toString("latin1", start + 1, close);
      if (!NEEDS_CARE.test(plain)) {
        this.i = close + 1;
        return { kind: "string", start, end: this.i, value: plain };
      }
    }
    this.i++;
    let escaped = false;
    let ascii = true;
    for (;;) {
      if (this.i >= this.n) this.eof();
      const c = this.b[this.i];
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        this.i++;
        if (this.i >= this.n) this.eofIn("in string escape code");
        const e = this.b[this.i];
        if (e === 0x75 /* u */) {
          for (let k = 0; k < 4; k++) {
            this.i++;
            if (this.i >= this.n) this.eofIn("in \\u hexadecimal character escape");
            if (!isHex(this.b[this.i])) this.fail("in \\u hexadecimal character escape");
          }
        } else if (e !== 0x22 && e !== 0x5c && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) {
          this.fail("in string escape code");
        }
      } else if (c < 0x20) {
        this.fail("in string literal");
      } else if (c >= 0x80) {
        ascii = false;
      }
      this.i++;
    }
    this.i++;
    const value = decodeJsonString(this.b, start + 1, this.i - 1, escaped, ascii);
    return { kind: "string", start, end: this.i, value };
  }

  private number(): JsonNumber {
    const start = this.i;
    const b = this.b;
    if (b[this.i] === 0x2d) {
      this.i++;
      if (this.i >= this.n) this.eofIn("in numeric literal");
      if (!isDigit(b[this.i])) this.fail("in numeric literal");
    }
    if (b[this.i] === 0x30) {
      this.i++;
    } else {
      while (this.i < this.n && isDigit(b[this.i])) this.i++;
    }
    if (this.i < this.n && b[this.i] === 0x2e /* . */) {
      this.i++;
      if (this.i >= this.n) this.eofIn("after decimal point in numeric literal");
      if (!isDigit(b[this.i])) this.fail("after decimal point in numeric literal");
      while (this.i < this.n && isDigit(b[this.i])) this.i++;
    }
    if (this.i < this.n && (b[this.i] === 0x65 || b[this.i] === 0x45)) {
      this.i++;
      if (this.i < this.n && (b[this.i] === 0x2b || b[this.i] === 0x2d)) this.i++;
      if (this.i >= this.n) this.eofIn("in exponent of numeric literal");
      if (!isDigit(b[this.i])) this.fail("in exponent of numeric literal");
      while (this.i < this.n && isDigit(b[this.i])) this.i++;
    }
    let raw = "";
    for (let k = start; k < this.i; k++) raw += String.fromCharCode(b[k]);
    return { kind: "number", start, end: this.i, raw };
  }

  /** Reads the keyword `word`; returns where it starts and ends. */
  private literal(word: string): { start: number; end: number } {
    const start = this.i;
    for (let k = 1; k < word.length; k++) {
      this.i++;
      const context = `in literal ${word} (expecting '${word[k]}')`;
      if (this.i >= this.n) this.eofIn(context);
      if (this.b[this.i] !== word.charCodeAt(k)) this.fail(context);
    }
    this.i++;
    return { start, end: this.i };
  }
}
