/**
 * LSB-first bit packing into a growable byte buffer, producing the same
 * bytes as Go's huffmanBitWriter (its 48-bit batching is invisible in the
 * output): bits fill each byte from the low end, and flush() pads the last
 * partial byte with zeros.
 *
 * Hot loops may take `bits`/`nbits`/`pos` into locals and hand them back;
 * callers must `reserve()` room first, since writes do not bounds-check.
 */
export class BitWriter {
  buf: Uint8Array;
  pos = 0;
  /** Pending bits, fewer than 16 between calls. */
  bits = 0;
  nbits = 0;

  constructor(initialCapacity = 1024) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Ensures room for `n` more bytes (plus the pending bits). */
  reserve(n: number): void {
    const need = this.pos + n + 8;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Appends the low `n` (<= 16) bits of `value`. */
  writeBits(value: number, n: number): void {
    this.bits |= value << this.nbits;
    this.nbits += n;
    if (this.nbits >= 16) {
      const buf = this.buf;
      buf[this.pos++] = this.bits;
      buf[this.pos++] = this.bits >>> 8;
      this.bits >>>= 16;
      this.nbits -= 16;
    }
  }

  /** Writes out pending bits, zero-padding to a byte boundary. */
  flush(): void {
    while (this.nbits > 0) {
      this.buf[this.pos++] = this.bits;
      this.bits >>>= 8;
      this.nbits -= 8;
    }
    this.bits = 0;
    this.nbits = 0;
  }

  /** Appends raw bytes; the writer must be byte-aligned. */
  writeBytes(data: Uint8Array): void {
    if ((this.nbits & 7) !== 0) throw new Error("gzip: writeBytes with unfinished bits");
    this.flush();
    this.reserve(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  /** The bytes written so far (a copy). */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
