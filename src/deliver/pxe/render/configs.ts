/**
 * A machine's config: its group's template rendered with the group's data,
 * then through the transpiler or validator, checked before it is served.
 * Never an empty 200: a config that does not validate is 422 with its
 * diagnostics, a template that cannot render is 500 with the reason.
 */
import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { hasErrors } from "../../../diagnostics/diagnostic.js";
import { marshalGoJson } from "../../../emit/json-go.js";
import { convertConfig } from "../../../ignition/convert.js";
import { loadSpec } from "../../../ignition/schema.js";
import { validateIgnition } from "../../../ignition/validate.js";
import { SPEC_VERSIONS, type SpecVersion } from "../../../ignition/versions.js";
import { type OutputTarget, transpile } from "../../../transpile.js";
import { validateCloudConfig } from "../../../validate-cloud-config/validate.js";
import { type AgentSettings, addAgent } from "../../../verify/agent.js";
import type { Reply } from "../http/reply.js";
import { normaliseMac } from "../select/mac.js";
import type { Group, Profile } from "../store/model.js";
import { type TemplateKind, type Templates, templateOf } from "../store/snapshot.js";

const text = (status: number, body: string): Reply => ({
  status,
  contentType: "text/plain; charset=utf-8",
  body: body.endsWith("\n") ? body : body + "\n",
});

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

/**
 * What matchbox calls `request`: the query (the first value of each
 * parameter; a `mac` normalised, or left out when it is no MAC address) and
 * the query as sent.
 */
export interface RequestData {
  query: Record<string, string>;
  raw_query: string;
}

export function requestData(query: Record<string, string>, rawQuery: string): RequestData {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    const v = key.toLowerCase() === "mac" ? normaliseMac(value) : value;
    if (v !== undefined) out[key] = v;
  }
  return { query: out, raw_query: rawQuery };
}

/** matchbox's data: metadata, then the selectors (lower-case keys), then the request. */
function groupData(group: Group, request: RequestData | undefined): Record<string, unknown> {
  const selectors = Object.fromEntries(Object.entries(group.selector).map(([k, v]) => [k.toLowerCase(), v]));
  return { ...group.metadata, ...selectors, ...(request ? { request } : {}) };
}

/** The template data: the request only where the profile allows templates to read it. */
export function templateData(group: Group, profile: Profile, request: RequestData): Record<string, unknown> {
  return groupData(group, profile.allow_query ? request : undefined);
}

function renderTemplate(
  snapshot: Templates,
  profile: Profile,
  kind: TemplateKind,
  id: string,
  data: Record<string, unknown>,
): { text?: string; file: string; reply?: Reply } {
  const stored = templateOf(snapshot, kind, id);
  if (!stored) return { file: `${kind}/${id}`, reply: text(500, `template ${kind}/${id} is missing from the store`) };
  const reads = stored.template.readsRequest;
  if (reads && !profile.allow_query) {
    return {
      file: stored.file,
      reply: text(
        500,
        `cannot render ${stored.file}: line ${reads.line} reads ${reads.path}, which templates see only when profile "${profile.id}" (${profile.file}) sets "allow_query": true`,
      ),
    };
  }
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
  if (!(SPEC_VERSIONS as readonly string[]).includes(wanted))
    return text(500, `profile asks for Ignition ${wanted}, which kindling does not know`);
  const converted = convertConfig(checked.config, checked.version, wanted as SpecVersion);
  if (!converted.config || hasErrors(converted.diagnostics))
    return invalid(file, `Ignition ${wanted} config`, converted.diagnostics, `it cannot be expressed in spec ${wanted}`);
  return ok(marshalGoJson(loadSpec(wanted as SpecVersion), converted.config));
}

