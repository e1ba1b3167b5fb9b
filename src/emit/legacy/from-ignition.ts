/**
 * A legacy target from an Ignition config rather than Butane YAML: the
 * config is validated as ignition-validate does, gets the verification
 * agent when asked, and is rendered as cloud-config, cloud-init or a script.
 * For configs that exist only as Ignition (a lab's rendered nodes, a config
 * from another tool) that must reach a cloud-config host or a plain shell.
 */
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { loadSpec } from "../../ignition/schema.js";
import { validateIgnition } from "../../ignition/validate.js";
import { parseJsonExact } from "../../source/json-value.js";
import type { AgentSettings } from "../../verify/agent.js";
import { addAgent } from "../../verify/agent.js";
import { marshalGoJson } from "../json-go.js";
import { type LegacyTarget, renderLegacy } from "./index.js";

export interface FromIgnitionResult {
  output?: string;
  diagnostics: ReturnType<typeof validateIgnition>["diagnostics"];
  failure?: string;
}

/** True when `text` reads as a JSON object (an Ignition config), not YAML. */
export const looksLikeJson = (text: string): boolean => /^\s*\{/.test(text);

export function legacyFromIgnition(input: Uint8Array, target: LegacyTarget, verify?: AgentSettings): FromIgnitionResult {
  const checked = validateIgnition(input);
  if (checked.failure) return { diagnostics: checked.diagnostics, failure: checked.failure.text };
  if (!checked.version || !checked.config || hasErrors(checked.diagnostics))
    return { diagnostics: checked.diagnostics, failure: "config is invalid" };
  const spec = loadSpec(checked.version);
  let config = checked.config;
  const diagnostics = [...checked.diagnostics];
  if (verify) {
    const added = addAgent(spec, config, verify);
    diagnostics.push(...added.diagnostics);
    if (!added.config) return { diagnostics, failure: "the verification agent cannot be added" };
    config = added.config;
  }
  const legacy = renderLegacy(target, parseJsonExact(marshalGoJson(spec, config, false)) as Record<string, unknown>);
  diagnostics.push(...legacy.diagnostics);
  if (legacy.output === undefined || hasErrors(legacy.diagnostics))
    return { diagnostics, failure: `the config cannot be expressed as ${target}` };
  return { diagnostics, output: legacy.output };
}
