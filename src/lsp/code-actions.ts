/**
 * Quick fixes for the diagnostics that have an obvious repair: a mode
 * written in decimal gets its leading zero, a relative path its leading `/`,
 * and a misspelled key becomes the closest key its mapping knows.
 */
import { type CodeAction, CodeActionKind, type Diagnostic, type TextEdit } from "vscode-languageserver";
import { BMSG, MSG } from "../diagnostics/catalogue/index.js";
import { closestKey } from "./closest-key.js";
import type { DiagnosticData } from "./diagnostics.js";
import { documentSchema, structAt } from "./schema-at.js";

// The codes with a quick fix, named by their catalogue entries.
const DECIMAL_MODE = BMSG.decimalMode.code;
const RELATIVE_PATH = MSG.pathRelative.code;
const UNUSED_KEY = BMSG.unusedKey("").code;

interface Fix {
  title: string;
  edit: TextEdit;
}

function tokenText(lines: readonly string[], d: Diagnostic): string {
  const { start, end } = d.range;
  return start.line === end.line ? (lines[start.line] ?? "").slice(start.character, end.character) : "";
}

function fixFor(lines: readonly string[], d: Diagnostic): Fix | undefined {
  const token = tokenText(lines, d);
  const at = d.range.start;
  switch (d.code) {
    case DECIMAL_MODE:
      if (!/^[0-7]+$/.test(token)) return undefined;
      return { title: `Write the mode in octal: 0${token}`, edit: { range: { start: at, end: at }, newText: "0" } };
    case RELATIVE_PATH: {
      const quoted = token.startsWith('"') || token.startsWith("'");
      const path = quoted ? token.slice(1) : token;
      if (path === "" || path.startsWith("/")) return undefined;
      const insertAt = { line: at.line, character: at.character + (quoted ? 1 : 0) };
      return {
        title: `Make the path absolute: /${path.replace(/["']$/, "")}`,
        edit: { range: { start: insertAt, end: insertAt }, newText: "/" },
      };
    }
    case UNUSED_KEY: {
      const path = (d.data as DiagnosticData | undefined)?.path;
      const schema = documentSchema(lines);
      if (!path || !schema) return undefined;
      const key = String(path[path.length - 1]);
      const struct = structAt(schema, path.slice(0, -1));
      const best = struct && closestKey(key, struct.byName.keys());
      if (!best || token !== key) return undefined;
      return { title: `Change ${key} to ${best}`, edit: { range: d.range, newText: best } };
    }
    default:
      return undefined;
  }
}

const sameRange = (a: Diagnostic, b: Diagnostic) =>
  a.range.start.line === b.range.start.line &&
  a.range.start.character === b.range.start.character &&
  a.range.end.line === b.range.end.line &&
  a.range.end.character === b.range.end.character;

/**
 * The quick fixes for `diagnostics` as the client sends them back in document
 * `uri`; a client that drops their `data` gets it from the diagnostics the
 * server published (`published`).
 */
export function codeActions(
  uri: string,
  text: string,
  diagnostics: readonly Diagnostic[],
  published: readonly Diagnostic[] = [],
): CodeAction[] {
  const lines = text.split(/\r?\n/);
  const out: CodeAction[] = [];
  for (const sent of diagnostics) {
    const d =
      sent.data === undefined
        ? { ...sent, data: published.find((p) => p.code === sent.code && p.message === sent.message && sameRange(p, sent))?.data }
        : sent;
    const fix = fixFor(lines, d);
    if (!fix) continue;
    out.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [sent],
      isPreferred: true,
      edit: { changes: { [uri]: [fix.edit] } },
    });
  }
  return out;
}
