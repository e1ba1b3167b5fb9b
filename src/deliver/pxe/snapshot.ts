/**
 * One consistent view of a store: profiles, groups behind the selection
 * index, compiled templates. Built from raw files by every store (directory
 * today), checked as a whole: a group naming a missing profile, a profile
 * naming a missing template, a template with a Go-template construct, two
 * groups with the same selectors: each a problem with its file, and no
 * snapshot. A server keeps serving its last good snapshot instead.
 */
import { compileTemplate, type CompiledTemplate } from "./template.js";
import { formatProblem, type Group, type Profile, readGroup, readProfile, type StoreProblem } from "./model.js";
import { GroupIndex } from "./selection.js";

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
}

export interface Snapshot {
  /** Grows with each snapshot a store builds; part of every cache key. */
  generation: number;
  profiles: Map<string, Profile>;
  groups: Map<string, Group>;
  index: GroupIndex<Group>;
  templates: Map<string, StoredTemplate>;
}

const templateKey = (kind: TemplateKind, id: string) => `${kind}/${id}`;

export function templateOf(snapshot: Snapshot, kind: TemplateKind, id: string): StoredTemplate | undefined {
  return snapshot.templates.get(templateKey(kind, id));
}

export function buildSnapshot(files: RawFile[], generation: number): { snapshot?: Snapshot; problems: StoreProblem[] } {
  const problems: StoreProblem[] = [];
  const profiles = new Map<string, Profile>();
  const groups = new Map<string, Group>();
  const templates = new Map<string, StoredTemplate>();

  for (const { file, bytes } of files) {
    const [dir, ...rest] = file.split("/");
    const name = rest.join("/");
    if (dir === "profiles" || dir === "groups") {
      if (!name.endsWith(".json") || rest.length !== 1) continue;
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
    } else if ((TEMPLATE_KINDS as readonly string[]).includes(dir!) && rest.length === 1) {
      const compiled = compileTemplate(Buffer.from(bytes).toString("utf8"));
      for (const p of compiled.problems) problems.push({ file, line: p.line, column: p.column, message: p.message });
      if (compiled.template) templates.set(templateKey(dir as TemplateKind, name), { kind: dir as TemplateKind, id: name, file, template: compiled.template });
    }
  }

  for (const g of groups.values()) {
    if (!profiles.has(g.profile)) problems.push({ file: g.file, message: `group "${g.id}" names profile "${g.profile}", which no file in profiles/ defines` });
  }
  for (const p of profiles.values()) {
    for (const [key, kind] of [["ignition_id", "ignition"], ["cloud_id", "cloud"], ["generic_id", "generic"]] as const) {
      const id = p[key];
      if (id !== undefined && !templates.has(templateKey(kind, id)) && !problems.some((x) => x.file === `${kind}/${id}`)) {
        problems.push({ file: p.file, message: `${key} "${id}" names no file in ${kind}/` });
      }
    }
  }
  const built = GroupIndex.build([...groups.values()]);
  for (const p of built.problems) problems.push({ file: p.files.join(" and "), message: p.message });
  if (problems.length || !built.index) return { problems };
  return { snapshot: { generation, profiles, groups, index: built.index, templates }, problems };
}

export function describeProblems(problems: StoreProblem[]): string {
  return problems.map(formatProblem).join("\n");
}
