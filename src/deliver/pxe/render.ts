/**
 * A machine's config: its group's template rendered with the group's data,
 * then through the transpiler or validator, checked before it is served.
 * Never an empty 200: a config that does not validate is 422 with its
 * diagnostics, a template that cannot render is 500 with the reason.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { validateCloudConfig } from "../../cloudconfig/validate.js";
import { marshalGoJson } from "../../emit/json-go.js";
import { convertConfig } from "../../ignition/convert.js";
import { loadSpec } from "../../ignition/schema.js";
import { validateIgnition } from "../../ignition/validate.js";
import { SPEC_VERSIONS, type SpecVersion } from "../../ignition/versions.js";
import { type OutputTarget, transpile } from "../../transpile.js";
import type { Group, Profile } from "./model.js";
import { type AgentSettings, withAgent } from "../../verify/agent.js";
import { type Snapshot, templateOf, type TemplateKind } from "./snapshot.js";

export interface Reply {
  status: number;
  contentType: string;
  body: string;
}

const text = (status: number, body: string): Reply => ({ status, contentType: "text/plain; charset=utf-8", body: body.endsWith("\n") ? body : body + "\n" });

/** 422: the rendered config is invalid; the diagnostics say where, in the rendered text of `file`. */
function invalid(file: string, what: string, diagnostics: Diagnostic[], failure?: string): Reply {
  const body = {
    error: `the ${what} rendered from ${file} is invalid${failure ? `: ${failure}` : ""}`,
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      ...(d.hint ? { hint: d.hint } : {}),
      file,
      ...(d.span ? { line: d.span.line, column: d.span.column } : {}),
    })),
  };
  return { status: 422, contentType: "application/json", body: JSON.stringify(body) + "\n" };
}

/** The template data: metadata, then the selectors (lower-case keys), then the query where the profile allows it. */
export function templateData(group: Group, profile: Profile, query: Record<string, string>): Record<string, unknown> {
  const selectors = Object.fromEntries(Object.entries(group.selector).map(([k, v]) => [k.toLowerCase(), v]));
  return { ...group.metadata, ...selectors, ...(profile.allow_query ? { request: { query } } : {}) };
}

function renderTemplate(snapshot: Snapshot, kind: TemplateKind, id: string, data: Record<string, unknown>): { text?: string; file: string; reply?: Reply } {
  const stored = templateOf(snapshot, kind, id);
  if (!stored) return { file: `${kind}/${id}`, reply: text(500, `template ${kind}/${id} is missing from the store`) };
  try {
    return { text: stored.template.render(data), file: stored.file };
  } catch (err) {
    const message = (err as Error).message.split("\n")[0]!;
    const missing = /^"(.+)" not defined in .* - (\d+):\d+$/.exec(message);
    const why = missing ? `line ${missing[2]} uses "${missing[1]}", which the group's metadata and selectors do not define` : message;
    return { file: stored.file, reply: text(500, `cannot render ${stored.file}: ${why}`) };
  }
}

const isButane = (id: string) => /\.(bu|ya?ml)$/.test(id);

function toVersion(json: string, file: string, wanted: string | undefined): Reply {
  const ok = (body: string): Reply => ({ status: 200, contentType: "application/vnd.coreos.ignition+json", body: body + "\n" });
  if (!wanted) return ok(json);
  const checked = validateIgnition(Buffer.from(json));
  if (!checked.config || !checked.version) return invalid(file, "Ignition config", checked.diagnostics);
  if (checked.version === wanted) return ok(json);
  if (!(SPEC_VERSIONS as readonly string[]).includes(wanted)) return text(500, `profile asks for Ignition ${wanted}, which kindling does not know`);
  const converted = convertConfig(checked.config, checked.version, wanted as SpecVersion);
  if (!converted.config || hasErrors(converted.diagnostics)) return invalid(file, `Ignition ${wanted} config`, converted.diagnostics, `it cannot be expressed in spec ${wanted}`);
  return ok(marshalGoJson(loadSpec(wanted as SpecVersion), converted.config));
}

