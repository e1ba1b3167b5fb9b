/**
 * The legacy targets: a validated Ignition config rendered as coreos-cloudinit
 * cloud-config, cloud-init cloud-config or a POSIX script. Whatever a target
 * cannot express is an error (features.ts) rather than something dropped.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { renderCloudConfig } from "./cloud-config.js";
import { renderCloudInit } from "./cloud-init.js";
import { type LegacyTarget, unsupportedFeatures } from "./features.js";
import { buildPlan } from "./plan.js";
import { renderScript } from "./script.js";

export { LEGACY_TARGETS, type LegacyTarget, featureTable } from "./features.js";

export interface LegacyResult {
  /** The document, ending in a newline; absent when there are errors. */
  output?: string;
  /** Diagnostics at Ignition paths. */
  diagnostics: Diagnostic[];
}

export function renderLegacy(target: LegacyTarget, config: Record<string, any>): LegacyResult {
  const refused = unsupportedFeatures(config, target);
  if (refused.length) return { diagnostics: refused };
  const { plan, diagnostics } = buildPlan(config);
  if (hasErrors(diagnostics)) return { diagnostics };
  const rendered =
    target === "cloud-config" ? renderCloudConfig(plan) : target === "cloud-init" ? renderCloudInit(plan) : { output: renderScript(plan), diagnostics: [] };
  return { output: rendered.output, diagnostics: [...diagnostics, ...rendered.diagnostics] };
}
