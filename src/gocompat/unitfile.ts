/**
 * go-systemd v22's unit.DeserializeOptions over strings.NewReader(contents),
 * as Ignition calls it to check systemd units and drop-ins: the lexer's steps,
 * its error texts, and its line-length guard.
 *
 * The guard runs before every lexer step: when the bufio.Reader holds at
 * least 2048 bytes and the next 2048 contain neither '\r' nor '\n', parsing
 * stops with "line too long (max 2048 bytes)". Whether it fires depends on
 * how much the 4096-byte buffer happens to hold at that moment, so the reader
 * is emulated (see bufio.ts) rather than the rule restated per line.
 *
 * Behaviour mirrored: text before the first section is skipped rune by rune
 * ('#'/';' lines ignored); "[name]" runs to the first ']' even across lines;
 * garbage after ']' on the line is an error naming the lexer's (always empty)
 * section; option names end at '=' and are TrimSpace'd; a newline in a name
 * is an error and end of input is "EOF"; values are read line by line, a
 * trailing backslash continues the value on the next line (joined with '\n',
 * the backslash kept), a blank line ends it, and the result is TrimSpace'd
 * (with one '\n' put back when the value ended in a continuation followed by
 * a blank line or the end of input). Sections without options contribute
 * nothing.
 */

import { GoBufReader } from "./bufio.js";
import { goQuote } from "./quote.js";
import { goIsSpace, goTrimSpaceBytes } from "./space.js";
import { bytesToString, encodeRune, toBytes } from "./utf8.js";

export interface UnitOption {
  section: string;
  name: string;
  value: string;
}

export type UnitParseResult = { ok: true; options: UnitOption[] } | { ok: false; error: string };

export const SYSTEMD_LINE_MAX = 2048;

type Step = () => Step | null;

class UnitLexError extends Error {}

const NL = 0x0a;
const CR = 0x0d;
const BACKSLASH = 0x5c;

function isComment(r: number): boolean {
  return r === 0x23 || r === 0x3b;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** unit.DeserializeOptions(strings.NewReader(contents)). */
export function parseUnitOptions(contents: string | Uint8Array): UnitParseResult {
  const buf = new GoBufReader(toBytes(contents));
  const options: UnitOption[] = [];

  /** toEOL: the rest of the line, with Go's suffix trimming. */
  const toEOL = (): { line: Uint8Array; eof: boolean } => {
    const { bytes, eof } = buf.readBytes(NL);
    let line = bytes;
    // bytes.TrimSuffix(line, "\r") then bytes.TrimSuffix(line, "\n"): a
    // "\r\n" ending keeps its '\r'.
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    if (line.length > 0 && line[line.length - 1] === NL) line = line.subarray(0, line.length - 1);
    return { line, eof };
  };

  const ignoreLine =
    (next: Step): Step =>
    () => {
      for (;;) {
        let { line } = toEOL();
        if (line.length > 0 && line[line.length - 1] === 0x20) line = line.subarray(0, line.length - 1);
        if (!(line.length > 0 && line[line.length - 1] === BACKSLASH)) break;
      }
      return next;
    };

  const lexNextSection: Step = () => {
    const rr = buf.readRune();
    if (rr === null) return null;
    if (rr.rune === 0x5b) return lexSectionName;
    if (isComment(rr.rune)) return ignoreLine(lexNextSection);
    return lexNextSection;
  };

  const lexSectionName: Step = () => {
    const { bytes, eof } = buf.readBytes(0x5d);
    if (eof) throw new UnitLexError("unable to find end of section");
    return lexSectionSuffix(bytesToString(bytes.subarray(0, bytes.length - 1)));
  };

  const lexSectionSuffix =
    (section: string): Step =>
    () => {
      const garbage = goTrimSpaceBytes(toEOL().line);
      if (garbage.length > 0) {
        throw new UnitLexError(`found garbage after section name : ${goQuote(garbage)}`);
      }
      return lexNextSectionOrOption(section);
    };

  const lexNextSectionOrOption =
    (section: string): Step =>
    () => {
      const rr = buf.readRune();
      if (rr === null) return null;
      if (goIsSpace(rr.rune)) return lexNextSectionOrOption(section);
      if (rr.rune === 0x5b) return lexSectionName;
      if (isComment(rr.rune)) return ignoreLine(lexNextSectionOrOption(section));
      buf.unreadRune();
      return lexOptionName(section);
    };

  const lexOptionName =
    (section: string): Step =>
    () => {
      const name: number[] = [];
      for (;;) {
        const rr = buf.readRune();
        if (rr === null) throw new UnitLexError("EOF");
        if (rr.rune === NL || rr.rune === CR) {
          throw new UnitLexError("unexpected newline encountered while parsing option name");
        }
        if (rr.rune === 0x3d) break;
        // bytes.Buffer.WriteRune: an invalid byte was read as U+FFFD and is written so.
        name.push(...encodeRune(rr.rune));
      }
      const trimmed = bytesToString(goTrimSpaceBytes(Uint8Array.from(name)));
      return lexOptionValue(section, trimmed, new Uint8Array(0));
    };

  const lexOptionValue =
    (section: string, name: string, partial: Uint8Array): Step =>
    () => {
      let value = partial;
      const { line, eof } = toEOL();
      if (goTrimSpaceBytes(line).length > 0) {
        value = concat(value, line);
        if (line[line.length - 1] === BACKSLASH) {
          // Continuation: the next line is read by a new step (the length
          // guard runs in between).
          if (!eof) value = concat(value, Uint8Array.of(NL));
          return lexOptionValue(section, name, value);
        }
      }
      let text: Uint8Array;
      if (value.length > 0 && value[value.length - 1] === NL) {
        text = concat(goTrimSpaceBytes(value), Uint8Array.of(NL));
      } else {
        text = goTrimSpaceBytes(value);
      }
      options.push({ section, name, value: bytesToString(text) });
      return lexNextSectionOrOption(section);
    };

  let next: Step | null = lexNextSection;
  try {
    while (next !== null) {
      if (buf.buffered() >= SYSTEMD_LINE_MAX) {
        const { bytes } = buf.peek(SYSTEMD_LINE_MAX);
        if (!bytes.includes(NL) && !bytes.includes(CR)) {
          return { ok: false, error: `line too long (max ${SYSTEMD_LINE_MAX} bytes)` };
        }
      }
      next = next();
    }
  } catch (e) {
    if (e instanceof UnitLexError) return { ok: false, error: e.message };
    throw e;
  }
  return { ok: true, options };
}