/** /ignition: the profile's ignition template, as Ignition JSON. */
export function renderIgnition(snapshot: Snapshot, group: Group, profile: Profile, query: Record<string, string>, verify?: AgentSettings): Reply {
  if (!profile.ignition_id) return text(404, `profile "${profile.id}" (${profile.file}) has no ignition_id`);
  const rendered = renderTemplate(snapshot, "ignition", profile.ignition_id, templateData(group, profile, query));
  if (rendered.reply) return rendered.reply;
  if (isButane(profile.ignition_id)) {
    const r = transpile(rendered.text!, { verify });
    if (r.failure !== undefined) return invalid(rendered.file, "Butane config", r.diagnostics, r.failure);
    return toVersion(r.output!, rendered.file, profile.ignition_version);
  }
  const checked = validateIgnition(Buffer.from(rendered.text!));
  if (checked.failure || hasErrors(checked.diagnostics)) return invalid(rendered.file, "Ignition config", checked.diagnostics, checked.failure?.text);
  if (!verify) return toVersion(rendered.text!.trimEnd(), rendered.file, profile.ignition_version);
  // The agent is added to the config as delivered without it, in the template's own spec version.
  const plain = marshalGoJson(loadSpec(checked.version!), checked.config!);
  const added = withAgent(plain, verify);
  if (!added.config) return invalid(rendered.file, "Ignition config", added.diagnostics, "the verification agent cannot be added");
  const again = validateIgnition(Buffer.from(JSON.stringify(added.config)));
  return toVersion(marshalGoJson(loadSpec(checked.version!), again.config!), rendered.file, profile.ignition_version);
}

/** /cloud-config: the profile's cloud template, else its Butane template as cloud-config (or cloud-init when the profile's target says so). */
export function renderCloudConfig(snapshot: Snapshot, group: Group, profile: Profile, query: Record<string, string>, verify?: AgentSettings): Reply {
  const data = templateData(group, profile, query);
  if (profile.cloud_id) {
    const rendered = renderTemplate(snapshot, "cloud", profile.cloud_id, data);
    if (rendered.reply) return rendered.reply;
    if (verify) return text(500, `profile "${profile.id}" (${profile.file}) asks for verification, which kindling adds only to configs it renders from Butane or Ignition, not to cloud_id templates`);
    if (rendered.text!.startsWith("#cloud-config")) {
      const found = validateCloudConfig(rendered.text!).filter((d) => d.severity === "error");
      if (found.length) return invalid(rendered.file, "cloud-config", found);
    }
    return { status: 200, contentType: "text/cloud-config; charset=utf-8", body: rendered.text! };
  }
  const target: OutputTarget = profile.target === "cloud-init" ? "cloud-init" : "cloud-config";
  return renderButaneAs(snapshot, profile, data, target, "text/cloud-config; charset=utf-8", verify);
}

/** /script: the profile's Butane template as the POSIX script. */
export function renderScriptConfig(snapshot: Snapshot, group: Group, profile: Profile, query: Record<string, string>, verify?: AgentSettings): Reply {
  return renderButaneAs(snapshot, profile, templateData(group, profile, query), "script", "text/x-shellscript; charset=utf-8", verify);
}

function renderButaneAs(snapshot: Snapshot, profile: Profile, data: Record<string, unknown>, target: OutputTarget, contentType: string, verify?: AgentSettings): Reply {
  if (!profile.ignition_id || !isButane(profile.ignition_id)) {
    return text(404, `profile "${profile.id}" (${profile.file}) has no ${target === "script" ? "Butane template (ignition_id ending .bu or .yaml)" : "cloud_id or Butane template"}`);
  }
  const rendered = renderTemplate(snapshot, "ignition", profile.ignition_id, data);
  if (rendered.reply) return rendered.reply;
  const r = transpile(rendered.text!, { target, verify });
  if (r.failure !== undefined) return invalid(rendered.file, `${target} config`, r.diagnostics, r.failure);
  return { status: 200, contentType, body: r.output! };
}

/** /generic: the profile's generic template, rendered. */
export function renderGeneric(snapshot: Snapshot, group: Group, profile: Profile, query: Record<string, string>): Reply {
  if (!profile.generic_id) return text(404, `profile "${profile.id}" (${profile.file}) has no generic_id`);
  const rendered = renderTemplate(snapshot, "generic", profile.generic_id, templateData(group, profile, query));
  return rendered.reply ?? { status: 200, contentType: "text/plain; charset=utf-8", body: rendered.text! };
}

/** /metadata: the group's data as an environment file, KEY=value, nested keys joined by "_", sorted. */
export function renderMetadata(group: Group, profile: Profile, query: Record<string, string>): Reply {
  const lines: string[] = [];
  const walk = (prefix: string, v: unknown) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}_${k}` : k, x);
    } else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
      lines.push(`${prefix.toUpperCase().replace(/[^A-Z0-9_]/g, "_")}=${String(v).replace(/\n/g, "\\n")}`);
    }
  };
  walk("", templateData(group, profile, query));
  return { status: 200, contentType: "text/plain; charset=utf-8", body: lines.sort().join("\n") + "\n" };
}
