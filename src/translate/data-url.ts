/**
 * Contents to a data URL the way Butane picks one: percent-encoded text or
 * base64, whichever is shorter; then, when the user set no compression and
 * the spec allows it, base64 of Go's gzip at best compression if that is
 * shorter still counting the four bytes of `"gzip"` it adds. `compression`
 * is always set when the user gave none, so a child config cannot inherit a
 * parent's.
 */
import { goGzipBest } from "../emit/gzip/gzip.js";

const UNRESERVED = new Uint8Array(256);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()") UNRESERVED[c.charCodeAt(0)] = 1;
const HEX = "0123456789ABCDEF";

/** RFC 2396 escaping as Butane's data URL library does it (unreserved characters kept, the rest %XX). */
export function escapeDataURL(bytes: Uint8Array): string {
  const parts: string[] = [];
  let run = "";
  for (const b of bytes) {
    if (UNRESERVED[b]) run += String.fromCharCode(b);
    else run += "%" + HEX[b >> 4] + HEX[b & 15];
    if (run.length > 8192) {
      parts.push(run);
      run = "";
    }
  }
  parts.push(run);
  return parts.join("");
}

export interface DataURL {
  source: string;
  /** "" or "gzip" when the user gave no compression; undefined when they did (it is kept as given). */
  compression?: string;
}

export function makeDataURL(contents: Uint8Array, currentCompression: string | undefined, allowCompression: boolean): DataURL {
  const userCompressed = currentCompression !== undefined && currentCompression !== "";
  const escapedLength = escapedSize(contents);
  const b64 = ";base64," + Buffer.from(contents).toString("base64");
  let opaque: string | undefined;
  let best = escapedLength + 1;
  if (b64.length < best) {
    opaque = b64;
    best = b64.length;
  }
  let compression: string | undefined = userCompressed ? undefined : "";
  if (!userCompressed && allowCompression) {
    const gz = ";base64," + Buffer.from(goGzipBest(contents)).toString("base64");
    if (gz.length + 4 < best) {
      opaque = gz;
      compression = "gzip";
    }
  }
  return { source: "data:" + (opaque ?? "," + escapeDataURL(contents)), ...(compression !== undefined ? { compression } : {}) };
}

function escapedSize(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) n += UNRESERVED[b] ? 1 : 3;
  return n;
}
