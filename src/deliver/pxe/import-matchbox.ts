/**
 * A matchbox data directory copied into a new kindling one: profiles and
 * groups as they are (same JSON), templates with their Go-template actions
 * rewritten as handlebars where the meaning is the same, and a list of every
 * action it could not rewrite, by file, line and column. Nothing in the
 * source directory is touched; the result is checked by loading it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rewriteGoTemplate, type Unrewritten } from "./go-template-rewrite.js";
import type { StoreProblem } from "./model.js";
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

export function importMatchbox(source: string, target: string): ImportReport {
  if (existsSync(target) && readdirSync(target).length) throw new Error(`${target} exists and is not empty; give a new directory`);
  const report: ImportReport = { written: [], rewritten: [], unrewritten: [], problems: [] };
  const files: RawFile[] = [];
  for (const folder of ["profiles", "groups", ...TEMPLATE_KINDS]) {
    const dir = join(source, folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isFile() || entry.name.startsWith(".")) continue;
      const file = `${folder}/${entry.name}`;
      let bytes: Buffer = readFileSync(join(dir, entry.name));
      if ((TEMPLATE_KINDS as readonly string[]).includes(folder)) {
        const r = rewriteGoTemplate(bytes.toString("utf8"));
        if (r.rewritten) report.rewritten.push({ file, count: r.rewritten });
        for (const u of r.unrewritten) report.unrewritten.push({ file, ...u });
        bytes = Buffer.from(r.text);
      }
      files.push({ file, bytes });
    }
  }
  for (const { file, bytes } of files) {
    mkdirSync(join(target, file, ".."), { recursive: true });
    writeFileSync(join(target, file), bytes);
    report.written.push(file);
  }
  const loaded = buildSnapshot(files, 1);
  const listed = new Set(report.unrewritten.map((u) => `${u.file}:${u.line}:${u.column}`));
  report.problems = loaded.problems.filter((p) => !listed.has(`${p.file}:${p.line}:${p.column}`));
  return report;
}
