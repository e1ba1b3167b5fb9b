/**
 * Butane to Ignition, as a library call: `transpile(source, options)` returns
 * the output and every diagnostic, and touches nothing outside the files
 * directory it is given. The stages follow Butane's:
 *   1. YAML syntax; the variant and version pick a spec;
 *   2. decoding into that spec's shapes (type errors are fatal);
 *   3. unknown keys (warnings) and Butane's own checks;
 *   4. translation to Ignition, sugar included, with a translation set;
 *   5. the variant's restrictions on the output;
 *   6. Ignition's validation of the output, mapped back to the YAML.
 */

import { checkUnusedYamlKeys, placeDiagnostics } from "./butane/context-tree.js";
import { decodeButane, deref } from "./butane/decode.js";
import { FCOS_RULES } from "./butane/fcos-rules.js";
import { applyFilters } from "./butane/filters.js";
import {
  applyFips,
  MACHINE_CONFIG_ROOT,
  machineConfig,
  OPENSHIFT_RULES,
  openshiftSupportChecks,
  rawModeWarnings,
} from "./butane/openshift.js";
import { type ButaneSpec, findSpec, ignitionVersionOf, versionAtLeast } from "./butane/registry.js";
import { BUTANE_RULES } from "./butane/rules.js";
import { type ButaneSchema, butaneSchema } from "./butane/schema.js";
import type { Diagnostic, PathElement } from "./diagnostics/diagnostic.js";
import { hasErrors } from "./diagnostics/diagnostic.js";
import { Report } from "./diagnostics/report.js";
import { marshalGoJson } from "./emit/json-go.js";
import { type LegacyTarget, renderLegacy } from "./emit/legacy/index.js";
import { renderMachineConfig } from "./emit/machineconfig.js";
import { parseSemver } from "./gocompat/semver.js";
import type { ConfigValue } from "./ignition/decode.js";
import { checkConfig } from "./ignition/validate.js";
import { walkConfig } from "./ignition/walk.js";
import { parseJsonExact } from "./source/json-value.js";
import { parseYaml, type YamlNode } from "./source/yaml.js";
import { translateConfig } from "./translate/config.js";
import { TranslationSet } from "./translate/translation-set.js";
import { type AgentSettings, addAgent } from "./verify/agent.js";

/** How to transpile: the files directory for local sources, output shape and target, strictness, the verification agent. */
export interface TranspileOptions {
  filesDir?: string;
  pretty?: boolean;
  /** openshift: Ignition JSON instead of a MachineConfig. */
  raw?: boolean;
  /** Fail on any warning. */
  strict?: boolean;
  /** What to write: Ignition JSON (the default), or a legacy target rendered from the same Ignition config. */
  target?: OutputTarget;
  /** Add the first-boot verification agent, reporting to this server (src/verify/agent.ts). */
  verify?: AgentSettings;
}

export const OUTPUT_TARGETS = ["ignition", "cloud-config", "cloud-init", "script"] as const;
export type OutputTarget = (typeof OUTPUT_TARGETS)[number];

/** What `transpile` gives back: the output on success, every diagnostic, and the reason when there is no output. */
export interface TranspileResult {
  /**
   * The config; absent on failure. Ignition JSON comes without a trailing
   * newline (as Butane's library gives it); a legacy document ends with its
   * newline, which a final block scalar or heredoc needs.
   */
  output?: string;
  diagnostics: Diagnostic[];
  /** Why there is no output: Butane's `Error translating config: …` reason. */
  failure?: string;
  spec?: ButaneSpec;
}

export const STRICT_FAILURE = "Config produced warnings and --strict was specified";

function scalarAt(root: YamlNode | undefined, key: string): string | undefined {
  const r = root && deref(root);
  if (r?.kind !== "map") return undefined;
  for (let i = r.pairs.length - 1; i >= 0; i--) {
    const k = deref(r.pairs[i].key);
    if (k.kind === "scalar" && k.value === key) {
      const v = deref(r.pairs[i].value);
      return v.kind === "scalar" ? v.value : undefined;
    }
  }
  return undefined;
}

