// YAML text to plain values, for tests: src/source/yaml-value.ts (our
// parser, with yaml.v3's implicit typing as Butane's decoder resolves it).
export { parseYamlValue } from "../../src/source/yaml-value.js";
