/**
 * One render as data, so it can cross to a render worker: which reply, the
 * group and profile, the text of the templates the profile names (all taken
 * from one snapshot, so a reload while it renders cannot mix two), the
 * request and the agent's settings. `runJob` renders it from templates
 * compiled by the caller's own compile (a worker keeps its own copies).
 */
import type { AgentSettings } from "../../../verify/agent.js";
import type { Reply } from "../http/reply.js";
import type { Group, Profile } from "../store/model.js";
import { type Snapshot, type StoredTemplate, TEMPLATE_REFS } from "../store/snapshot.js";
import type { RequestData } from "./configs.js";
import { RENDERERS, type RenderKind } from "./renderers.js";
import type { CompiledTemplate } from "./template.js";

export interface RenderJob {
  kind: RenderKind;
  group: Group;
  profile: Profile;
  /** The profile's templates: store path ("ignition/node.bu") and text. */
  templates: { file: string; source: string }[];
  request: RequestData;
  verify?: AgentSettings;
}

export function renderJob(
  snapshot: Snapshot,
  kind: RenderKind,
  group: Group,
  profile: Profile,
  request: RequestData,
  verify?: AgentSettings,
): RenderJob {
  const templates: RenderJob["templates"] = [];
  for (const [key, folder] of TEMPLATE_REFS) {
    const id = profile[key];
    const stored = id === undefined ? undefined : snapshot.templates.get(`${folder}/${id}`);
    if (stored) templates.push({ file: stored.file, source: stored.source });
  }
  return { kind, group, profile, templates, request, ...(verify ? { verify } : {}) };
}

/** Renders a job; `compile` gives a template for a text (a template that compiled in the snapshot compiles again). */
export function runJob(job: RenderJob, compile: (source: string) => CompiledTemplate): Reply {
  const templates = new Map<string, StoredTemplate>();
  for (const { file, source } of job.templates) {
    const [kind, id] = file.split("/") as [StoredTemplate["kind"], string];
    templates.set(file, { kind, id, file, source, template: compile(source) });
  }
  return RENDERERS[job.kind]({ templates }, job.group, job.profile, job.request, job.verify);
}
