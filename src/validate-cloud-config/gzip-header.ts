/**
 * Whether Go's gzip.NewReader accepts the start of `data`: the 10-byte header
 * (magic 1f 8b, method 8 = deflate, no reserved flag bits) and the optional
 * fields its flags announce (extra field, NUL-terminated name and comment,
 * header CRC-16 that must match). coreos-cloudinit decodes gzip content with
 * gzip.NewReader and ignores errors from reading the stream after the header,
 * so this is all its validator checks of gzip content.
 */
import { crc32 } from "../gocompat/flate/crc32.js";

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED = 0xe0;

export function gzipHeaderOk(data: Uint8Array): boolean {
  if (data.length < 10) return false;
  if (data[0] !== 0x1f || data[1] !== 0x8b || data[2] !== 8) return false;
  const flags = data[3]!;
  if (flags & RESERVED) return false;
  let at = 10;
  if (flags & FEXTRA) {
    if (at + 2 > data.length) return false;
    at += 2 + (data[at]! | (data[at + 1]! << 8));
    if (at > data.length) return false;
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const nul = data.indexOf(0, at);
    if (nul < 0) return false;
    at = nul + 1;
  }
  if (flags & FHCRC) {
    if (at + 2 > data.length) return false;
    const want = data[at]! | (data[at + 1]! << 8);
    if ((crc32(data.subarray(0, at)) & 0xffff) !== want) return false;
  }
  return true;
}
