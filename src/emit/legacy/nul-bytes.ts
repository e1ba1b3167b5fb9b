/**
 * NUL bytes the legacy targets cannot carry. A path, a name, a key or a
 * command argument ends at NUL on a Unix host (and sh cannot hold one in a
 * word), so any such value with a NUL is refused at its path, naming the
 * target (or the verification agent, whose checks are sh words too). What is
 * written as a file's bytes is exempt: file contents (data
 * URLs, decoded at transpile time) and unit or drop-in contents are carried
 * whole, as base64 or printf escapes when they are not plain text. Ignition
 * itself keeps Butane's behaviour and passes such values through.
 */

import { LEGACY_MSG } from "../../diagnostics/catalogue/legacy.js";
import type { Diagnostic, PathElement } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/message.js";

/** Keys whose string value is written as bytes, not used as a name or word. */
const CARRIED_AS_BYTES = new Set(["source", "contents"]);

/** `carrier` names what cannot carry them: "the script target", "the verification agent". */
export function nulBytes(config: unknown, carrier: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (value: unknown, path: PathElement[]): void => {
    if (typeof value === "string") {
      if (value.includes("\0")) {
        out.push(diagnostic("error", LEGACY_MSG.nulByte(carrier), path));
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        visit(v, [...path, i]);
      });
    } else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) if (!CARRIED_AS_BYTES.has(k)) visit(v, [...path, k]);
    }
  };
  visit(config, []);
  return out;
}
