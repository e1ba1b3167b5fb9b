/**
 * A merged or replacing config given inline is validated as an Ignition
 * config of the spec the output targets. A different version only warns
 * (Butane cannot validate it); its diagnostics keep the child config's own
 * paths and are placed on the YAML by those paths, as Butane does.
 */

import { BMSG } from "../diagnostics/catalogue/butane.js";
import { MSG } from "../diagnostics/catalogue/ignition.js";
import type { PathElement } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/message.js";
import type { Report } from "../diagnostics/report.js";
import { parseSemver } from "../gocompat/semver.js";
import { decodeStruct } from "../ignition/decode.js";
import { loadSpec } from "../ignition/schema.js";
import { checkConfig } from "../ignition/validate.js";
import { type SpecVersion, specForSemver } from "../ignition/versions.js";
import { parseJson } from "../source/json.js";

export function validateChildConfig(raw: Uint8Array, path: PathElement[], target: SpecVersion, report: Report): void {
  const spec = loadSpec(target);
  const parsed = parseJson(raw);
  if (!parsed.ok) {
    report.entries.push(diagnostic("error", MSG.json(parsed.error.message), []));
    report.error([...path, "inline"], BMSG.childInvalid);
    return;
  }
  const decoded = decodeStruct(parsed.root, spec.root, (n) => spec.structs.get(n)!, "types.Config");
  if (decoded.error) {
    report.entries.push(diagnostic("error", MSG.json(decoded.error.message), []));
    report.error([...path, "inline"], BMSG.childInvalid);
    return;
  }
  const version = ((decoded.value.ignition ?? {}) as Record<string, unknown>).version;
  const semver = parseSemver(typeof version === "string" ? version : "");
  if (semver && specForSemver(semver) !== target) {
    report.warn([...path, "version"], BMSG.childUnknownVersion);
    return;
  }
  report.entries.push(...checkConfig(spec, decoded.value, parsed.root));
}
