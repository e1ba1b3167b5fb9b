/**
 * The first-boot agent: a POSIX sh script (templates/verify.sh.hbs) that
 * runs the config's expectations on the machine, writes
 * /var/lib/kindling/report.json, logs a summary and POSTs the report, signed,
 * to the server; and a oneshot unit (templates/verify.service.hbs) that
 * runs it once, after the machine's own units have started.
 *
 * `withAgent` adds both to an Ignition config (as plain JSON), so every
 * target carries the agent the same way: Ignition writes the files, the
 * legacy renderers turn them into write_files or script steps. `addAgent`
 * is that step on a decoded config, the one every channel takes.
 */

import { AGENT_MSG } from "../diagnostics/catalogue/agent.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/message.js";
import { marshalGoJson } from "../emit/json-go.js";
import { nulBytes } from "../emit/legacy/nul-bytes.js";
import { buildPlan } from "../emit/legacy/plan.js";
import { shQuote } from "../emit/legacy/sh.js";
import type { CheckedJson, ConfigValue } from "../ignition/decode.js";
import type { SpecSchema } from "../ignition/schema.js";
import { validateIgnition } from "../ignition/validate.js";
import { crypto, zlib } from "../lazy-builtins.js";
import { parseJsonExact, stringifyJsonExact } from "../source/json-value.js";
import { loadTemplate } from "../templates.js";
import { type Expectation, type ExpectationOptions, expectationsOf } from "./expectations.js";

export const AGENT_PATH = "/etc/kindling/verify.sh";
export const AGENT_UNIT = "kindling-verify.service";
export const REPORT_PATH = "/var/lib/kindling/report.json";
/** Written once the report was accepted; the unit does not run again while it exists. */
export const SENT_STAMP = "/var/lib/kindling/report.sent";

/** Where and how the first-boot agent reports: the server URL, the machine's group and label, and the signing key. */
export interface AgentSettings {
  /** Where to POST the report (kindling serve's /reports). */
  url: string;
  /** The machine's group, sent as X-Kindling-Group. */
  group: string;
  /** The label the server knows the machine by (`mac=52:54:00:12:34:56`), sent as X-Kindling-Machine; empty for a group-wide key. */
  machine?: string;
  /** The HMAC-SHA256 key, 64 hex digits (`kindling report-key`, or serve's own derivation). */
  key: string;
  /** How long to keep retrying while the server is unreachable, in seconds (default 3600). */
  retrySeconds?: number;
  /** Kernel arguments the machine must have booted with (a serve profile's: src/deliver/pxe/render/expected-kernel-arguments.ts). */
  kernelArguments?: string[];
}

type Json = CheckedJson;

/** sha256 of the config as delivered without the agent: the report's configHash. */
export function configHash(configJson: string): string {
  return "sha256-" + crypto().createHash("sha256").update(configJson).digest("hex");
}

/**
 * Only what can be known before boot: file contents fetched from a remote
 * source are not known here, so such files are checked for type, mode and
 * owner only.
 */
function knownContentsOnly(config: Json): Json {
  const copy = structuredClone(config);
  const isData = (r: Json | undefined) => typeof r?.source !== "string" || r.source.startsWith("data:");
  for (const f of (copy.storage?.files ?? []) as Json[]) {
    if (f.contents && !isData(f.contents)) delete f.contents;
    if (Array.isArray(f.append) && !f.append.every(isData)) delete f.append;
  }
  return copy;
}

export function agentExpectations(
  config: Json,
  options: ExpectationOptions = {},
): { expectations: Expectation[]; diagnostics: Diagnostic[] } {
  // Each check is sh words: a value with a NUL cannot be one.
  const nul = nulBytes(config, "the verification agent");
  if (nul.length) return { expectations: [], diagnostics: nul };
  const { plan, diagnostics } = buildPlan(knownContentsOnly(config));
  return { expectations: expectationsOf(plan, config, options), diagnostics };
}

