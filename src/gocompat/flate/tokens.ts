/**
 * The LZ77 token stream of Go's compress/flate (token.go) and the RFC 1951
 * length/distance code tables the block writer needs.
 *
 * A token is one int32: a literal byte (or 256, the end-of-block marker) is
 * stored as itself; a match sets bit 30 and packs (length - 3) into bits
 * 22..29 and (distance - 1) into bits 0..21, the same layout Go uses, so a
 * literal is always numerically smaller than any match.
 */

export const MATCH_FLAG = 1 << 30;
export const LENGTH_SHIFT = 22;
export const OFFSET_MASK = (1 << LENGTH_SHIFT) - 1;
export const END_BLOCK = 256;
/** First literal/length symbol that encodes a length. */
export const LENGTH_CODES_START = 257;
/** Literal/length alphabet size Go uses (286: symbols 286/287 never occur). */
export const NUM_LITERALS = 286;
/** Distance alphabet size. */
export const NUM_OFFSETS = 30;

/** Token for a match of `length` (3..258) bytes at `distance` (1..32768). */
export function matchToken(length: number, distance: number): number {
  return MATCH_FLAG | ((length - 3) << LENGTH_SHIFT) | (distance - 1);
}

/** Extra bits per length code (index = symbol - 257). */
export const LENGTH_EXTRA_BITS = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0);
/** Smallest (length - 3) each length code stands for. */
export const LENGTH_BASE = Uint16Array.of(
  0,
  1,
  2,
  3,
  4,
  5,
  6,
  7,
  8,
  10,
  12,
  14,
  16,
  20,
  24,
  28,
  32,
  40,
  48,
  56,
  64,
  80,
  96,
  112,
  128,
  160,
  192,
  224,
  255,
);
/** Extra bits per distance code. */
export const OFFSET_EXTRA_BITS = Uint8Array.of(
  0,
  0,
  0,
  0,
  1,
  1,
  2,
  2,
  3,
  3,
  4,
  4,
  5,
  5,
  6,
  6,
  7,
  7,
  8,
  8,
  9,
  9,
  10,
  10,
  11,
  11,
  12,
  12,
  13,
  13,
);
/** Smallest (distance - 1) each distance code stands for. */
export const OFFSET_BASE = new Uint16Array(NUM_OFFSETS);

/** Length code (0..28) for each (length - 3) in 0..255. Length 258 gets code 28. */
export const LENGTH_CODE = new Uint8Array(256);
/** Distance code (0..29) for each (distance - 1) in 0..32767. */
export const OFFSET_CODE = new Uint8Array(1 << 15);

{
  for (let code = 0; code < 28; code++) {
    const start = LENGTH_BASE[code]!;
    const end = start + (1 << LENGTH_EXTRA_BITS[code]!);
    for (let x = start; x < end && x < 255; x++) LENGTH_CODE[x] = code;
  }
  LENGTH_CODE[255] = 28;
  let base = 0;
  for (let code = 0; code < NUM_OFFSETS; code++) {
    OFFSET_BASE[code] = base;
    const end = base + (1 << OFFSET_EXTRA_BITS[code]!);
    for (let x = base; x < end; x++) OFFSET_CODE[x] = code;
    base = end;
  }
}
