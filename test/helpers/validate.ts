import { renderRaw } from "../../src/diagnostics/render-raw.js";
import { validateIgnition } from "../../src/ignition/validate.js";

/** Validates a config given as a JS value (pretty-printed) or JSON text; returns the report lines, sorted. */
export function report(config: unknown): string[] {
  const text = typeof config === "string" ? config : JSON.stringify(config, null, 2);
  const result = validateIgnition(Buffer.from(text, "utf8"));
  const lines = result.diagnostics.map(renderRaw);
  if (result.failure) lines.push(`failure: ${result.failure.text}`);
  return lines.sort();
}

/** Report lines without positions: `error $.path: message`. */
export function messages(config: unknown): string[] {
  const text = typeof config === "string" ? config : JSON.stringify(config);
  const result = validateIgnition(Buffer.from(text, "utf8"));
  const lines = result.diagnostics.map((d) => `${d.severity} $${d.path.map((p) => "." + p).join("")}: ${d.message}`);
  if (result.failure) lines.push(`failure: ${result.failure.text}`);
  return lines.sort();
}

/** A minimal config of `version` with `rest` merged at the top level. */
export function cfg(version: string, rest: Record<string, unknown> = {}): Record<string, unknown> {
  return { ignition: { version }, ...rest };
}
