/**
 * The scanner's view of the input: one string walked with `charCodeAt`, and
 * the mark (line and column, 0-based, columns counting code points) kept up
 * to date as characters are consumed.
 *
 * yaml.v3 decodes its input in chunks of 512 bytes and refuses a chunk that
 * holds a control character the moment the scanner first needs a character
 * from it, so such an error wins over syntax errors found further on but
 * loses to those found in earlier chunks. The cursor records where that
 * chunk starts (`readerLimit`); the scanner checks it as it goes.
 */
import { BOM, CR, isLowSurrogate, LF } from "./chars.js";
import { CHUNK_BYTES } from "./decode.js";
import { readerError, scannerError, type YamlSyntaxError } from "./errors.js";

/** Anything but tab, CR, LF and printable BMP characters: NEL, LS, PS, astral characters, control characters. */
const NOT_ORDINARY = /[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd]/;
/** A CR that is not part of a CR LF pair. */
const LONE_CR = /\r(?!\n)/;
/** What yaml.v3 refuses (surrogates pass: a JavaScript string holds astral characters as pairs). */
const REFUSED = /[^\t\n\r\x20-\x7e\x85\xa0-\ufffd]/g;

export class Cursor {
  /** The input followed by NULs, so the scanner may look a few characters past its end. */
  readonly src: string;
  /** Length of the input in `src`. */
  readonly end: number;
  /**
   * Whether the input has only LF (or only CR LF) line breaks and no astral
   * or control characters: then a line ends at the next "\n" (or the end),
   * and columns count UTF-16 units, which lets the scanner skip over text
   * natively.
   */
  readonly ordinary: boolean;
  /** Whether an ordinary input has CR LF line breaks. */
  private readonly crlf: boolean;
  /** Index into `src` (UTF-16 units) of the next character. */
  pos: number;
  line = 0;
  col = 0;
  /** Index of the first character of the chunk yaml.v3 refuses, or Infinity. */
  readonly readerLimit: number;
  /** What yaml.v3's reader says of that chunk. */
  private readonly readerProblem: string;

  /** `refused`: a chunk the decoder of the input's bytes refused (see decode.ts). */
  constructor(text: string, refused?: { index: number; problem: string }) {
    this.src = text + "\0\0\0\0";
    this.end = text.length;
    // A byte order mark at the very start is the decoder's business: it is not part of the first line.
    this.pos = text.charCodeAt(0) === BOM ? 1 : 0;
    let ordinary = refused === undefined && !NOT_ORDINARY.test(text);
    this.crlf = ordinary && text.indexOf("\r") >= 0;
    if (this.crlf) ordinary = !LONE_CR.test(text);
    this.ordinary = ordinary;
    let limit = refused?.index ?? Infinity;
    if (refused === undefined && !this.ordinary) {
      REFUSED.lastIndex = this.pos;
      const m = REFUSED.exec(text);
      if (m !== null) limit = refusedChunkStart(text, this.pos, m.index);
    }
    this.readerLimit = limit;
    this.readerProblem = refused?.problem ?? "control characters are not allowed";
  }

  /** Index of the line break (or end of input) that ends the line at `from`; only for an ordinary input. */
  lineEnd(from: number): number {
    const nl = this.src.indexOf("\n", from);
    if (nl < 0) return this.end;
    return this.crlf && nl > from && this.src.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
  }

  /** Consumes one character that is not a line break. */
  advance(): void {
    if (!isLowSurrogate(this.src.charCodeAt(this.pos++))) this.col++;
  }

  /** Consumes one line break (CR LF as one). */
  advanceBreak(): void {
    if (this.src.charCodeAt(this.pos) === CR && this.src.charCodeAt(this.pos + 1) === LF) this.pos += 2;
    else this.pos++;
    this.line++;
    this.col = 0;
  }

  /**
   * A scanner error whose context starts on `contextLine`; when reading had
   * already reached the refused chunk, the decoder's error instead. Scanning
   * has usually looked one character past the current one (`lookahead`);
   * checks that read nothing new (simple keys, depth) pass 0.
   */
  fail(problem: string, contextLine: number, lookahead = 1): YamlSyntaxError {
    if (this.pos + lookahead >= this.readerLimit) return readerError(this.readerProblem);
    return scannerError(problem, contextLine, this.line);
  }

  /** Throws the decoder's error once the scanner needs characters from the refused chunk. */
  checkReader(lookahead: number): void {
    if (this.pos + lookahead >= this.readerLimit) throw readerError(this.readerProblem);
  }
}

/**
 * Where the 512-byte chunk holding `text[bad]`, the first character yaml.v3
 * refuses, starts, as an index into `text`. A character cut by a chunk
 * boundary is decoded with the next chunk, which then ends 512 bytes after
 * that character starts.
 */
function refusedChunkStart(text: string, from: number, bad: number): number {
  let byte = from === 1 ? 3 : 0; // UTF-8 bytes before text[from]: a leading BOM takes 3
  let chunkStart = from;
  let chunkEnd = CHUNK_BYTES;
  for (let i = from; i <= bad; i++) {
    const c = text.charCodeAt(i);
    const start = i;
    let width: number;
    if (c < 0x80) width = 1;
    else if (c < 0x800) width = 2;
    else if ((c & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      width = 4;
      i++;
    } else width = 3;
    if (byte + width > chunkEnd) {
      chunkStart = start;
      chunkEnd = byte + CHUNK_BYTES;
    }
    byte += width;
  }
  return chunkStart;
}
