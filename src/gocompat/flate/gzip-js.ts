/**
 * The TypeScript reference of the wasm gzip (gzip.ts): kept as the
 * documented port and as the oracle of the differential test.
 *
 * A gzip member byte-identical to what Go's compress/gzip writes for
 * gzip.NewWriterLevel(w, gzip.BestCompression), one Write(data), Close():
 * a 10-byte header with no name, comment or extra field, MTIME 0, XFL 2
 * (best compression) and OS 255 (unknown); Go's level-9 deflate stream; then
 * CRC-32 and the input length mod 2^32, both little-endian.
 */

import { BitWriter } from "./bitwriter.js";
import { crc32 } from "./crc32.js";
import { GoDeflater } from "./deflate.js";

const HEADER = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255);

/** One compressor, reset per call (calls are synchronous, so never shared). */
let shared: GoDeflater | undefined;

/** Gzips `data` exactly as Go's gzip writer does at BestCompression, in TypeScript. */
export function goGzipBestJs(data: Uint8Array): Uint8Array {
  const out = new BitWriter(Math.min(data.length, 1 << 20) + 1024);
  out.writeBytes(HEADER);
  let deflater = shared;
  if (deflater === undefined) deflater = shared = new GoDeflater(out);
  else deflater.reset(out);
  deflater.write(data);
  deflater.close();
  out.reserve(8);
  const crc = crc32(data);
  const size = data.length >>> 0;
  const buf = out.buf;
  let p = out.pos;
  buf[p++] = crc;
  buf[p++] = crc >>> 8;
  buf[p++] = crc >>> 16;
  buf[p++] = crc >>> 24;
  buf[p++] = size;
  buf[p++] = size >>> 8;
  buf[p++] = size >>> 16;
  buf[p++] = size >>> 24;
  out.pos = p;
  return out.bytes();
}
