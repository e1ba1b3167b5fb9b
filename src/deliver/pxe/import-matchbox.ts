/**
 * A matchbox data directory copied into a new kindling one: profiles and
 * groups as they are (same JSON), templates with their Go-template actions
 * rewritten as handlebars where the meaning is the same, and a list of every
 * action it could not rewrite, by file, line and column. Nothing in the
 * source directory is touched; the result is checked by loading it.
 */
import { existsSync, readdirSync } from "node:fs";
import { rewriteGoTemplate, type Unrewritten } from "./go-template-rewrite.js";
import { formatProblem, type StoreProblem } from "./model.js";
import { DirectoryStore } from "./store/directory.js";
import { buildSnapshot, type RawFile, TEMPLATE_KINDS } from "./snapshot.js";

export interface ImportReport {
  /** Files written, relative to the new directory. */
  written: string[];
  /** Templates with actions rewritten, and how many. */
  rewritten: { file: string; count: number }[];
  /** Actions left as Go, for a person to rewrite. */
  unrewritten: (Unrewritten & { file: string })[];
  /** Problems loading the result (besides the actions above). */
  problems: StoreProblem[];
}

export async function importMatchbox(source: string, target: string): Promise<ImportReport> {
  if (existsSync(target) && readdirSync(target).length) throw new Error(`${target} exists and is not empty; give a new directory`);
  const read = await new DirectoryStore(source).readAll();
  if (read.problems.length) throw new Error(read.problems.map(formatProblem).join("\n"));
  const report: ImportReport = { written: [], rewritten: [], unrewritten: [], problems: [] };
  const files: RawFile[] = read.files.map(({ file, bytes }) => {
    if (!(TEMPLATE_KINDS as readonly string[]).includes(file.split("/")[0]!)) return { file, bytes };
    const r = rewriteGoTemplate(Buffer.from(bytes).toString("utf8"));
    if (r.rewritten) report.rewritten.push({ file, count: r.rewritten });
    for (const u of r.unrewritten) report.unrewritten.push({ file, ...u });
    return { file, bytes: Buffer.from(r.text) };
  });
  const out = new DirectoryStore(target);
  for (const { file, bytes } of files) {
    await out.write(file, bytes);
    report.written.push(file);
  }
  const loaded = buildSnapshot(files, 1);
  const listed = new Set(report.unrewritten.map((u) => `${u.file}:${u.line}:${u.column}`));
  report.problems = loaded.problems.filter((p) => !listed.has(`${p.file}:${p.line}:${p.column}`));
  return report;
}
