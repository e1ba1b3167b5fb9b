/**
 * A catalogue entry (src/diagnostics/catalogue/): a stable code, the text
 * exactly as the reference tool words it (so reports stay byte-compatible),
 * and a hint in our words on how to fix it.
 */
import type { Diagnostic, PathElement, Severity, Span } from "./diagnostic.js";

export interface Message {
  code: string;
  text: string;
  hint?: string;
}

/** A catalogue entry; only the catalogue calls this. */
export const m = (code: string, text: string, hint?: string): Message => (hint ? { code, text, hint } : { code, text });

/** The diagnostic saying `message` at `path` (and `span`, when the position is known). */
export function diagnostic(severity: Severity, message: Message, path: PathElement[], span?: Span): Diagnostic {
  const d: Diagnostic = { severity, code: message.code, message: message.text, ...(message.hint ? { hint: message.hint } : {}), path };
  if (span) d.span = span;
  return d;
}
