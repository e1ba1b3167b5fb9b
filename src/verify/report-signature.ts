/**
 * How a first-boot report is signed: HMAC-SHA256 of its body under the
 * machine's key, which is derived from the server's secret, the machine's
 * group, the label the server knows the machine by (`mac=52:54:00:12:34:56`;
 * empty for a key shared by the whole group) and, for a config the server
 * delivered, that delivery's nonce. The agent signs with the key its config
 * carries; a server derives the same key to check it.
 */
import { createHmac } from "node:crypto";

/** The key a machine signs its reports with (64 hex digits), derived as above. */
export function reportKey(secret: string, group: string, machine = "", nonce = ""): string {
  return createHmac("sha256", secret)
    .update(`kindling report key\0${group}${machine || nonce ? `\0${machine}` : ""}${nonce ? `\0${nonce}` : ""}`)
    .digest("hex");
}

/** The X-Kindling-Signature value for a body: `sha256=` and the hex HMAC. */
export function signReport(key: string, body: string | Uint8Array): string {
  return "sha256=" + createHmac("sha256", key).update(body).digest("hex");
}