type Picked = { ok: true; spec: ButaneSpec } | { ok: false; failure: string };

/** Butane reads `variant` and `version` first and picks its translator from them. */
function pickSpec(root: YamlNode | undefined): Picked {
  const variant = scalarAt(root, "variant");
  if (!variant) return { ok: false, failure: "error parsing variant; must be specified" };
  const semver = parseSemver(scalarAt(root, "version") ?? "");
  if (!semver) return { ok: false, failure: "error parsing version; must be a valid semver" };
  if (variant === "rhcos") {
    return {
      ok: false,
      failure: "rhcos variant has been removed; use openshift variant instead: https://coreos.github.io/butane/upgrading-openshift/",
    };
  }
  const version =
    `${semver.major}.${semver.minor}.${semver.patch}` +
    (semver.preRelease ? `-${semver.preRelease}` : "") +
    (semver.metadata ? `+${semver.metadata}` : "");
  const spec = findSpec(variant, version);
  return spec ? { ok: true, spec } : { ok: false, failure: `No translator exists for variant ${variant} with version ${version}` };
}

function runButaneRules(schema: ButaneSchema, config: ConfigValue, tree: YamlNode | undefined, report: Report): void {
  const ctx = { schema, target: ignitionVersionOf(schema.spec), report };
  walkConfig(
    schema,
    config,
    {
      struct(info, value, path) {
        for (const rule of BUTANE_RULES[info.name] ?? []) rule(value, path as PathElement[], ctx);
        if (schema.spec.fcos) for (const rule of FCOS_RULES[info.name] ?? []) rule(value, path as PathElement[], ctx);
        if (schema.spec.variant === "openshift")
          for (const rule of OPENSHIFT_RULES[info.name] ?? []) rule(value, path as PathElement[], ctx);
      },
    },
    { zeroStructs: true },
  );
  walkConfig(schema, config, {
    struct: (info, value, path) => checkUnusedYamlKeys(tree, info, value, path as PathElement[], report),
  });
}

/**
 * Output diagnostics (Ignition paths) moved to the YAML paths they came from;
 * `root` is where the Ignition config sits in the document Butane validates
 * (spec.config in a MachineConfig), which an untranslated path keeps.
 */
function mapBack(diagnostics: Diagnostic[], ts: TranslationSet, root: readonly PathElement[] = []): Diagnostic[] {
  return diagnostics.map((d) => ({ ...d, path: ts.sourceOf(d.path, root), span: undefined }));
}

/**
 * A MachineConfig path moved to the YAML: paths inside the Ignition config go
 * through the translation set; with --raw (no MachineConfig) nothing matches
 * and the path is kept.
 */
function machineConfigSource(path: PathElement[], ts: TranslationSet, raw: boolean): PathElement[] {
  const inConfig = path.slice(MACHINE_CONFIG_ROOT.length);
  return raw ? ts.sourceOf(path) : ts.sourceOf(inConfig, MACHINE_CONFIG_ROOT);
}

/**
 * Transpiles a Butane config to Ignition JSON (byte-identical to Butane
 * v0.29.0) or to a legacy target, without touching anything but the files
 * directory it is given.
 *
 * @param source the YAML as text, or as the bytes of a file (decoded, and
 *   refused when undecodable, as yaml.v3 does)
 * @param options the files directory, pretty printing, `raw` (openshift),
 *   `strict`, the output `target` and the verification agent
 * @returns `output` on success; `diagnostics` always (each with its YAML line
 *   and column); on failure, `failure` says why in Butane's words
 * @example
 *   const { output, diagnostics } = transpile("variant: fcos\nversion: 1.6.0\n");
 *   if (output === undefined) console.error(renderRawReport(diagnostics));
 */
