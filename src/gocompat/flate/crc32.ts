/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xedb88320), as Go's
 * hash/crc32.ChecksumIEEE computes it for the gzip trailer: zlib's native
 * crc32 for large inputs where Node has it (20.15+), else slicing-by-8 here.
 */
import { zlib } from "../../lazy-builtins.js";

/** Below this size the table-driven loop beats loading node:zlib for it. */
const NATIVE_FROM = 1 << 16;

let nativeCrc32: ((data: Uint8Array) => number) | null | undefined;
let tables: Int32Array | undefined;

function makeTables(): Int32Array {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
}

/** CRC-32 of `data`, as an unsigned 32-bit number. */
export function crc32(data: Uint8Array): number {
  if (data.length >= NATIVE_FROM) {
    nativeCrc32 ??= (zlib() as { crc32?: (data: Uint8Array) => number }).crc32 ?? null;
    if (nativeCrc32) return nativeCrc32(data) >>> 0;
  }
  return crc32Portable(data);
}

export function crc32Portable(data: Uint8Array): number {
  tables ??= makeTables();
  const t = tables;
  let c = ~0;
  let i = 0;
  const end8 = data.length - (data.length & 7);
  for (; i < end8; i += 8) {
    const lo = c ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
    c =
      t[1792 + (lo & 0xff)]! ^
      t[1536 + ((lo >>> 8) & 0xff)]! ^
      t[1280 + ((lo >>> 16) & 0xff)]! ^
      t[1024 + (lo >>> 24)]! ^
      t[768 + data[i + 4]!]! ^
      t[512 + data[i + 5]!]! ^
      t[256 + data[i + 6]!]! ^
      t[data[i + 7]!]!;
  }
  for (; i < data.length; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