/** /ignition: the profile's ignition template, as Ignition JSON. */
export function renderIgnition(snapshot: Templates, group: Group, profile: Profile, request: RequestData, verify?: AgentSettings): Reply {
  if (!profile.ignition_id) return text(404, `profile "${profile.id}" (${profile.file}) has no ignition_id`);
  const rendered = renderTemplate(snapshot, profile, "ignition", profile.ignition_id, templateData(group, profile, request));
  if (rendered.reply) return rendered.reply;
  if (isButane(profile.ignition_id)) {
    const r = transpile(rendered.text!, { verify });
    if (r.failure !== undefined) return invalid(rendered.file, "Butane config", r.diagnostics, r.failure);
    return toVersion(r.output!, rendered.file, profile.ignition_version);
  }
  const checked = validateIgnition(Buffer.from(rendered.text!));
  if (checked.failure || hasErrors(checked.diagnostics))
    return invalid(rendered.file, "Ignition config", checked.diagnostics, checked.failure?.text);
  if (!verify) return toVersion(rendered.text!.trimEnd(), rendered.file, profile.ignition_version);
  // The agent is added to the config as delivered without it, in the template's own spec version.
  const added = addAgent(loadSpec(checked.version!), checked.config!, verify);
  if (!added.config) return invalid(rendered.file, "Ignition config", added.diagnostics, "the verification agent cannot be added");
  return toVersion(marshalGoJson(loadSpec(checked.version!), added.config), rendered.file, profile.ignition_version);
}

/** /cloud-config: the profile's cloud template, else its Butane template as cloud-config (or cloud-init when the profile's target says so). */
export function renderCloudConfig(
  snapshot: Templates,
  group: Group,
  profile: Profile,
  request: RequestData,
  verify?: AgentSettings,
): Reply {
  const data = templateData(group, profile, request);
  if (profile.cloud_id) {
    const rendered = renderTemplate(snapshot, profile, "cloud", profile.cloud_id, data);
    if (rendered.reply) return rendered.reply;
    if (verify)
      return text(
        500,
        `profile "${profile.id}" (${profile.file}) asks for verification, which kindling adds only to configs it renders from Butane or Ignition, not to cloud_id templates`,
      );
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
export function renderScriptConfig(
  snapshot: Templates,
  group: Group,
  profile: Profile,
  request: RequestData,
  verify?: AgentSettings,
): Reply {
  return renderButaneAs(snapshot, profile, templateData(group, profile, request), "script", "text/x-shellscript; charset=utf-8", verify);
}

function renderButaneAs(
  snapshot: Templates,
  profile: Profile,
  data: Record<string, unknown>,
  target: OutputTarget,
  contentType: string,
  verify?: AgentSettings,
): Reply {
  if (!profile.ignition_id || !isButane(profile.ignition_id)) {
    return text(
      404,
      `profile "${profile.id}" (${profile.file}) has no ${target === "script" ? "Butane template (ignition_id ending .bu or .yaml)" : "cloud_id or Butane template"}`,
    );
  }
  const rendered = renderTemplate(snapshot, profile, "ignition", profile.ignition_id, data);
  if (rendered.reply) return rendered.reply;
  const r = transpile(rendered.text!, { target, verify });
  if (r.failure !== undefined) return invalid(rendered.file, `${target} config`, r.diagnostics, r.failure);
  return { status: 200, contentType, body: r.output! };
}

/** /generic: the profile's generic template, rendered. */
export function renderGeneric(snapshot: Templates, group: Group, profile: Profile, request: RequestData): Reply {
  if (!profile.generic_id) return text(404, `profile "${profile.id}" (${profile.file}) has no generic_id`);
  const rendered = renderTemplate(snapshot, profile, "generic", profile.generic_id, templateData(group, profile, request));
  return rendered.reply ?? { status: 200, contentType: "text/plain; charset=utf-8", body: rendered.text! };
}

/** Control characters, line and paragraph separators, and the backslash that escapes them. */
const UNSAFE = /[\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A value on one line: C-style escapes (\n, \t, \x1b, \u2028, \\) for everything that could start another. */
export function escapeValue(value: string): string {
  return value.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`);
  });
}

/**
 * /metadata: matchbox's environment file: the group's data and the request
 * (always, as matchbox does: request.query and request.raw_query), KEY=value,
 * nested keys joined by "_", upper-cased, anything but letters, digits and
 * "_" as "_", one line per value, sorted.
 */
export function renderMetadata(group: Group, request: RequestData): Reply {
  const lines: string[] = [];
  const walk = (prefix: string, v: unknown) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}_${k}` : k, x);
    } else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
      lines.push(`${prefix.toUpperCase().replace(/[^A-Z0-9_]/g, "_")}=${escapeValue(String(v))}`);
    }
  };
  walk("", groupData(group, request));
  return { status: 200, contentType: "text/plain; charset=utf-8", body: lines.sort().join("\n") + "\n" };
}
