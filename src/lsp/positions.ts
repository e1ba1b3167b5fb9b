/**
 * Positions between kindling and LSP: kindling's are 1-based lines and
 * columns counting characters (code points, as yaml.v3 counts them); LSP's
 * are 0-based lines and UTF-16 code units. A diagnostic's range covers the
 * token at its position, as the pretty report's caret does.
 */
import type { Position, Range } from "vscode-languageserver";

/** The UTF-16 offset in `line` of 1-based code-point column `column`. */
export function utf16Column(line: string, column: number): number {
  let units = 0;
  let points = 1;
  for (const ch of line) {
    if (points >= column) break;
    units += ch.length;
    points++;
  }
  return units;
}

/** Where the token starting at `start` ends: a quoted string through its closing quote, a plain one before a separator. */
export function tokenEnd(line: string, start: number): number {
  const quote = line[start];
  if (quote === '"' || quote === "'") {
    for (let i = start + 1; i < line.length; i++) {
      if (quote === '"' && line[i] === "\\") i++;
      else if (line[i] === quote) {
        if (quote === "'" && line[i + 1] === "'") i++;
        else return i + 1;
      }
    }
    return line.length;
  }
  let i = start;
  while (i < line.length && !/[\s,\]}]/.test(line[i]!) && !(line[i] === ":" && /^(\s|$)/.test(line.slice(i + 1, i + 2)))) i++;
  return i > start ? i : Math.min(line.length, start + 1);
}

/** The LSP range of the token at 1-based `line`/`column` in `lines`; line 0 (no position) is the document's start. */
export function tokenRange(lines: readonly string[], line: number, column: number): Range {
  if (line < 1 || line > lines.length) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const text = lines[line - 1]!;
  const start = utf16Column(text, column);
  return { start: { line: line - 1, character: start }, end: { line: line - 1, character: tokenEnd(text, start) } };
}

/** The range of a whole line, from its first non-blank character. */
export function lineRange(lines: readonly string[], line: number): Range {
  if (line < 1 || line > lines.length) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const text = lines[line - 1]!;
  const start = text.length - text.trimStart().length;
  return { start: { line: line - 1, character: start }, end: { line: line - 1, character: text.length } };
}

export const splitLines = (text: string): string[] => text.split(/\r?\n/);

export const samePosition = (a: Position, b: Position) => a.line === b.line && a.character === b.character;
