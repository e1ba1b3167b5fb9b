/**
 * Go's bufio.Reader (default 4096-byte buffer) reading a strings.Reader, for
 * callers whose results depend on how much is buffered: Buffered(), Peek,
 * ReadRune, UnreadRune and ReadBytes with Go's fill() behaviour. Each fill
 * slides unread data to the front and copies as much of the source as fits;
 * end of input is only noticed by a fill that finds nothing left, and the EOF
 * is handed out once (readErr clears it).
 *
 * The buffer never holds anything but a window of the source, so it is kept
 * as offsets into the source rather than as a copy.
 */

import { decodeRune, fullRune, UTF_MAX } from "./utf8.js";

export const DEFAULT_BUF_SIZE = 4096;

export class GoBufReader {
  /** Source offset of buf[0]. */
  private base = 0;
  private r = 0;
  private w = 0;
  /** Source bytes handed to the buffer so far. */
  private consumed = 0;
  private eof = false;
  private lastRuneSize = -1;

  constructor(
    private readonly src: Uint8Array,
    private readonly size = DEFAULT_BUF_SIZE,
  ) {}

  /** Buffered(): bytes that can be read without another fill. */
  buffered(): number {
    return this.w - this.r;
  }

  private fill(): void {
    if (this.r > 0) {
      this.base += this.r;
      this.w -= this.r;
      this.r = 0;
    }
    if (this.w >= this.size) throw new Error("bufio: tried to fill full buffer");
    const n = Math.min(this.size - this.w, this.src.length - this.consumed);
    if (n === 0) {
      this.eof = true; // strings.Reader.Read at end: 0, io.EOF
      return;
    }
    this.w += n;
    this.consumed += n;
  }

  private readErr(): "EOF" | null {
    const e = this.eof ? "EOF" : null;
    this.eof = false;
    return e;
  }

  /** Peek(n): the next n bytes (fewer, with an error, at end of input). */
  peek(n: number): { bytes: Uint8Array; err: "EOF" | "bufio: buffer full" | null } {
    this.lastRuneSize = -1;
    while (this.w - this.r < n && this.w - this.r < this.size && !this.eof) this.fill();
    if (n > this.size) {
      return { bytes: this.view(this.r, this.w), err: "bufio: buffer full" };
    }
    let err: "EOF" | "bufio: buffer full" | null = null;
    const avail = this.w - this.r;
    if (avail < n) {
      n = avail;
      err = this.readErr() ?? "bufio: buffer full";
    }
    return { bytes: this.view(this.r, this.r + n), err };
  }

  /** ReadRune(): invalid UTF-8 reads as U+FFFD of size 1; null at EOF. */
  readRune(): { rune: number; size: number } | null {
    while (
      this.r + UTF_MAX > this.w &&
      !fullRune(this.src, this.base + this.r, this.base + this.w) &&
      !this.eof &&
      this.w - this.r < this.size
    ) {
      this.fill();
    }
    this.lastRuneSize = -1;
    if (this.r === this.w) {
      this.readErr();
      return null;
    }
    const d = decodeRune(this.src, this.base + this.r, this.base + this.w);
    this.r += d.size;
    this.lastRuneSize = d.size;
    return d;
  }

  /** UnreadRune(): false where Go returns ErrInvalidUnreadRune. */
  unreadRune(): boolean {
    if (this.lastRuneSize < 0 || this.r < this.lastRuneSize) return false;
    this.r -= this.lastRuneSize;
    this.lastRuneSize = -1;
    return true;
  }

  /**
   * ReadBytes(delim): everything up to and including delim, or up to the end
   * of input with eof set (Go returns io.EOF then).
   */
  readBytes(delim: number): { bytes: Uint8Array; eof: boolean } {
    const start = this.base + this.r;
    for (;;) {
      const res = this.readSlice(delim);
      if (res !== "full") {
        const end = this.base + this.r;
        return { bytes: this.src.subarray(start, end), eof: res === "eof" };
      }
    }
  }

  /** ReadSlice(delim) without copying: how it ended. */
  private readSlice(delim: number): "found" | "eof" | "full" {
    const startAbs = this.base + this.r;
    let s = 0;
    let result: "found" | "eof" | "full";
    for (;;) {
      const from = this.base + this.r + s;
      const to = this.base + this.w;
      const i = this.src.subarray(from, to).indexOf(delim);
      if (i >= 0) {
        this.r += s + i + 1;
        result = "found";
        break;
      }
      if (this.eof) {
        this.r = this.w;
        this.readErr();
        result = "eof";
        break;
      }
      if (this.buffered() >= this.size) {
        this.r = this.w;
        result = "full";
        break;
      }
      s = this.w - this.r;
      this.fill();
    }
    if (this.base + this.r > startAbs) this.lastRuneSize = -1;
    return result;
  }

  private view(from: number, to: number): Uint8Array {
    return this.src.subarray(this.base + from, this.base + to);
  }
}
