/**
 * The default report: each diagnostic with the source lines around it and a
 * caret under the offending value, as Butane prints it (two lines of context
 * each side; carets from the column to the next whitespace; entries
 * separated by a blank line), optionally coloured. Our hint, when there is
 * one, follows as a `= help:` line.
 */
import { type Diagnostic, formatPath } from "./diagnostic.js";

const COLOR = {
  error: "\u001b[1;31m",
  warning: "\u001b[1;33m",
  info: "\u001b[1;36m",
  frame: "\u001b[1;34m",
  reset: "\u001b[0m",
};

export function renderPretty(d: Diagnostic, lines: string[], file: string, color: boolean): string {
  const paint = (code: string, text: string) => (color ? code + text + COLOR.reset : text);
  const head = paint(COLOR[d.severity], d.severity + (d.path.length ? `[${formatPath(d.path)}]` : "")) + ":";
  const span = d.span;
  if (!span || span.line < 1 || span.line > lines.length) {
    return `${head} ${d.message}\n${d.hint ? `  = help: ${d.hint}\n` : ""}`;
  }
  const first = Math.max(1, span.line - 2);
  const last = Math.min(lines.length, span.line + 2);
  const width = String(last).length;
  const gutter = (n?: number) => paint(COLOR.frame, `${n === undefined ? " ".repeat(width) : String(n).padStart(width)} |`);
  const out = [head, `${" ".repeat(width + 1)}${paint(COLOR.frame, "-->")} ${file}:${span.line}:${span.column}`, ` ${gutter()}`];
  for (let n = first; n <= last; n++) {
    out.push(` ${gutter(n)}${lines[n - 1] ? " " + lines[n - 1] : ""}`);
    if (n === span.line) {
      const text = [...lines[n - 1]];
      const start = Math.max(0, span.column - 1);
      let end = start;
      while (end < text.length && !/\s/.test(text[end])) end++;
      const carets = "^".repeat(Math.max(1, end - start));
      out.push(` ${gutter()} ${" ".repeat(start)}${paint(COLOR.frame, carets)} ${d.message}`);
    }
  }
  out.push(` ${gutter()}`);
  if (d.hint) out.push(`${" ".repeat(width + 1)}= help: ${d.hint}`);
  return out.join("\n") + "\n";
}

/** Every diagnostic as a code frame: `file:line:col`, the message and hint, and the source line with a caret under the column. */
export function renderPrettyReport(diagnostics: readonly Diagnostic[], source: string, file: string, color: boolean): string {
  if (diagnostics.length === 0) return "";
  const lines = source.replace(/\r\n/g, "\n").split("\n");
  return diagnostics.map((d) => renderPretty(d, lines, file, color)).join("\n");
}
