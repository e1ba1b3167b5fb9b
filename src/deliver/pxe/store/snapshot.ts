/**
 * One consistent view of a store: profiles, groups behind the selection
 * index, compiled templates. Built from raw files by every store (directory,
 * etcd), checked as a whole: a group naming a missing profile, a profile
 * naming a missing template, a template it names that does not compile, two
 * groups with the same selectors: each a problem with its file, and no
 * snapshot. A server keeps serving its last good snapshot instead.
 * Only the templates profiles name are compiled; the others are listed as
 * unused (a spare file never blocks a reload). Editor leftovers are no part
 * of a store.
 */
import { type CompiledTemplate, compileTemplate } from "../render/template.js";
import { GroupIndex } from "../select/group-index.js";
import { formatProblem, type Group, type Profile, readGroup, readProfile, type StoreProblem } from "./model.js";

export const TEMPLATE_KINDS = ["ignition", "cloud", "generic"] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export interface RawFile {
  /** Path relative to the store root, e.g. "groups/node1.json", "ignition/node.bu". */
  file: string;
  bytes: Uint8Array;
}

export interface StoredTemplate {
  kind: TemplateKind;
  id: string;
  file: string;
  template: CompiledTemplate;
  /** The template's text as stored: what a render worker compiles its own copy from. */
  source: string;
}

/** Hidden files and editor leftovers: backups (`name~`), auto-saves (`#name#`), swap files (`name.swp`…`name.swa`). */
export function isLeftover(name: string): boolean {
  return /^\.|~$|^#.*#$|\.sw[a-p]$/.test(name);
}

/** Whether a store path ("ignition/node.bu") is a file a snapshot is built from. */
export function isSnapshotFile(file: string): boolean {
  const [folder, ...rest] = file.split("/");
  return (
    rest.length === 1 &&
    (folder === "profiles" || folder === "groups" || (TEMPLATE_KINDS as readonly string[]).includes(folder!)) &&
    !isLeftover(rest[0]!)
  );
}

/** A template's own problems (Go-template constructs, handlebars syntax), at its lines and columns. */
export function templateProblems(
  file: string,
  bytes: Uint8Array,
): { template?: CompiledTemplate; source: string; problems: StoreProblem[] } {
  const source = Buffer.from(bytes).toString("utf8");
  const compiled = compileTemplate(source);
  return {
    template: compiled.template,
    source,
    problems: compiled.problems.map((p) => ({ file, line: p.line, column: p.column, message: p.message })),
  };
}

export interface Snapshot {
  /** Grows with each snapshot a store builds; part of every cache key. */
  generation: number;
  profiles: Map<string, Profile>;
  groups: Map<string, Group>;
  index: GroupIndex<Group>;
  templates: Map<string, StoredTemplate>;
  /** Template files no profile names, sorted: not compiled, not served. */
  unused: string[];
}

const templateKey = (kind: TemplateKind, id: string) => `${kind}/${id}`;

/** Which profile key names a template of which kind. */
export const TEMPLATE_REFS = [
  ["ignition_id", "ignition"],
  ["cloud_id", "cloud"],
  ["generic_id", "generic"],
] as const;

/** What a render reads of a snapshot: its templates (a render worker has only the profile's). */
export type Templates = Pick<Snapshot, "templates">;

export function templateOf(snapshot: Templates, kind: TemplateKind, id: string): StoredTemplate | undefined {
  return snapshot.templates.get(templateKey(kind, id));
}

export function buildSnapshot(files: RawFile[], generation: number): { snapshot?: Snapshot; problems: StoreProblem[] } {
  const problems: StoreProblem[] = [];
  const profiles = new Map<string, Profile>();
  const groups = new Map<string, Group>();
  const templates = new Map<string, StoredTemplate>();

  const templateFiles: RawFile[] = [];
  for (const raw of files) {
    if (!isSnapshotFile(raw.file)) continue;
    const { file, bytes } = raw;
    const [dir, name] = file.split("/") as [string, string];
    if (dir === "profiles" || dir === "groups") {
      if (!name.endsWith(".json")) continue;
      const read = dir === "profiles" ? readProfile(bytes, file) : readGroup(bytes, file);
      problems.push(...read.problems);
      if (!read.value) continue;
      const id = read.value.id;
      const seen = dir === "profiles" ? profiles : groups;
      const other = seen.get(id);
      if (other) {
        problems.push({ file, message: `${dir === "profiles" ? "profile" : "group"} id "${id}" is also used by ${other.file}` });
        continue;
      }
      if (dir === "profiles") profiles.set(id, read.value as Profile);
      else groups.set(id, read.value as Group);
    } else templateFiles.push(raw);
  }

  const named = new Set(
    [...profiles.values()].flatMap((p) =>
      TEMPLATE_REFS.flatMap(([key, kind]) => (p[key] === undefined ? [] : [templateKey(kind, p[key])])),
    ),
  );
  const unused: string[] = [];
  for (const { file, bytes } of templateFiles) {
    if (!named.has(file)) {
      unused.push(file);
      continue;
    }
    const [kind, id] = file.split("/") as [TemplateKind, string];
    const compiled = templateProblems(file, bytes);
    problems.push(...compiled.problems);
    if (compiled.template) templates.set(file, { kind, id, file, template: compiled.template, source: compiled.source });
  }

  for (const g of groups.values()) {
    if (!profiles.has(g.profile))
      problems.push({ file: g.file, message: `group "${g.id}" names profile "${g.profile}", which no file in profiles/ defines` });
  }
  for (const p of profiles.values()) {
    for (const [key, kind] of TEMPLATE_REFS) {
      const id = p[key];
      if (id !== undefined && !templates.has(templateKey(kind, id)) && !problems.some((x) => x.file === `${kind}/${id}`)) {
        problems.push({ file: p.file, message: `${key} "${id}" names no file in ${kind}/` });
      }
    }
  }
  const built = GroupIndex.build([...groups.values()]);
  for (const p of built.problems) problems.push({ file: p.files.join(" and "), message: p.message });
  if (problems.length || !built.index) return { problems };
  return { snapshot: { generation, profiles, groups, index: built.index, templates, unused: unused.sort() }, problems };
}

/**
 * A store's next snapshot from what it read: the read's problems, or the
 * snapshot built from its files as generation `next()` (taken only when the
 * files could be read, so a refused build still uses up its generation).
 */
export function nextSnapshot(
  read: { files: RawFile[]; problems: StoreProblem[] },
  next: () => number,
): { snapshot?: Snapshot; problems: StoreProblem[] } {
  return read.problems.length ? { problems: read.problems } : buildSnapshot(read.files, next());
}

export function describeProblems(problems: StoreProblem[]): string {
  return problems.map(formatProblem).join("\n");
}
