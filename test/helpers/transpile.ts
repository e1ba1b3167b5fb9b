import { renderRaw } from "../../src/diagnostics/render-raw.js";
import { type TranspileOptions, transpile } from "../../src/transpile.js";

/** Transpiles YAML (lines joined with \n) and returns the parsed output, report lines and failure. */
export function run(yaml: string | string[], options: TranspileOptions = {}) {
  const text = Array.isArray(yaml) ? yaml.join("\n") + "\n" : yaml;
  const r = transpile(text, options);
  return {
    json: r.output !== undefined && !r.output.startsWith("#") ? JSON.parse(r.output) : undefined,
    output: r.output,
    report: r.diagnostics.map(renderRaw).sort(),
    failure: r.failure,
  };
}
