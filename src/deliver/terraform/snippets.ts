/**
 * Snippets, as terraform-provider-ct's `snippets` are: each Butane snippet
 * is transpiled on its own and merged over the main config in order, by
 * Ignition's merge rules. A snippet must be of the main config's variant;
 * an older spec is converted up first, a newer one is refused.
 */
import { convertConfig } from "../../ignition/convert.js";
import type { ConfigValue } from "../../ignition/decode.js";
import { mergeConfigs } from "../../ignition/merge.js";
import { loadSpec } from "../../ignition/schema.js";
import { validateIgnition } from "../../ignition/validate.js";
import { atLeast, type SpecVersion } from "../../ignition/versions.js";

/** A config as Ignition JSON, with the Butane variant and version it came from (none for Ignition JSON given as is). */
export interface Transpiled {
  butane?: { variant: string; version: string };
  json: string;
}

/** `json` decoded (it came from our own transpiler, so it is valid). */
function decode(json: string): { config: ConfigValue; version: SpecVersion } {
  const checked = validateIgnition(Buffer.from(json));
  if (!checked.config || !checked.version) throw new Error(`kindling transpiled an invalid config: ${checked.failure?.text ?? ""}`);
  return { config: checked.config, version: checked.version };
}

/**
 * Merges each snippet over `main`, in order. The errors name the snippet by
 * its index in the list.
 */
export function mergeSnippets(
  main: Transpiled,
  snippets: Transpiled[],
): { config: ConfigValue; version: SpecVersion } | { errors: { index: number; message: string }[] } {
  const { config: first, version } = decode(main.json);
  const spec = loadSpec(version);
  const errors: { index: number; message: string }[] = [];
  let config = first;
  snippets.forEach((snippet, index) => {
    const mine = main.butane;
    const theirs = snippet.butane;
    if (mine && theirs && theirs.variant !== mine.variant) {
      errors.push({ index, message: `variant ${theirs.variant} cannot merge into a ${mine.variant} config: use variant ${mine.variant}` });
      return;
    }
    const child = decode(snippet.json);
    if (!atLeast(version, child.version)) {
      const what = theirs ? `${theirs.variant} ${theirs.version} (Ignition ${child.version})` : `Ignition ${child.version}`;
      const main_ = mine ? `${mine.variant} ${mine.version} (Ignition ${version})` : `Ignition ${version}`;
      errors.push({ index, message: `${what} is newer than the config's ${main_}: use the config's version or an older one` });
      return;
    }
    const converted = convertConfig(child.config, child.version, version);
    if (!converted.config) {
      errors.push({
        index,
        message: `cannot convert Ignition ${child.version} to ${version}: ${converted.diagnostics.map((d) => d.message).join("; ")}`,
      });
      return;
    }
    config = mergeConfigs(spec, config, converted.config);
  });
  return errors.length ? { errors } : { config, version };
}
