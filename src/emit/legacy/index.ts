/**
 * The legacy targets: a validated Ignition config rendered as coreos-cloudinit
 * cloud-config, cloud-init cloud-config or a POSIX script. Whatever a target
 * cannot express is an error (features.ts, nul-bytes.ts) rather than
 * something dropped or a crash.
 */

import { LEGACY_MSG } from "../../diagnostics/catalogue/legacy.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/message.js";
import type { CheckedJson } from "../../ignition/decode.js";
import { validateCloudConfig } from "../../validate-cloud-config/validate.js";
import { renderCloudConfig } from "./cloud-config.js";
import { renderCloudInit } from "./cloud-init.js";
import { type LegacyTarget, TARGET_TITLES, unsupportedFeatures, withoutNested } from "./features.js";
import { nulBytes } from "./nul-bytes.js";
import { buildPlan } from "./plan.js";
import { renderScript } from "./script.js";

export { featureTable, LEGACY_TARGETS, type LegacyTarget } from "./features.js";

export interface LegacyResult {
  /** The document, ending in a newline; absent when there are errors. */
  output?: string;
  /** Diagnostics at Ignition paths. */
  diagnostics: Diagnostic[];
}

export function renderLegacy(target: LegacyTarget, config: CheckedJson): LegacyResult {
  const refused = withoutNested([...unsupportedFeatures(config, target), ...nulBytes(config, TARGET_TITLES[target])]);
  if (refused.length) return { diagnostics: refused };
  const { plan, diagnostics } = buildPlan(config);
  if (hasErrors(diagnostics)) return { diagnostics };
  const rendered =
    target === "cloud-config"
      ? renderCloudConfig(plan)
      : target === "cloud-init"
        ? renderCloudInit(plan)
        : { output: renderScript(plan), diagnostics: [] };
  const ownFaults = target === "cloud-config" ? selfCheck(rendered.output) : [];
  if (ownFaults.length) return { diagnostics: [...diagnostics, ...rendered.diagnostics, ...ownFaults] };
  return { output: rendered.output, diagnostics: [...diagnostics, ...rendered.diagnostics] };
}

/**
 * coreos-cloudinit's validator over what we wrote: anything it reports is our
 * fault, not the config's, and is said so.
 */
export function selfCheck(output: string): Diagnostic[] {
  return validateCloudConfig(output).map((d) => diagnostic("error", LEGACY_MSG.invalidOutput(d.span?.line ?? "?", d.message), []));
}
