/**
 * Pieces both cloud-config dialects share: how file contents are carried
 * (text, base64 or gzip+base64, whichever is smallest), how modes and owners
 * are written, and which files are lifted into their own keys.
 */

import { encodeYamlV3 } from "../../gocompat/yaml-v3/encode.js";
import { zlib } from "../../lazy-builtins.js";
import type { Owner, Plan, PlanFile, PlanUnit, PlanUser } from "./plan.js";
import { finalContents } from "./plan.js";

export interface EncodedContent {
  content: string;
  encoding?: "base64" | "gzip+base64";
}

// ignoreBOM: a leading U+FEFF is content to keep (the check below then sends it as base64).
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The bytes as text when a document can carry them readably (a YAML scalar,
 * a here-document): valid UTF-8 without control characters other than tab
 * and newline.
 */
export function asText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b-\u001f\u007f\ufeff]/.test(text) ? undefined : text;
}

/** Text shorter than this stays readable even when gzip would save a little. */
export const READABLE_TEXT_BYTES = 1024;

/**
 * Contents as text when they are text, else base64; gzip+base64 when that is
 * smaller, except for short text, kept readable unless gzip saves a quarter
 * (user-data size limits only bite on large contents).
 */
export function encodeContent(bytes: Uint8Array): EncodedContent {
  const text = asText(bytes);
  const plain: EncodedContent =
    text !== undefined ? { content: text } : { content: Buffer.from(bytes).toString("base64"), encoding: "base64" };
  if (bytes.length < 64) return plain;
  const gzipped = Buffer.from(zlib().gzipSync(bytes, { level: 9 })).toString("base64");
  const size = Buffer.byteLength(plain.content);
  const worth = text === undefined || bytes.length >= READABLE_TEXT_BYTES ? size : size * 0.75;
  return gzipped.length < worth ? { content: gzipped, encoding: "gzip+base64" } : plain;
}

/** "0644", "04755": the octal string both dialects accept (`^0?[0-7]{3,4}$`). */
export function modeString(mode: number): string {
  return "0" + mode.toString(8).padStart(3, "0");
}

/** A user or group as chown takes it: the name, else the id; root when neither is given. */
export function ownerPart(o: Owner): string {
  if (o.name) return o.name;
  return o.id === undefined || o.id === 0 ? "root" : String(o.id);
}

export const isRoot = (o: Owner): boolean => (o.name === undefined || o.name === "root") && (o.id === undefined || o.id === 0);

/** "user:group" when either is not root, else undefined (both dialects default to root). */
export function ownerString(file: { user: Owner; group: Owner }): string | undefined {
  return isRoot(file.user) && isRoot(file.group) ? undefined : `${ownerPart(file.user)}:${ownerPart(file.group)}`;
}

const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/;

/**
 * The hostname when the config writes /etc/hostname plainly (one valid name,
 * root-owned, 0644, no appends); both dialects set it with their own key.
 */
export function liftedHostname(plan: Plan): { file: PlanFile; hostname: string } | undefined {
  const file = plan.files.find((f) => f.path === "/etc/hostname");
  if (!file || file.contents === undefined || file.appends.length || file.mode !== 0o644 || ownerString(file)) return undefined;
  const text = asText(file.contents);
  const name = text?.replace(/\n$/, "");
  return name !== undefined && HOSTNAME.test(name) ? { file, hostname: name } : undefined;
}

/** The bytes a file ends up with when the config gives contents (empty when it gives none). */
export function contentsOf(file: PlanFile): Uint8Array {
  return finalContents(file) ?? new Uint8Array();
}

export const unitPath = (name: string): string => `/etc/systemd/system/${name}`;
export const dropinPath = (unit: PlanUnit, dropin: string): string => `/etc/systemd/system/${unit.name}.d/${dropin}`;

/** A `#cloud-config` document with keys in the order given; numbers are ints (a uid of 1000000 is not `1e+06`). */
export function cloudConfigDocument(doc: Record<string, unknown>): string {
  return "#cloud-config\n" + encodeYamlV3(doc, { keepKeyOrder: true, ints: true });
}

/** The user keys both dialects spell alike, in the order they are written. */
export function userFields(u: PlanUser): Record<string, unknown> {
  return {
    ...(u.gecos !== undefined ? { gecos: u.gecos } : {}),
    ...(u.homeDir !== undefined ? { homedir: u.homeDir } : {}),
    ...(u.noCreateHome ? { no_create_home: true } : {}),
    ...(u.primaryGroup !== undefined ? { primary_group: u.primaryGroup } : {}),
    ...(u.groups.length ? { groups: u.groups } : {}),
    ...(u.noUserGroup ? { no_user_group: true } : {}),
    ...(u.noLogInit ? { no_log_init: true } : {}),
    ...(u.shell !== undefined ? { shell: u.shell } : {}),
    ...(u.system ? { system: true } : {}),
  };
}
