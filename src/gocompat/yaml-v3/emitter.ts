// The emitter: the subset of yaml.v3's state machine reachable from generic
// values in block style, keeping the same column/whitespace/indention state so
// line breaks and padding fall exactly where yaml.v3 puts them.

import { formatGoFloat } from "../float.js";
import { runes } from "../utf8.js";
import { analyzeScalar, type ScalarAnalysis } from "./analyze.js";
import { isBreak, isPrintable } from "./chars.js";
import { sortKeys } from "./sort-keys.js";
import { requestedStringStyle, type ScalarStyle, selectStyle } from "./style.js";

const BEST_INDENT = 2;

export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

export class Emitter {
  /** Keys in insertion order rather than yaml.v3's sorted order (for documents people read). */
  constructor(
    private readonly keepKeyOrder = false,
    private readonly ints = false,
  ) {}

  private readonly chunks: string[] = [];
  private column = 0;
  /** The last thing written was whitespace (or nothing yet on this line). */
  private whitespace = true;
  /** Only indentation has been written on the current line so far. */
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];

  output(): string {
    return this.chunks.join("");
  }

  emitDocument(value: JsonValue): void {
    this.emitNode(value, false);
    // Document end: finish the last line.
    this.writeIndent();
  }

  // --- low-level writers

  private put(ascii: string): void {
    this.chunks.push(ascii);
    this.column += ascii.length;
  }

  private putBreak(): void {
    this.chunks.push("\n");
    this.column = 0;
    this.indention = true;
  }

  private writeChar(cp: number): void {
    this.chunks.push(String.fromCodePoint(cp));
    this.column++;
  }

  private writeBreak(cp: number): void {
    if (cp === 0x0a) {
      this.putBreak();
    } else {
      this.chunks.push(String.fromCodePoint(cp));
      this.column = 0;
      this.indention = true;
    }
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.putBreak();
    }
    while (this.column < indent) this.put(" ");
    this.whitespace = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, inSequenceItem: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) {
      this.indent = flow ? BEST_INDENT : 0;
    } else if (inSequenceItem) {
      // The first indent inside a sequence item just skips the "- ".
      this.indent += 2;
    } else {
      this.indent = BEST_INDENT * Math.floor((this.indent + BEST_INDENT) / BEST_INDENT);
    }
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  // --- nodes

  private emitNode(value: JsonValue, inSequenceItem: boolean): void {
    if (value === null) {
      this.emitScalar(runes("null"), "plain", inSequenceItem, false);
    } else if (typeof value === "boolean") {
      this.emitScalar(runes(value ? "true" : "false"), "plain", inSequenceItem, false);
    } else if (typeof value === "bigint" || (typeof value === "number" && this.ints && Number.isInteger(value))) {
      this.emitScalar(runes(String(value)), "plain", inSequenceItem, false);
    } else if (typeof value === "number") {
      this.emitScalar(runes(formatGoFloat(value)), "plain", inSequenceItem, false);
    } else if (typeof value === "string") {
      this.emitScalar(runes(value), requestedStringStyle(value), inSequenceItem, false);
    } else if (Array.isArray(value)) {
      this.emitSequence(value, inSequenceItem);
    } else {
      this.emitMapping(value, inSequenceItem);
    }
  }

  private emitEmptyFlow(open: string, close: string, inSequenceItem: boolean): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, inSequenceItem);
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private emitSequence(items: JsonValue[], inSequenceItem: boolean): void {
    if (items.length === 0) {
      this.emitEmptyFlow("[", "]", inSequenceItem);
      return;
    }
    this.increaseIndent(false, inSequenceItem);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.emitNode(item, true);
    }
    this.popIndent();
  }

  private emitMapping(map: { [key: string]: JsonValue }, inSequenceItem: boolean): void {
    const keys = this.keepKeyOrder ? Object.keys(map) : sortKeys(Object.keys(map));
    if (keys.length === 0) {
      this.emitEmptyFlow("{", "}", inSequenceItem);
      return;
    }
    this.increaseIndent(false, inSequenceItem);
    for (const key of keys) {
      this.writeIndent();
      const cps = runes(key);
      const analysis = analyzeScalar(cps);
      const simple = !analysis.multiline && analysis.byteLength <= 128;
      if (simple) {
        this.emitScalar(cps, requestedStringStyle(key), false, true, analysis);
        this.writeIndicator(":", false, false, false);
      } else {
        // Complex key: "? key" on its own, then ": value".
        this.writeIndicator("?", true, false, true);
        this.emitScalar(cps, requestedStringStyle(key), false, false, analysis);
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.emitNode(map[key]!, false);
    }
    this.popIndent();
  }

  private emitScalar(
    cps: number[],
    requested: ScalarStyle,
    inSequenceItem: boolean,
    simpleKey: boolean,
    analysis: ScalarAnalysis = analyzeScalar(cps),
  ): void {
    const style = selectStyle(requested, cps, analysis, simpleKey);
    this.increaseIndent(true, inSequenceItem);
    switch (style) {
      case "plain":
        this.writePlain(cps);
        break;
      case "single":
        this.writeSingleQuoted(cps);
        break;
      case "double":
        this.writeDoubleQuoted(cps);
        break;
      case "literal":
        this.writeLiteral(cps);
        break;
    }
    this.popIndent();
  }

  private writePlain(cps: number[]): void {
    if (cps.length > 0 && !this.whitespace) this.put(" ");
    let breaks = false;
    for (const cp of cps) {
      if (cp === 0x20) {
        this.writeChar(cp);
      } else if (isBreak(cp)) {
        // Unreachable in practice (line breaks rule out plain style).
        if (!breaks && cp === 0x0a) this.putBreak();
        this.writeBreak(cp);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeChar(cp);
        this.indention = false;
        breaks = false;
      }
    }
    if (cps.length > 0) this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(cps: number[]): void {
    this.writeIndicator("'", true, false, false);
    let breaks = false;
    for (const cp of cps) {
      if (cp === 0x20) {
        this.writeChar(cp);
      } else if (isBreak(cp)) {
        if (!breaks && cp === 0x0a) this.putBreak();
        this.writeBreak(cp);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (cp === 0x27) this.put("'");
        this.writeChar(cp);
        this.indention = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(cps: number[]): void {
    this.writeIndicator('"', true, false, false);
    // yaml.v3 checks for a BOM at the start of the *whole* value at every
    // position, so a leading BOM makes it escape every character.
    const startsWithBom = cps[0] === 0xfeff;
    for (const cp of cps) {
      if (!isPrintable(cp) || startsWithBom || isBreak(cp) || cp === 0x22 || cp === 0x5c) {
        this.put("\\" + escapeCodePoint(cp));
      } else {
        this.writeChar(cp);
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(cps: number[]): void {
    this.writeIndicator("|", true, false, false);
    // Indentation indicator when the content starts with a space or break.
    if (cps.length > 0 && (cps[0] === 0x20 || isBreak(cps[0]!))) {
      this.writeIndicator(String(BEST_INDENT), false, false, false);
    }
    // Chomping indicator.
    let chomp = "";
    const n = cps.length;
    if (n === 0 || !isBreak(cps[n - 1]!)) chomp = "-";
    else if (n === 1 || isBreak(cps[n - 2]!)) chomp = "+";
    if (chomp !== "") this.writeIndicator(chomp, false, false, false);

    this.whitespace = true;
    let breaks = true;
    for (const cp of cps) {
      if (isBreak(cp)) {
        this.writeBreak(cp);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeChar(cp);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

function escapeCodePoint(cp: number): string {
  switch (cp) {
    case 0x00:
      return "0";
    case 0x07:
      return "a";
    case 0x08:
      return "b";
    case 0x09:
      return "t";
    case 0x0a:
      return "n";
    case 0x0b:
      return "v";
    case 0x0c:
      return "f";
    case 0x0d:
      return "r";
    case 0x1b:
      return "e";
    case 0x22:
      return '"';
    case 0x5c:
      return "\\";
    case 0x85:
      return "N";
    case 0xa0:
      return "_";
    case 0x2028:
      return "L";
    case 0x2029:
      return "P";
  }
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return "x" + hex.padStart(2, "0");
  if (cp <= 0xffff) return "u" + hex.padStart(4, "0");
  return "U" + hex.padStart(8, "0");
}
