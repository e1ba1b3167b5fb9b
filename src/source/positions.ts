/**
 * Byte offsets to 1-based line and column, where a column counts bytes (a
 * multi-byte UTF-8 character advances it by its length, a tab by one).
 * An offset at or past the end of the input has no line: it maps to line 0,
 * col 0, as the reference prints it ("error at line 0 col 0: unexpected end
 * of JSON input").
 */
export interface Position {
  line: number;
  column: number;
}

export class LineIndex {
  private starts: Int32Array | undefined;
  constructor(private readonly bytes: Uint8Array) {}

  private lineStarts(): Int32Array {
    if (this.starts) return this.starts;
    let count = 1;
    for (let i = 0; i < this.bytes.length; i++) if (this.bytes[i] === 0x0a) count++;
    const starts = new Int32Array(count);
    let k = 1;
    for (let i = 0; i < this.bytes.length; i++) if (this.bytes[i] === 0x0a) starts[k++] = i + 1;
    this.starts = starts;
    return starts;
  }

  position(offset: number): Position {
    if (offset < 0 || offset >= this.bytes.length) return { line: 0, column: 0 };
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }
}
