/**
 * Contents to a data URL the way Butane picks one: percent-encoded text or
 * base64, whichever is shorter; then, when the user set no compression and
 * the spec allows it, base64 of Go's gzip at best compression if that is
 * shorter still counting the four bytes of `"gzip"` it adds. `compression`
 * is always set when the user gave none, so a child config cannot inherit a
 * parent's.
 */
import { goGzipBest } from "../gocompat/flate/gzip.js";

/** Bytes as latin1 text match these one for one; everything else becomes %XX. */
const RESERVED = /[^A-Za-z0-9\-_.!~*'()]/g;
const PERCENT: string[] = [];
for (let b = 0; b < 256; b++) PERCENT.push("%" + b.toString(16).toUpperCase().padStart(2, "0"));
const percent = (c: string) => PERCENT[c.charCodeAt(0)]!;

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");

/** RFC 2396 escaping as Butane's data URL library does it (unreserved characters kept, the rest %XX). */
export function escapeDataURL(bytes: Uint8Array): string {
  return latin1(bytes).replace(RESERVED, percent);
}

export interface DataURL {
  source: string;
  /** "" or "gzip" when the user gave no compression; undefined when they did (it is kept as given). */
  compression?: string;
}

/**
 * A gzip member is never under 20 bytes (10 of header, 8 of trailer, and Go
 * closes the deflate stream with an empty stored block), so its URL part is
 * at least ";base64," plus 28 characters; with the 4 bytes of "gzip" it
 * cannot beat a URL part this short, and the compressor need not run.
 */
const GZIP_NEVER_SHORTER = ";base64,".length + 28 + 4;

/** `gzipped`, when given, is goGzipBest(contents) computed ahead (see gzip-pool.ts). */
export function makeDataURL(
  contents: Uint8Array,
  currentCompression: string | undefined,
  allowCompression: boolean,
  gzipped?: Uint8Array,
): DataURL {
  const userCompressed = currentCompression !== undefined && currentCompression !== "";
  const base64Length = ";base64,".length + 4 * Math.ceil(contents.length / 3);
  // Butane's choice: the percent-escaped form (its length plus the ","),
  // unless base64 is strictly shorter; then gzip, if strictly shorter than
  // that choice counting its 4 bytes of "gzip". The escaped form is never
  // shorter than the contents, so `lower` bounds the first choice from
  // below, and counting the escapes is needed only when a comparison with
  // `lower` does not settle it (large files, whose gzip wins, never count).
  let escapedPlusComma: number | undefined;
  const escaped = () => (escapedPlusComma ??= escapedSize(contents) + 1);
  const lower = Math.min(base64Length, contents.length + 1);
  const best = () => Math.min(base64Length, escaped());
  if (!userCompressed && allowCompression && (lower > GZIP_NEVER_SHORTER || best() > GZIP_NEVER_SHORTER)) {
    const gz = ";base64," + Buffer.from(gzipped ?? goGzipBest(contents)).toString("base64");
    if (gz.length + 4 < lower || gz.length + 4 < best()) return { source: "data:" + gz, compression: "gzip" };
  }
  const source = base64Length < escaped() ? "data:;base64," + Buffer.from(contents).toString("base64") : "data:," + escapeDataURL(contents);
  return { source, ...(userCompressed ? {} : { compression: "" }) };
}

const UNRESERVED = new Uint8Array(256);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()") UNRESERVED[c.charCodeAt(0)] = 1;

/** The length escapeDataURL would give, without building the string. */
function escapedSize(bytes: Uint8Array): number {
  let n = bytes.length;
  for (let i = 0; i < bytes.length; i++) if (UNRESERVED[bytes[i]!] === 0) n += 2;
  return n;
}
