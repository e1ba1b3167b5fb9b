/**
 * `kindling terraform`'s work: a checked query to the result Terraform
 * reads. The config (and each snippet) is transpiled as `kindling
 * transpile` would; snippets are merged over it; the agent and the target
 * come after the merge; then the user data is fitted to the platform as
 * `kindling user-data` fits it. Everything is returned as values: the
 * result, or the error lines for stderr.
 */
import { createHash } from "node:crypto";
import { ignitionVersionOf } from "../../butane/registry.js";
import { CLOUD_MSG } from "../../diagnostics/catalogue/cloud.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/message.js";
import { type LocatedDiagnostic, locate, renderLocated } from "../../diagnostics/render-located.js";
import { marshalGoJson } from "../../emit/json-go.js";
import { type LegacyTarget, renderLegacy } from "../../emit/legacy/index.js";
import { loadSpec } from "../../ignition/schema.js";
import { validateIgnition } from "../../ignition/validate.js";
import { parseJsonExact } from "../../source/json-value.js";
import { transpile } from "../../transpile.js";
import { userDataKind } from "../../validate-cloud-config/header.js";
import type { AgentSettings } from "../../verify/agent.js";
import { addAgent } from "../../verify/agent.js";
import { readAgentSettings } from "../../verify/agent-settings.js";
import { openObjectStore, parseBucketUrl } from "../cloud/object/bucket.js";
import { deliverUserData } from "../cloud/object/deliver.js";
import type { ObjectStore } from "../cloud/object/object-store.js";
import type { Payload } from "../cloud/user-data.js";
import type { TerraformQuery } from "./query.js";
import { mergeSnippets, type Transpiled } from "./snippets.js";

/** What Terraform gets: every value a string, as the external data source requires. */
export interface TerraformResult {
  /** The config in the target's form. */
  rendered: string;
  /** The user data for the platform's argument: text for ec2 and gce, base64 for azure (custom_data takes base64). */
  user_data: string;
  /** The same user data, always base64 (aws_instance.user_data_base64). */
  user_data_base64: string;
  /** sha512 of the user data bytes, hex. */
  sha512: string;
  /** The user data's size in bytes, decimal. */
  size: string;
  /** inline, gzip or object. */
  strategy: string;
  /** A JSON list of the warnings (severity, code, message, hint, file, line, column, path). */
  warnings: string;
}

/** What rendering needs from outside: file reads and the environment. */
export interface RenderContext {
  readFile(path: string): Promise<Uint8Array>;
  env: Readonly<Record<string, string | undefined>>;
}

type Outcome = { result: TerraformResult } | { errors: string[] };

class Stop {
  constructor(readonly lines: string[]) {}
}

const isError = (d: Diagnostic) => d.severity === "error";

/** One input (the config or a snippet) transpiled to Ignition, or the Ignition JSON checked. */
function toIgnition(
  text: string,
  name: string,
  query: TerraformQuery,
  warnings: LocatedDiagnostic[],
  whole: boolean,
  agent?: AgentSettings,
) {
  const bytes = Buffer.from(text, "utf8");
  if (userDataKind(text) === "ignition") {
    const checked = validateIgnition(bytes);
    const lines = checked.diagnostics.filter(isError).map((d) => renderLocated(d, name));
    if (checked.failure) lines.push(`${name}: couldn't parse config: ${checked.failure.text}`);
    if (lines.length || !checked.config || !checked.version) throw new Stop(lines);
    warnings.push(...checked.diagnostics.map((d) => locate(d, name)));
    if (query.strict && checked.diagnostics.length)
      throw new Stop([...checked.diagnostics.map((d) => renderLocated(d, name)), `${name}: warnings and strict was "true"`]);
    return { transpiled: { json: text } as Transpiled, output: undefined, version: checked.version };
  }
  const result = transpile(bytes, {
    ...(query.filesDir !== undefined ? { filesDir: query.filesDir } : {}),
    strict: query.strict,
    ...(whole ? { pretty: query.pretty, target: query.target, ...(agent ? { verify: agent } : {}) } : {}),
  });
  if (result.output === undefined || !result.spec) {
    const lines = result.diagnostics.filter((d) => isError(d) || query.strict).map((d) => renderLocated(d, name));
    throw new Stop([...lines, `${name}: ${result.failure ?? "source config is invalid"}`]);
  }
  warnings.push(...result.diagnostics.map((d) => locate(d, name)));
  const butane = { variant: result.spec.variant, version: result.spec.version };
  return {
    transpiled: { butane, json: result.output } as Transpiled,
    output: whole ? result.output : undefined,
    version: ignitionVersionOf(result.spec),
  };
}

