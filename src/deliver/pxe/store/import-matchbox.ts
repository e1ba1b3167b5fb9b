/**
 * A matchbox data directory copied into a new kindling one: profiles and
 * groups as they are (same JSON), templates with their Go-template actions
 * rewritten as handlebars where the meaning is the same, and a list of every
 * action it could not rewrite, by file, line and column. matchbox gives
 * every template the request's query; kindling only where a profile sets
 * allow_query, so profiles whose templates read `request` get it (added to
 * the JSON as written) and are listed. Nothing in the source directory is
 * touched; the result is checked by loading it.
 */
import { existsSync, readdirSync } from "node:fs";
import { rewriteGoTemplate, type Unrewritten } from "../render/go-template.js";
import { findRequestRead } from "../render/template.js";
import { DirectoryStore } from "./directory.js";
import { formatProblem, type StoreProblem } from "./model.js";
import { buildSnapshot, type RawFile, TEMPLATE_KINDS, TEMPLATE_REFS } from "./snapshot.js";

export interface ImportReport {
  /** Files written, relative to the new directory. */
  written: string[];
  /** Templates with actions rewritten, and how many. */
  rewritten: { file: string; count: number }[];
  /** Profiles given "allow_query": true, and their templates that read the request. */
  allowQuery: { file: string; templates: string[] }[];
  /** Actions left as Go, for a person to rewrite. */
  unrewritten: (Unrewritten & { file: string })[];
  /** Problems loading the result (besides the actions above). */
  problems: StoreProblem[];
}

export async function importMatchbox(source: string, target: string): Promise<ImportReport> {
  if (existsSync(target) && readdirSync(target).length) throw new Error(`${target} exists and is not empty; give a new directory`);
  const read = await new DirectoryStore(source).readAll();
  if (read.problems.length) throw new Error(read.problems.map(formatProblem).join("\n"));
  const report: ImportReport = { written: [], rewritten: [], allowQuery: [], unrewritten: [], problems: [] };
  const readRequest = new Set<string>();
  const rewritten: RawFile[] = read.files.map(({ file, bytes }) => {
    if (!(TEMPLATE_KINDS as readonly string[]).includes(file.split("/")[0]!)) return { file, bytes };
    const r = rewriteGoTemplate(Buffer.from(bytes).toString("utf8"));
    if (r.rewritten) report.rewritten.push({ file, count: r.rewritten });
    for (const u of r.unrewritten) report.unrewritten.push({ file, ...u });
    if (findRequestRead(r.text)) readRequest.add(file);
    return { file, bytes: Buffer.from(r.text) };
  });
  const files = rewritten.map(({ file, bytes }) => {
    if (!file.startsWith("profiles/")) return { file, bytes };
    const withSetting = allowQueryFor(bytes, readRequest);
    if (!withSetting) return { file, bytes };
    report.allowQuery.push({ file, templates: withSetting.templates });
    return { file, bytes: withSetting.bytes };
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

/** A profile's JSON with "allow_query": true added first (the rest as written), when a template it names reads the request and it does not say. */
function allowQueryFor(bytes: Uint8Array, readRequest: Set<string>): { bytes: Buffer; templates: string[] } | undefined {
  const text = Buffer.from(bytes).toString("utf8");
  let profile: Record<string, unknown>;
  try {
    profile = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined; // the load below reports it
  }
  if (!profile || typeof profile !== "object" || "allow_query" in profile) return undefined;
  const templates = TEMPLATE_REFS.map(([key, kind]) => `${kind}/${String(profile[key])}`).filter((f) => readRequest.has(f));
  const open = /^\s*\{(\s*)/.exec(text);
  if (!templates.length || !open) return undefined;
  return { bytes: Buffer.from(`${open[0]}"allow_query": true,${open[1]}${text.slice(open[0].length)}`), templates };
}
