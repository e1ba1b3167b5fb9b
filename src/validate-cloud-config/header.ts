/**
 * What kind of user data a text is, by coreos-cloudinit's tests in its
 * validator's order: empty, a script (`#!` first), an Ignition config (JSON
 * whose `ignitionVersion` is an integer or whose `ignition.version` is a
 * string), a cloud-config (first line, trailing white space removed, is
 * exactly `#cloud-config`), or none of these.
 */
export type UserDataKind = "empty" | "script" | "ignition" | "cloud-config" | "unknown";

/** What kind of user data `text` is (see UserDataKind). */
export function userDataKind(text: string): UserDataKind {
  if (text.length === 0) return "empty";
  if (text.startsWith("#!")) return "script";
  if (isIgnition(text)) return "ignition";
  const newline = text.indexOf("\n");
  const first = (newline < 0 ? text : text.slice(0, newline)).replace(/\s+$/u, "");
  return first === "#cloud-config" ? "cloud-config" : "unknown";
}

function isIgnition(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return false;
  const doc = parsed as Record<string, unknown>;
  // Go's json.Unmarshal fails, and so says "not Ignition", on a field of the wrong type.
  const legacy = doc.ignitionVersion;
  if (legacy !== undefined && legacy !== null && !Number.isInteger(legacy)) return false;
  const ignition = doc.ignition;
  if (ignition !== undefined && ignition !== null && (typeof ignition !== "object" || Array.isArray(ignition))) return false;
  const version = (ignition as Record<string, unknown> | null | undefined)?.version;
  if (version !== undefined && version !== null && typeof version !== "string") return false;
  return Number.isInteger(legacy) || typeof version === "string";
}
