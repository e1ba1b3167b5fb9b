/**
 * A catalogue entry (src/diagnostics/catalogue/): a stable code, the text
 * exactly as the reference tool words it (so reports stay byte-compatible),
 * and a hint in our words on how to fix it.
 */
import type { Code } from "./catalogue/index.js";
import type { Diagnostic, PathElement, Severity, Span } from "./diagnostic.js";

/** `C` is the entry's own code while the catalogue is built (Code is derived from it); any code elsewhere. */
export interface Message<C extends string = Code> {
  code: C;
  text: string;
  hint: string;
}

/**
 * A catalogue entry; only the catalogue calls this. The code keeps its
 * literal type, from which catalogue/index.ts derives `Code`, so entries must
 * not be annotated `: Message` (that would make Code depend on itself).
 */
export const m = <C extends string>(code: C, text: string, hint: string): Message<C> => ({ code, text, hint });

/** The diagnostic saying `message` at `path` (and `span`, when the position is known). */
export function diagnostic(severity: Severity, message: Message, path: PathElement[], span?: Span): Diagnostic {
  const d: Diagnostic = { severity, code: message.code, message: message.text, hint: message.hint, path };
  if (span) d.span = span;
  return d;
}