/** The rendered config: the transpiler's own output when there is nothing to merge, else the merge rendered to the target. */
function renderConfig(main: string, mainName: string, query: TerraformQuery, warnings: LocatedDiagnostic[], agent?: AgentSettings) {
  const whole = query.snippets.length === 0;
  const first = toIgnition(main, mainName, query, warnings, whole, agent);
  if (whole && first.output !== undefined)
    return { rendered: first.output, version: query.target === "ignition" ? first.version : undefined };
  const snippets = query.snippets.map((text, i) => toIgnition(text, `snippets[${i}]`, query, warnings, false).transpiled);
  const merged = mergeSnippets(first.transpiled, snippets);
  if ("errors" in merged) throw new Stop(merged.errors.map((e) => `snippets[${e.index}]: error: ${e.message}`));
  const spec = loadSpec(merged.version);
  let config = merged.config;
  if (agent) {
    const added = addAgent(spec, config, agent);
    if (!added.config) throw new Stop(added.diagnostics.map((d) => renderLocated(d, mainName)));
    config = added.config;
  }
  if (query.target === "ignition") return { rendered: marshalGoJson(spec, config, query.pretty), version: merged.version };
  const legacy = renderLegacy(query.target as LegacyTarget, parseJsonExact(marshalGoJson(spec, config, false)) as Record<string, unknown>);
  if (legacy.output === undefined || legacy.diagnostics.some(isError))
    throw new Stop(legacy.diagnostics.filter(isError).map((d) => renderLocated(d, mainName)));
  warnings.push(...legacy.diagnostics.map((d) => locate(d, mainName)));
  return { rendered: legacy.output, version: merged.version };
}

/** Renders the query's config and fits its user data; the errors are the lines for stderr. */
export async function renderForTerraform(query: TerraformQuery, context: RenderContext): Promise<Outcome> {
  try {
    return { result: await render(query, context) };
  } catch (err) {
    if (err instanceof Stop) return { errors: err.lines };
    throw err;
  }
}

async function render(query: TerraformQuery, context: RenderContext): Promise<TerraformResult> {
  let agent: AgentSettings | undefined;
  if (query.verify) {
    const names = { url: "verify_url", group: "verify_group", keyFile: "verify_key_file" };
    const settings = await readAgentSettings(query.verify, names, context.readFile);
    if ("error" in settings) throw new Stop([settings.error]);
    agent = settings;
  }
  let main: string;
  let mainName: string;
  if ("text" in query.input) {
    main = query.input.text;
    mainName = query.input.name;
  } else {
    mainName = query.input.path;
    try {
      main = Buffer.from(await context.readFile(mainName)).toString("utf8");
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new Stop([`open ${mainName}: ${e.code === "ENOENT" ? "no such file or directory" : e.message}`]);
    }
  }
  const warnings: LocatedDiagnostic[] = [];
  const { rendered, version } = renderConfig(main, mainName, query, warnings, agent);
  const bytes = Buffer.from(rendered, "utf8");

  let userData: Uint8Array = bytes;
  let strategy = "inline";
  if (query.platform) {
    const payload: Payload = version && query.target === "ignition" ? { kind: "ignition", bytes, version } : { kind: "cloud-init", bytes };
    let store: ObjectStore | undefined;
    if (query.bucket !== undefined) {
      const bucket = parseBucketUrl(query.bucket);
      if ("error" in bucket) throw new Stop([bucket.error]);
      const opened = await openObjectStore(bucket, { env: context.env, ...(query.presign ? { presignSeconds: query.presign } : {}) });
      if ("error" in opened) throw new Stop([opened.error]);
      store = opened;
    }
    const delivered = await deliverUserData(payload, query.platform, {
      ...(query.strategy ? { forced: query.strategy } : {}),
      ...(store ? { store } : {}),
    });
    if (!delivered.userData) throw new Stop(delivered.diagnostics.map((d) => `error: ${d.message} (${d.hint})`));
    userData = delivered.userData.bytes;
    strategy = delivered.userData.strategy;
  }
  const base64 = Buffer.from(userData).toString("base64");
  const binary = userData[0] === 0x1f && userData[1] === 0x8b;
  let text: string;
  if (query.platform === "azure") text = base64;
  else if (binary) {
    warnings.push(locate(diagnostic("warning", CLOUD_MSG.binaryUserData(), []), mainName));
    text = "";
  } else text = Buffer.from(userData).toString("utf8");
  return {
    rendered,
    user_data: text,
    user_data_base64: base64,
    sha512: createHash("sha512").update(userData).digest("hex"),
    size: String(userData.length),
    strategy,
    warnings: JSON.stringify(warnings),
  };
}
