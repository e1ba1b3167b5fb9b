/**
 * Diagnostics are values, never thrown strings. Every stage returns them next
 * to its result; renderers turn them into text (raw, pretty) or JSON.
 */
import type { Code } from "./catalogue/index.js";

/** How bad a diagnostic is: errors fail the run, warnings fail it only under --strict. */
export type Severity = "error" | "warning" | "info";

/** A path into a config: object keys and array indices, `$.storage.files.0.path`. */
export type PathElement = string | number;

/** Where in the input a diagnostic points. */
export interface Span {
  /** 1-based; 0 when the position is past the end of the input. */
  line: number;
  column: number;
}

/** One problem found in a config: a value, never a thrown string. */
export interface Diagnostic {
  severity: Severity;
  /** Stable identifier from the message catalogue (src/diagnostics/catalogue/), e.g. `ignition.path.relative`. */
  code: Code;
  /** The message exactly as the reference tool words it. */
  message: string;
  /** How to fix it, in our words (absent where the message says it all). */
  hint?: string;
  path: PathElement[];
  /** The path names an object key itself rather than its value (unused keys). */
  atKey?: boolean;
  span?: Span;
}

/** True when any diagnostic is an error (warnings alone do not fail a run unless --strict). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** `$.a.b.0`, the reference's path notation. */
export function formatPath(path: readonly PathElement[]): string {
  return ["$", ...path.map(String)].join(".");
}
