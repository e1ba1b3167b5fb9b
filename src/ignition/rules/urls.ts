/**
 * Which URLs a spec version can fetch: http, https, tftp, s3 and data in
 * every 3.x spec, gs from 3.2.0, S3 access point and object ARNs from 3.4.0.
 * Data URLs must decode; an S3 `versionId` must not be empty.
 */

import { MSG } from "../../diagnostics/catalogue/ignition.js";
import type { Message } from "../../diagnostics/message.js";
import { isARN, parseARN } from "../../gocompat/arn.js";
import { decodeDataURL } from "../../gocompat/dataurl.js";
import { parseURL, queryValues } from "../../gocompat/url.js";
import { atLeast, type SpecVersion } from "../versions.js";

function s3VersionIdEmpty(rawQuery: string): boolean {
  const values = queryValues(rawQuery).get("versionId");
  return values !== undefined && (values.length === 0 || values[0] === "");
}

function validateArn(scheme: string, opaque: string, rawQuery: string): Message | undefined {
  const full = `${scheme}:${opaque}`;
  if (!isARN(full)) return MSG.s3Arn;
  const arn = parseARN(full);
  if (!arn.ok) return MSG.arnParse(arn.error);
  if (arn.service !== "s3") return MSG.s3Arn;
  const segments = full.split("/").length;
  if (arn.resource.startsWith("accesspoint/") ? segments < 3 : segments < 2) return MSG.s3Arn;
  if (s3VersionIdEmpty(rawQuery)) return MSG.s3VersionId;
  return undefined;
}

/**
 * The data URLs Butane and most tools write, which always decode: a percent-
 * encoded body, or padded base64. Checking them by pattern skips the full
 * lexer for the common case; anything else takes the full path.
 */
const PLAIN_DATA_URL = /^data:,(?:[!$&'()*+,\-./0-9:;=?@A-Z_a-z~]|%[0-9A-Fa-f]{2})*$/;
const BASE64_DATA_URL = /^data:;base64,(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** True only for data URLs that certainly decode (see above). */
export function isPlainDataURL(s: string): boolean {
  return PLAIN_DATA_URL.test(s) || BASE64_DATA_URL.test(s);
}

export function validateURL(s: string, version: SpecVersion): Message | undefined {
  const u = parseURL(s);
  if (!u.ok) return MSG.invalidUrl;
  switch (u.scheme) {
    case "http":
    case "https":
    case "tftp":
      return undefined;
    case "gs":
      return atLeast(version, "3.2.0") ? undefined : MSG.invalidScheme;
    case "s3":
      return s3VersionIdEmpty(u.rawQuery) ? MSG.s3VersionId : undefined;
    case "arn":
      return atLeast(version, "3.4.0") ? validateArn(u.scheme, u.opaque, u.rawQuery) : MSG.invalidScheme;
    case "data": {
      if (isPlainDataURL(s)) return undefined;
      const d = decodeDataURL(s);
      return d.ok ? undefined : MSG.dataUrl(d.error);
    }
    default:
      return MSG.invalidScheme;
  }
}

export function validateURLNilOK(s: unknown, version: SpecVersion): Message | undefined {
  return typeof s === "string" && s !== "" ? validateURL(s, version) : undefined;
}

/** Tang servers and proxies speak HTTP. */
export function validateHttpURL(s: string): Message | undefined {
  const u = parseURL(s);
  if (!u.ok) return MSG.invalidUrl;
  return u.scheme === "http" || u.scheme === "https" ? undefined : MSG.invalidScheme;
}
