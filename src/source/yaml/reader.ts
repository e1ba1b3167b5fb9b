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
import { BOM, CR, isAllowed, isLowSurrogate, LF, LS, PS } from "./chars.js";
import { readerError, scannerError, type YamlSyntaxError } from "./errors.js";

/** Bytes yaml.v3 reads (and decodes) at a time from an in-memory input. */
const CHUNK_BYTES = 512;

export class Cursor {
  /** The input followed by NULs, so the scanner may look a few characters past its end. */
  readonly src: string;
  /** Index into `src` (UTF-16 units) of the next character. */
  pos: number;
  line = 0;
  col = 0;
  /** Index of the first character of the chunk yaml.v3 refuses, or Infinity. */
  readonly readerLimit: number;

  constructor(text: string) {
    this.src = text + "\0\0\0\0";
    // A byte order mark at the very start is the decoder's business: it is not part of the first line.
    this.pos = text.charCodeAt(0) === BOM ? 1 : 0;
    this.readerLimit = refusedChunkStart(text, this.pos);
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

  /** Consumes one line break and returns it as a scalar holds it: LS and PS as they are, the others as "\n". */
  readBreak(): string {
    const c = this.src.charCodeAt(this.pos);
    this.advanceBreak();
    return c === LS || c === PS ? String.fromCharCode(c) : "\n";
  }

  /**
   * A scanner error whose context starts on `contextLine`; when reading had
   * already reached the refused chunk, the decoder's error instead.
   */
  fail(problem: string, contextLine: number): YamlSyntaxError {
    if (this.pos + 3 >= this.readerLimit) return readerError("control characters are not allowed");
    return scannerError(problem, contextLine, this.line);
  }

  /** Throws the decoder's error once the scanner needs characters from the refused chunk. */
  checkReader(lookahead: number): void {
    if (this.pos + lookahead >= this.readerLimit) throw readerError("control characters are not allowed");
  }
}

/**
 * Where the 512-byte chunk holding the first character yaml.v3 refuses
 * starts, as an index into `text`; Infinity when every character is allowed.
 * A character cut by a chunk boundary is decoded with the next chunk, which
 * then ends 512 bytes after that character starts.
 */
function refusedChunkStart(text: string, from: number): number {
  const n = text.length;
  let bad = -1;
  for (let i = from; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (!isAllowed(c)) {
      bad = i;
      break;
    }
  }
  if (bad < 0) return Infinity;
  let byte = from === 1 ? 3 : 0; // UTF-8 bytes before text[from]: a leading BOM takes 3
  let chunkStart = from;
  let chunkEnd = CHUNK_BYTES;
  for (let i = from; i < bad; i++) {
    const c = text.charCodeAt(i);
    let width: number;
    if (c < 0x80) width = 1;
    else if (c < 0x800) width = 2;
    else if ((c & 0xfc00) === 0xd800) {
      width = 4;
      i++;
    } else width = 3;
    if (byte + width > chunkEnd) {
      chunkStart = i - (width === 4 ? 1 : 0);
      chunkEnd = byte + CHUNK_BYTES;
    }
    byte += width;
  }
  // The refused character itself may start the next chunk.
  const c = text.charCodeAt(bad);
  const width = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  if (byte + width > chunkEnd) chunkStart = bad;
  return chunkStart;
}
