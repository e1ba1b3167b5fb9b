/**
 * Diagnostics located in a named input: one line each,
 * `FILE:LINE:COL: SEVERITY: MESSAGE (HINT)`, the form editors and CI logs
 * link to, and the same facts as one JSON object for machine readers.
 */
import { type Diagnostic, formatPath } from "./diagnostic.js";

/** One diagnostic as a machine reads it: the same fields wherever kindling writes JSON. */
export interface LocatedDiagnostic {
  severity: Diagnostic["severity"];
  code: string;
  message: string;
  hint?: string;
  file: string;
  line?: number;
  column?: number;
  /** `$.storage.files.0.path`, or absent when the diagnostic is about the whole input. */
  path?: string;
}

export function locate(d: Diagnostic, file: string): LocatedDiagnostic {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
    file,
    ...(d.span && d.span.line > 0 ? { line: d.span.line, column: d.span.column } : {}),
    ...(d.path.length > 0 ? { path: formatPath(d.path) } : {}),
  };
}

/** `FILE:LINE:COL: SEVERITY: MESSAGE (HINT)`; the position is left out when there is none. */
export function renderLocated(d: Diagnostic, file: string): string {
  const l = locate(d, file);
  const where = l.line !== undefined ? `${file}:${l.line}:${l.column}` : file;
  const at = l.line === undefined && l.path !== undefined ? ` at ${l.path}` : "";
  return `${where}: ${l.severity}${at}: ${l.message}${l.hint !== undefined ? ` (${l.hint})` : ""}`;
}
