/**
 * Entry points of the wasm module: one gzip member byte-identical to Go's
 * compress/gzip at BestCompression (gzip.NewWriterLevel(w, 9), one Write,
 * Close), as src/gocompat/flate/gzip.ts describes: a 10-byte header (MTIME 0,
 * XFL 2, OS 255), Go's level-9 deflate stream, CRC-32 and size mod 2^32.
 *
 * The host calls prepare(len), copies the input to the returned address,
 * calls gzip(len) and copies gzip's result length of bytes from output().
 * Static state (tables, window, hash chains) sits below __heap_base; the
 * input and output regions follow it, and memory grows to fit them.
 */

import { bwPos, bwStart } from "./bitwriter";
import { crc32, initCrc } from "./crc32";
import { close, reset, write } from "./deflate";
import { initFixed } from "./huffman";
import { initTables } from "./tables";

const HEADER: usize = memory.data<u8>([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);

let ready = false;
let outStart: usize = 0;

@inline function inputStart(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

/** Output room for `len` input bytes: stored blocks cost 5 bytes per 16 KiB, a huffman block never grows far past its source. */
function outputCapacity(len: i32): usize {
  return <usize>len + (<usize>len >> 2) + 65536;
}

/** Largest input: it, its output room and the static state must fit 4 GiB of wasm32 memory. */
const MAX_INPUT: i32 = 0x60000000;

/** Makes room for `len` input bytes and the output; returns where the input goes. */
export function prepare(len: i32): usize {
  if (len < 0 || len > MAX_INPUT) unreachable();
  const input = inputStart();
  outStart = (input + <usize>len + 15) & ~(<usize>15);
  const need = outStart + outputCapacity(len);
  const have = <usize>memory.size() << 16;
  if (need > have) {
    if (memory.grow(<i32>((need - have + 0xffff) >> 16)) < 0) unreachable();
  }
  return input;
}

/** Where gzip() wrote its output. */
export function output(): usize {
  return outStart;
}

/** Gzips the `len` bytes placed at prepare(len)'s address; returns the output length. */
export function gzip(len: i32): i32 {
  if (!ready) {
    initTables();
    initFixed();
    initCrc();
    ready = true;
  }
  const input = inputStart();
  memory.copy(outStart, HEADER, 10);
  bwStart(outStart + 10);
  reset();
  write(input, len);
  close();
  const p = bwPos();
  store<u32>(p, crc32(input, len));
  store<u32>(p, <u32>len, 4);
  return <i32>(p + 8 - outStart);
}