/** The model the agent's template reads: every value as sh source, no logic left for the template. */
export function agentModel(expectations: Expectation[], settings: AgentSettings, hash: string) {
  return {
    url: settings.url,
    group: settings.group,
    machine: settings.machine ?? "",
    key: settings.key,
    configHash: hash,
    retrySeconds: String(settings.retrySeconds ?? 3600),
    reportPath: REPORT_PATH,
    sentStamp: SENT_STAMP,
    checks: expectations.map((e, i) => ({
      index: String(i),
      kind: e.kind,
      subject: e.subject,
      property: e.property,
      expected: e.expected,
      probe: e.probe,
      args: e.args,
      live: e.live ? "yes" : "no",
      ifExists: e.ifExists ?? "",
      after: e.after === undefined ? "" : String(e.after),
    })),
  };
}

export function renderAgentScript(expectations: Expectation[], settings: AgentSettings, hash: string): string {
  const template = loadTemplate("verify.sh.hbs", { sq: (value: unknown) => shQuote(value as string | number | undefined) });
  return template(agentModel(expectations, settings, hash));
}

export function renderAgentUnit(): string {
  return loadTemplate("verify.service.hbs")({ agentPath: AGENT_PATH, sentStamp: SENT_STAMP });
}

/**
 * The script as file contents: gzipped where the spec has `compression`
 * (3.1.0 and later), since the agent is most of a small config's size and
 * clouds cap user data (EC2 at 16 KiB).
 */
function agentContents(script: string, specVersion: string): Record<string, string> {
  const [major, minor] = specVersion.split(".").map(Number);
  const compress = major! > 3 || (major === 3 && minor! >= 1);
  const bytes = compress ? zlib().gzipSync(script, { level: 9 }) : Buffer.from(script);
  return { ...(compress ? { compression: "gzip" } : {}), source: "data:;base64," + bytes.toString("base64") };
}

/**
 * The config with the agent added: the script (0700), its unit, enabled.
 * `configJson` is the config as it would be delivered without the agent;
 * its hash goes in every report. Refuses a config that already has the
 * agent's path or unit.
 */
export function withAgent(configJson: string, settings: AgentSettings): { config?: Json; diagnostics: Diagnostic[] } {
  // Exact: an int64 beyond 2^53 (a uid, a partition size) must come back as it went in.
  const config = parseJsonExact(configJson) as Json;
  const clash: Diagnostic[] = [];
  const files = (config.storage?.files ?? []) as Json[];
  const units = (config.systemd?.units ?? []) as Json[];
  files.forEach((f, i) => {
    if (f.path === AGENT_PATH) clash.push(diagnostic("error", AGENT_MSG.pathTaken(AGENT_PATH), ["storage", "files", i, "path"]));
  });
  units.forEach((u, i) => {
    if (u.name === AGENT_UNIT) clash.push(diagnostic("error", AGENT_MSG.unitTaken(AGENT_UNIT), ["systemd", "units", i, "name"]));
  });
  if (clash.length) return { diagnostics: clash };
  if (!/^[0-9a-f]{64}$/.test(settings.key)) throw new Error("the report key must be 64 lower-case hex digits");

  const { expectations, diagnostics } = agentExpectations(config, { kernelArguments: settings.kernelArguments });
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const script = renderAgentScript(expectations, settings, configHash(configJson));
  config.storage = {
    ...(config.storage ?? {}),
    files: [
      ...files,
      { path: AGENT_PATH, mode: 0o700, overwrite: true, contents: agentContents(script, String(config.ignition?.version ?? "3.0.0")) },
    ],
  };
  config.systemd = { ...(config.systemd ?? {}), units: [...units, { name: AGENT_UNIT, enabled: true, contents: renderAgentUnit() }] };
  return { config, diagnostics };
}

/**
 * A decoded config of `spec` with the agent added, decoded again: what
 * `transpile --verify` and serve's /ignition deliver. The agent's hash is
 * of the config as it would be delivered without it. No config when the
 * agent cannot be added; the diagnostics say why, at the config's paths.
 */
export function addAgent(
  spec: SpecSchema,
  config: ConfigValue,
  settings: AgentSettings,
): { config?: ConfigValue; diagnostics: Diagnostic[] } {
  const added = withAgent(marshalGoJson(spec, config), settings);
  if (!added.config) return { diagnostics: added.diagnostics };
  const decoded = validateIgnition(Buffer.from(stringifyJsonExact(added.config)));
  if (!decoded.config) throw new Error(`kindling built an invalid config adding the verification agent: ${decoded.failure?.text ?? ""}`);
  return { config: decoded.config, diagnostics: added.diagnostics };
}
