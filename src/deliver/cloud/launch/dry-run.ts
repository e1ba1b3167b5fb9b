/**
 * What --dry-run prints: each planned call as JSON, with the user data
 * replaced by a summary (size, strategy, sha512, its first lines) and
 * secrets redacted, so the output can be pasted into a ticket.
 */
import { createHash } from "node:crypto";
import type { FittedUserData } from "../user-data.js";
import type { PlannedCall } from "./launcher.js";

/** Keys whose values are never printed. */
const SECRET_KEYS = /^(authorization|x-amz-security-token|adminpassword|password|secret|clientsecret|token|access_token|sastoken|sig)$/i;

/** A summary of the user data that stands in for it. */
export function userDataSummary(userData: FittedUserData): Record<string, unknown> {
  const { bytes, strategy } = userData;
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const text = gzip ? undefined : Buffer.from(bytes).toString("utf8");
  const lines = text?.split("\n") ?? [];
  return {
    userData: `${bytes.length.toLocaleString("en-US")} bytes, strategy ${strategy}`,
    sha512: createHash("sha512").update(bytes).digest("hex"),
    ...(text !== undefined
      ? { starts: lines.slice(0, 3).map((l) => (l.length > 120 ? `${l.slice(0, 117)}...` : l)) }
      : { starts: "(gzip bytes)" }),
  };
}

/** `value` with every copy of the user data (raw or base64) summarised and every secret redacted. */
export function redact(value: unknown, userData: FittedUserData): unknown {
  const raw = Buffer.from(userData.bytes);
  const forms = new Set([raw.toString("base64"), raw.toString("utf8")]);
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === "string") {
      if (key !== undefined && SECRET_KEYS.test(key)) return "<redacted>";
      if (forms.has(v)) return userDataSummary(userData);
      return v;
    }
    if (v instanceof Uint8Array) return Buffer.from(v).equals(raw) ? userDataSummary(userData) : `<${v.length} bytes>`;
    if (Array.isArray(v)) return v.map((e) => walk(e));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, walk(e, k)]));
    return v;
  };
  return walk(value);
}

/** The text --dry-run prints for `calls`. */
export function renderDryRun(calls: PlannedCall[], userData: FittedUserData): string {
  return `${JSON.stringify(
    calls.map((c) => ({ method: c.method, target: c.target, body: redact(c.body, userData) })),
    null,
    2,
  )}\n`;
}
