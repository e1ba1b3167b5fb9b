/**
 * The transpiler's report on a document as LSP diagnostics: each diagnostic
 * at the line and column `kindling transpile` prints (converted to LSP's
 * 0-based UTF-16 positions), with its code, message and hint; a failure
 * without diagnostics (YAML syntax, a value of the wrong type, an unknown
 * variant or version) at the line it names.
 */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { transpile } from "../transpile.js";
import { lineRange, splitLines, tokenRange } from "./positions.js";

/** What a published diagnostic carries for code actions. */
export interface DiagnosticData {
  path: (string | number)[];
  hint?: string;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

/** The LSP form of one transpiler diagnostic; the hint follows the message on its own line. */
export function toLsp(d: Diagnostic, lines: readonly string[]): LspDiagnostic {
  const span = d.span ?? { line: 0, column: 0 };
  const data: DiagnosticData = { path: d.path, ...(d.hint !== undefined ? { hint: d.hint } : {}) };
  return {
    range: tokenRange(lines, span.line, span.column),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: "kindling",
    message: d.hint !== undefined ? `${d.message}\nhelp: ${d.hint}` : d.message,
    data,
  };
}

/** The top-level line of `key:` (1-based), or 0. */
function keyLine(lines: readonly string[], key: string): number {
  const i = lines.findIndex((l) => l.startsWith(`${key}:`));
  return i + 1;
}

/** A failure the transpiler reports without diagnostics, at the lines it names. */
function failureDiagnostics(failure: string, lines: readonly string[]): LspDiagnostic[] {
  const at = (line: number, message: string): LspDiagnostic => ({
    range: lineRange(lines, line),
    severity: DiagnosticSeverity.Error,
    source: "kindling",
    message,
  });
  const typeErrors = [...failure.matchAll(/^\s*line (\d+): (cannot unmarshal .*|mapping key .*|map merge .*)$/gm)];
  if (failure.startsWith("yaml: unmarshal errors:") && typeErrors.length) return typeErrors.map((m) => at(Number(m[1]), m[2]!));
  const syntax = /^Error unmarshaling yaml: yaml: (?:line (\d+): )?(.*)$/s.exec(failure);
  if (syntax) return [at(Number(syntax[1] ?? 0), `yaml: ${syntax[2]}`)];
  if (failure.startsWith("error parsing variant")) return [at(keyLine(lines, "variant"), failure)];
  if (failure.startsWith("error parsing version") || failure.startsWith("No translator")) return [at(keyLine(lines, "version"), failure)];
  if (failure.startsWith("rhcos")) return [at(keyLine(lines, "variant"), failure)];
  return [];
}

export interface DocumentOptions {
  /** The files directory local paths are relative to (-d), if any. */
  filesDir?: string;
}

/** Every diagnostic `kindling transpile` reports on `text`, as LSP diagnostics. */
export function documentDiagnostics(text: string, options: DocumentOptions = {}): LspDiagnostic[] {
  const result = transpile(text, { ...(options.filesDir !== undefined ? { filesDir: options.filesDir } : {}) });
  const lines = splitLines(text);
  const out = result.diagnostics.map((d) => toLsp(d, lines));
  if (result.failure !== undefined && result.diagnostics.length === 0) out.push(...failureDiagnostics(result.failure, lines));
  return out;
}
