/**
 * The RFC 1951 length/distance code tables of Go's compress/flate (token.go,
 * huffman_bit_writer.go) and the token layout the compressor queues, as
 * static memory for the wasm port (mirrors src/gocompat/flate/tokens.ts).
 *
 * A token is one i32: a literal byte (or 256, end of block) as itself; a
 * match sets bit 30 and packs (length - 3) into bits 22..29 and
 * (distance - 1) into bits 0..21, so a literal is smaller than any match.
 */

export const MATCH_FLAG: i32 = 1 << 30;
export const LENGTH_SHIFT: i32 = 22;
export const OFFSET_MASK: i32 = (1 << LENGTH_SHIFT) - 1;
export const END_BLOCK: i32 = 256;
export const LENGTH_CODES_START: i32 = 257;
export const NUM_LITERALS: i32 = 286;
export const NUM_OFFSETS: i32 = 30;

/** Extra bits per length code (u8 x 29). */
export const LENGTH_EXTRA_BITS: usize = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
]);
/** Smallest (length - 3) per length code (u16 x 29). */
export const LENGTH_BASE: usize = memory.data<u16>([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 255,
]);
/** Extra bits per distance code (u8 x 30). */
export const OFFSET_EXTRA_BITS: usize = memory.data<u8>([
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
]);
/** Smallest (distance - 1) per distance code (u16 x 30), filled by initTables. */
export const OFFSET_BASE: usize = memory.data(NUM_OFFSETS * 2, 16);
/** Length code (0..28) per (length - 3) in 0..255 (u8 x 256). */
export const LENGTH_CODE: usize = memory.data(256, 16);
/** Distance code (0..29) per (distance - 1) in 0..32767 (u8 x 32768). */
export const OFFSET_CODE: usize = memory.data(1 << 15, 16);

/** Fills the computed tables (idempotent). */
export function initTables(): void {
  for (let code = 0; code < 28; code++) {
    const start = <i32>load<u16>(LENGTH_BASE + (<usize>code << 1));
    const end = start + (1 << load<u8>(LENGTH_EXTRA_BITS + <usize>code));
    for (let x = start; x < end && x < 255; x++) store<u8>(LENGTH_CODE + <usize>x, <u8>code);
  }
  store<u8>(LENGTH_CODE + 255, 28);
  let base = 0;
  for (let code = 0; code < NUM_OFFSETS; code++) {
    store<u16>(OFFSET_BASE + (<usize>code << 1), <u16>base);
    const end = base + (1 << load<u8>(OFFSET_EXTRA_BITS + <usize>code));
    for (let x = base; x < end; x++) store<u8>(OFFSET_CODE + <usize>x, <u8>code);
    base = end;
  }
}