export function transpile(source: string | Uint8Array, options: TranspileOptions = {}): TranspileResult {
  const parsed = parseYaml(source);
  if (!parsed.ok) {
    const line = parsed.error.line ? `line ${parsed.error.line}: ` : "";
    return { diagnostics: [], failure: `Error unmarshaling yaml: yaml: ${line}${parsed.error.message}` };
  }
  const tree = parsed.root;
  const picked = pickSpec(tree);
  if (!picked.ok) return { diagnostics: [], failure: picked.failure };
  const spec = picked.spec;
  const schema = butaneSchema(spec);

  const decoded = decodeButane(tree, schema);
  if (decoded.errors.length) {
    return { spec, diagnostics: [], failure: `yaml: unmarshal errors:\n  ${decoded.errors.join("\n  ")}` };
  }

  const finish = (diagnostics: Diagnostic[], failure?: string, output?: string): TranspileResult => {
    placeDiagnostics(diagnostics, tree);
    if (!failure && options.strict && diagnostics.length) failure = STRICT_FAILURE;
    return failure ? { spec, diagnostics, failure } : { spec, diagnostics, output };
  };

  const report = new Report();
  runButaneRules(schema, decoded.value, tree, report);
  if (hasErrors(report.entries)) return finish(report.entries, "source config is invalid");

  const openshift = spec.variant === "openshift";
  const raw = options.raw === true;
  // The document Butane validates: a MachineConfig unless --raw.
  const root = openshift && !raw ? MACHINE_CONFIG_ROOT : [];
  const noResourceAutoCompression = openshift && !versionAtLeast(spec.version, "4.10.0");
  const translated = translateConfig(schema, decoded.value, { filesDir: options.filesDir, noResourceAutoCompression }, report);
  // The fcos layer's warnings on output paths: in a MachineConfig those paths
  // miss the translation set (it lives under spec.config) and stay as they are.
  const fcosLayer = root.length ? new TranslationSet() : translated.ts;
  report.entries.push(...mapBack(translated.output.entries, fcosLayer));
  if (hasErrors(report.entries)) return finish(report.entries, "source config is invalid");

  const ignition = schema.ignition;
  if (openshift) {
    translated.config = applyFips(spec, decoded.value, translated.config);
    if (raw) rawModeWarnings(decoded.value, report);
    for (const [path, message] of openshiftSupportChecks(spec, translated.config)) {
      report.error(machineConfigSource(path, translated.ts, raw), message);
    }
    if (hasErrors(report.entries)) return finish(report.entries, "source config is invalid");
  }
  applyFilters(spec, ignition, translated.config, translated.ts, report, root);
  if (hasErrors(report.entries)) return finish(report.entries, "source config is invalid");

  const checks = mapBack(checkConfig(ignition, translated.config), translated.ts, root);
  const all = [...report.entries, ...checks];
  if (hasErrors(checks)) return finish(all, "config generated was invalid");
  const target = options.target ?? "ignition";
  let config = translated.config;
  if (options.verify) {
    const added = addAgent(ignition, config, options.verify);
    if (!added.config) return finish([...all, ...mapBack(added.diagnostics, translated.ts)], "the verification agent cannot be added");
    config = added.config;
  }
  if (target !== "ignition") {
    const legacy = renderLegacy(target as LegacyTarget, parseJsonExact(marshalGoJson(ignition, config, false)) as Record<string, unknown>);
    const found = mapBack(legacy.diagnostics, translated.ts);
    if (hasErrors(found)) return finish([...all, ...found], `the config cannot be expressed as ${target}`);
    return finish([...all, ...found], undefined, legacy.output);
  }
  const json = marshalGoJson(ignition, config, options.pretty && (!openshift || options.raw));
  if (!openshift || options.raw) return finish(all, undefined, json);
  return finish(all, undefined, renderMachineConfig(machineConfig(decoded.value, JSON.parse(json))));
}
