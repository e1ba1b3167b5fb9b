/**
 * Validating an Ignition config, as ignition-validate does it:
 *   1. empty input is not a config;
 *   2. the JSON must parse (Go's syntax errors, with positions);
 *   3. `ignition.version` is read first, from a stub, and must name a spec;
 *   4. the config is decoded into that spec's structs (first type error stops);
 *   5. the spec's rules run, then the duplicate check, then the unused-key
 *      check, and every diagnostic is placed at the deepest node of its path.
 */

import { MSG } from "../diagnostics/catalogue/ignition.js";
import type { Diagnostic, PathElement } from "../diagnostics/diagnostic.js";
import { diagnostic, type Message } from "../diagnostics/message.js";
import { Report } from "../diagnostics/report.js";
import { parseSemver } from "../gocompat/semver.js";
import { type JsonNode, parseJson } from "../source/json.js";
import { LineIndex } from "../source/positions.js";
import { checkUnusedKeys, correlate } from "./context-tree.js";
import { type ConfigValue, decodeStruct } from "./decode.js";
import { checkDuplicates } from "./duplicates.js";
import type { RuleContext } from "./rules/context.js";
import { SCALAR_RULES, STRUCT_RULES } from "./rules/index.js";
import { type FieldInfo, loadSpec, type SpecSchema, type StructInfo } from "./schema.js";
import { type SpecVersion, specForSemver } from "./versions.js";
import { walkConfig } from "./walk.js";

/** What `validateIgnition` found: the decoded config and its spec version when it decoded, and the diagnostics. */
export interface ValidateResult {
  /** The decoded config, when it decoded. */
  config?: ConfigValue;
  version?: SpecVersion;
  /** The report: errors and warnings with paths and positions. */
  diagnostics: Diagnostic[];
  /** Why the input could not be read as a config at all, when no report explains it. */
  failure?: Message;
}

/** Ignition reads the version through a stub before picking a spec (Go: util.versionStub). */
function stubStruct(name: string, goName: string, field: FieldInfo): StructInfo {
  return { name, goName, fields: [field], byName: new Map([[field.name, field]]), ignoreDups: new Set(), mergedKeys: new Map() };
}
const STUB_IGNITION = stubStruct("stub.Ignition", "", {
  name: "Version",
  kind: "string",
  goType: "string",
  pointer: false,
  omitempty: true,
});
const STUB = stubStruct("stub", "versionStub", {
  name: "Ignition",
  kind: "struct",
  goType: "struct { Version string }",
  pointer: false,
  omitempty: true,
  struct: STUB_IGNITION.name,
});
const stubStructs = (name: string) => (name === STUB_IGNITION.name ? STUB_IGNITION : STUB);

function syntaxDiagnostic(message: string, offset: number, lines: LineIndex): Diagnostic {
  return diagnostic("error", MSG.json(message), [], lines.position(offset));
}

/**
 * Validates Ignition JSON bytes as ignition-validate does: parse, pick the
 * spec by `ignition.version`, decode, then the schema and semantic rules;
 * every diagnostic carries its path and line:column.
 */
export function validateIgnition(input: Uint8Array): ValidateResult {
  if (input.length === 0) return { diagnostics: [], failure: MSG.empty };
  const lines = new LineIndex(input);
  const parsed = parseJson(input);
  if (!parsed.ok) return { diagnostics: [syntaxDiagnostic(parsed.error.message, parsed.error.offset, lines)] };

  const stub = decodeStruct(parsed.root, STUB, stubStructs, "util.versionStub");
  if (stub.error) return { diagnostics: [syntaxDiagnostic(stub.error.message, stub.error.offset, lines)] };
  const semver = parseSemver((((stub.value.Ignition ?? {}) as ConfigValue).Version as string) ?? "");
  if (!semver) return { diagnostics: [], failure: MSG.invalidVersion };
  const version = specForSemver(semver);
  if (!version) return { diagnostics: [], failure: MSG.unknownVersion };

  const spec = loadSpec(version);
  const decoded = decodeStruct(parsed.root, spec.root, (n) => spec.structs.get(n)!, "types.Config");
  if (decoded.error) {
    return { version, diagnostics: [syntaxDiagnostic(decoded.error.message, decoded.error.offset, lines)] };
  }
  const diagnostics = checkConfig(spec, decoded.value, parsed.root);
  correlate(diagnostics, parsed.root, lines);
  return { config: decoded.value, version, diagnostics };
}

/**
 * Runs the spec's rules and the duplicate check on a decoded config, and the
 * unused-key check when the JSON it came from is given. Diagnostics carry
 * paths but no positions.
 */
export function checkConfig(spec: SpecSchema, config: ConfigValue, tree?: JsonNode): Diagnostic[] {
  // One walk, three reports: the rules' findings, then the duplicates, then
  // the unused keys, each in walk order, as three walks would list them.
  const report = new Report();
  const duplicates = new Report();
  const unused = new Report();
  const ctx: RuleContext = { version: spec.version, spec, report };
  walkConfig(spec, config, {
    struct(info, value, path) {
      for (const rule of STRUCT_RULES[info.name] ?? []) rule(value, path, ctx);
      checkDuplicates(spec, info, value, path as PathElement[], duplicates);
      if (tree) checkUnusedKeys(tree, info, value, path as PathElement[], unused);
    },
    scalar(goType, value, path) {
      for (const rule of SCALAR_RULES[goType] ?? []) rule(value, path, ctx);
    },
  });
  return report.entries.concat(duplicates.entries, unused.entries);
}
