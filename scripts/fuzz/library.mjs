// The built library (dist/), so the fuzzer runs the code users run at its
// real speed, plus the few internals the mutators read seeds and shapes with.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * `replacement`: a module whose own loadLibrary(root) is used instead (tests
 * give the fuzzer a library with planted crashes and hangs).
 */
export async function loadLibrary(root, replacement) {
  if (replacement) return (await import(pathToFileURL(replacement).href)).loadLibrary(root);
  const dist = join(root, "dist");
  if (!existsSync(join(dist, "index.js"))) throw new Error(`no built library at ${dist}: run npm run build first`);
  const at = (file) => import(pathToFileURL(join(dist, file)).href);
  const [lib, yaml, json, registry, butane] = await Promise.all([
    at("index.js"),
    at("source/yaml.js"),
    at("source/json.js"),
    at("butane/registry.js"),
    at("butane/schema.js"),
  ]);
  return {
    root,
    lib,
    parseYaml: yaml.parseYaml,
    parseJson: json.parseJson,
    butaneSpecs: registry.BUTANE_SPECS,
    butaneSchema: (spec) => butane.butaneSchema(spec),
    ignitionSchema: (version) => lib.loadSpec(version),
    ignitionVersions: lib.SPEC_VERSIONS,
  };
}
