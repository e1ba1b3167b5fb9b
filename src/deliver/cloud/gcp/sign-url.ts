/**
 * Cloud Storage V4 signed URLs (GOOG4-RSA-SHA256), made with node:crypto
 * from a service account's private key: the canonical request (GET, the
 * path, the sorted RFC 3986-encoded X-Goog-* query, the host header,
 * UNSIGNED-PAYLOAD), its sha256 in the string to sign with the credential
 * scope DATE/auto/storage/goog4_request, and the RSA-SHA256 signature in hex.
 * Valid for at most seven days, as Cloud Storage allows.
 */
import { createHash, createSign } from "node:crypto";

/** The longest a V4 signed URL may be valid, in seconds. */
export const MAX_SIGNED_SECONDS = 604_800;

export interface SignRequest {
  /** The XML API's origin (https://storage.googleapis.com, or an emulator's). */
  base: string;
  bucket: string;
  /** The object name, unencoded. */
  name: string;
  email: string;
  privateKey: string;
  seconds: number;
  /** When the URL starts being valid (now). */
  now?: Date;
}

/** RFC 3986 percent-encoding (unreserved characters only left as they are). */
export const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A GET URL for the object, signed with the service account's key. */
export function signGcsUrl(request: SignRequest): string {
  const { bucket, name, email, privateKey, seconds } = request;
  const base = new URL(request.base);
  const stamp = (request.now ?? new Date())
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
  const scope = `${stamp.slice(0, 8)}/auto/storage/goog4_request`;
  const prefix = base.pathname.replace(/\/+$/, "");
  const path = `${prefix}/${rfc3986(bucket)}/${name.split("/").map(rfc3986).join("/")}`;
  const params: [string, string][] = [
    ["X-Goog-Algorithm", "GOOG4-RSA-SHA256"],
    ["X-Goog-Credential", `${email}/${scope}`],
    ["X-Goog-Date", stamp],
    ["X-Goog-Expires", String(seconds)],
    ["X-Goog-SignedHeaders", "host"],
  ];
  const query = params
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonical = ["GET", path, query, `host:${base.host}\n`, "host", "UNSIGNED-PAYLOAD"].join("\n");
  const toSign = ["GOOG4-RSA-SHA256", stamp, scope, createHash("sha256").update(canonical).digest("hex")].join("\n");
  const signature = createSign("RSA-SHA256").update(toSign).sign(privateKey, "hex");
  return `${base.protocol}//${base.host}${path}?${query}&X-Goog-Signature=${signature}`;
}
