/**
 * The reference tools' one-line format:
 *   error at $.storage.files.0.path, line 8 col 17: path not absolute
 *   error at line 4 col 4: invalid character '}' ...   (no path)
 *   error at $.storage: ...                            (no position)
 *   error: ...                                         (neither)
 */
import { type Diagnostic, formatPath } from "./diagnostic.js";

/** One diagnostic in the reference tools' one-line format (Butane's `--raw-errors`). */
export function renderRaw(d: Diagnostic): string {
  const position = d.span ? `line ${d.span.line} col ${d.span.column}` : "";
  let at = "";
  if (d.path.length > 0 && position) at = ` at ${formatPath(d.path)}, ${position}`;
  else if (position) at = ` at ${position}`;
  else if (d.path.length > 0) at = ` at ${formatPath(d.path)}`;
  return `${d.severity}${at}: ${d.message}`;
}

/** Every diagnostic in the one-line format, one per line. */
export function renderRawReport(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => renderRaw(d) + "\n").join("");
}
