/**
 * LSB-first bit packing into the output region, producing the same bytes as
 * Go's huffmanBitWriter (its 48-bit batching is invisible in the output);
 * mirrors src/gocompat/flate/bitwriter.ts. The state lives in static memory
 * so hot loops elsewhere can take it into locals and store it back.
 * The output region is sized for the worst case up front: no bounds checks.
 */

/** Byte position of the next output byte (u32 at +0), pending bits (u32 at +4), their count (i32 at +8, < 16 between calls). */
export const BW: usize = memory.data(16, 16);

export function bwStart(pos: usize): void {
  store<u32>(BW, <u32>pos);
  store<u32>(BW, 0, 4);
  store<i32>(BW, 0, 8);
}

export function bwPos(): usize {
  return <usize>load<u32>(BW);
}

/** Appends the low `n` (<= 16) bits of `value`. */
export function writeBits(value: u32, n: i32): void {
  let bits = load<u32>(BW, 4);
  let nbits = load<i32>(BW, 8);
  bits |= value << <u32>nbits;
  nbits += n;
  if (nbits >= 16) {
    const pos = <usize>load<u32>(BW);
    store<u16>(pos, <u16>bits);
    store<u32>(BW, <u32>(pos + 2));
    bits >>>= 16;
    nbits -= 16;
  }
  store<u32>(BW, bits, 4);
  store<i32>(BW, nbits, 8);
}

/** Writes out pending bits, zero-padding to a byte boundary. */
export function flushBits(): void {
  let bits = load<u32>(BW, 4);
  let nbits = load<i32>(BW, 8);
  let pos = <usize>load<u32>(BW);
  while (nbits > 0) {
    store<u8>(pos++, <u8>bits);
    bits >>>= 8;
    nbits -= 8;
  }
  store<u32>(BW, <u32>pos);
  store<u32>(BW, 0, 4);
  store<i32>(BW, 0, 8);
}

/** Appends `len` raw bytes from `src`; the writer must be byte-aligned (flushes first). */
export function writeBytes(src: usize, len: i32): void {
  flushBits();
  const pos = <usize>load<u32>(BW);
  memory.copy(pos, src, <usize>len);
  store<u32>(BW, <u32>(pos + <usize>len));
}
