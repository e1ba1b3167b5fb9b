/**
 * The openshift variant: a MachineConfig around an fcos-family Ignition
 * config, and what OpenShift's Machine Config Operator and RHCOS accept in it.
 *   - source checks: metadata.name, the role label, kernel_type, the CEX key
 *     argument (4.19+);
 *   - FIPS (4.8–4.19): LUKS volumes get `--cipher aes-cbc-essiv:sha256`
 *     unless they choose a cipher;
 *   - operator checks on the output: users only `core`, data URL sources,
 *     no special mode bits (4.10+), no btrfs, no format `none` (4.14+);
 *   - field filters on the MachineConfig (no groups, directories, links, file
 *     appends, HTTP headers, …) are the version table's "mc." entries,
 *     defined in filters.ts.
 */

import { BMSG, OPENSHIFT_MSG } from "../diagnostics/catalogue/butane.js";
import type { PathElement } from "../diagnostics/diagnostic.js";
import type { Message } from "../diagnostics/message.js";
import type { Report } from "../diagnostics/report.js";
import { parseURL } from "../gocompat/url.js";
import type { ConfigValue } from "../ignition/decode.js";
import { type ButaneSpec, type ButaneVersion, versionAtLeast } from "./registry.js";
import type { ButaneRule, ButaneRuleContext } from "./rules.js";

const ROLE_LABEL = "machineconfiguration.openshift.io/role";
const CEX_KARG = "rd.luks.key=/etc/luks/cex.key";
const obj = (v: unknown) => (v ?? {}) as ConfigValue;
const list = <T = ConfigValue>(v: unknown) => (v as T[] | undefined) ?? [];
const at = (spec: ButaneSpec, min: ButaneVersion) => versionAtLeast(spec.version, min);

function metadata(value: ConfigValue, path: PathElement[], ctx: ButaneRuleContext): void {
  if (!value.name) ctx.report.error([...path, "name"], OPENSHIFT_MSG.nameRequired);
  if (!obj(value.labels)[ROLE_LABEL]) ctx.report.error([...path, "labels"], OPENSHIFT_MSG.roleRequired);
}

/** The values openshift.kernel_type takes. */
export const KERNEL_TYPES = ["", "default", "realtime"] as const;

function openshiftSection(value: ConfigValue, path: PathElement[], ctx: ButaneRuleContext): void {
  const t = value.kernel_type;
  if (t !== undefined && !(KERNEL_TYPES as readonly unknown[]).includes(t))
    ctx.report.error([...path, "kernel_type"], OPENSHIFT_MSG.kernelType);
}

function config(value: ConfigValue, path: PathElement[], ctx: ButaneRuleContext): void {
  if (!at(ctx.schema.spec, "4.19.0")) return;
  const kargs = list<string>(obj(value.openshift).kernel_arguments);
  const bootCex = obj(obj(obj(value.boot_device).luks).cex).enabled === true;
  const rootCex = list(obj(value.storage).luks).some((l) => obj(l.cex).enabled === true && l.name === "root");
  for (const needed of [bootCex, rootCex]) {
    if (needed && !kargs.includes(CEX_KARG)) ctx.report.error([...path, "openshift", "kernel_arguments"], OPENSHIFT_MSG.cexKarg);
  }
}

/** The root walk is always visited, so the schema-level rules start here. */
export const OPENSHIFT_RULES: Readonly<Record<string, readonly ButaneRule[]>> = {
  Config: [config],
  Metadata: [metadata],
  OpenShift: [openshiftSection],
};

/** FIPS mode needs a FIPS-approved LUKS cipher (OpenShift 4.8 to 4.19). */
export function applyFips(spec: ButaneSpec, source: ConfigValue, config: ConfigValue): ConfigValue {
  if (obj(source.openshift).fips !== true || at(spec, "4.20.0")) return config;
  const storage = obj(config.storage);
  const luks = list(storage.luks);
  if (luks.length === 0) return config;
  const chosen = (opts: string[]) => opts.some((o) => o === "--cipher" || o.startsWith("--cipher=") || o === "-c");
  const updated = luks.map((l) => {
    const opts = list<string>(l.options);
    return chosen(opts) ? l : { ...l, options: [...opts, "--cipher", "aes-cbc-essiv:sha256"] };
  });
  return { ...config, storage: { ...storage, luks: updated } };
}

/**
 * `--raw` drops the MachineConfig fields; each one that is set warns, as Go's
 * reflect IsZero sees it: a pointer set to false or "" and an empty list
 * written as `[]` are set.
 */
export function rawModeWarnings(source: ConfigValue, report: Report): void {
  const os = obj(source.openshift);
  for (const f of ["kernel_arguments", "extensions", "fips", "kernel_type"]) {
    if (os[f] !== undefined && os[f] !== null) report.warn(["openshift", f], BMSG.ignoredInRaw);
  }
}

/** Where the Ignition config sits in a MachineConfig; Butane's filters and operator checks use these paths. */
export const MACHINE_CONFIG_ROOT: readonly PathElement[] = ["spec", "config"];

/** A path in the Ignition config inside the MachineConfig. */
export const MC = (...path: PathElement[]): PathElement[] => [...MACHINE_CONFIG_ROOT, ...path];

/**
 * RHCOS's and the operator's checks on the generated config (Butane runs them
 * while translating, so they fail before the field filters are looked at).
 * Paths are MachineConfig paths.
 */
export function openshiftSupportChecks(spec: ButaneSpec, config: ConfigValue): [PathElement[], Message][] {
  const out: [PathElement[], Message][] = [];
  const storage = obj(config.storage);
  list(storage.filesystems).forEach((fs, i) => {
    if (fs.format === "btrfs") out.push([MC("storage", "filesystems", i, "format"), OPENSHIFT_MSG.btrfs]);
  });
  list(storage.filesystems).forEach((fs, i) => {
    if (fs.format === "none" && at(spec, "4.14.0")) out.push([MC("storage", "filesystems", i, "format"), OPENSHIFT_MSG.formatNone]);
  });
  list(storage.files).forEach((f, i) => {
    const source = obj(f.contents).source;
    if (typeof source === "string") {
      const u = parseURL(source);
      if (u.ok && u.scheme !== "data") out.push([MC("storage", "files", i, "contents", "source"), OPENSHIFT_MSG.fileSource]);
    }
    if (at(spec, "4.10.0") && f.mode !== undefined && (BigInt(f.mode as number | bigint) & ~0o777n) !== 0n) {
      out.push([MC("storage", "files", i, "mode"), OPENSHIFT_MSG.specialModeBits]);
    }
  });
  list(obj(config.passwd).users).forEach((u, i) => {
    if (u.name !== "core") out.push([MC("passwd", "users", i, "name"), OPENSHIFT_MSG.userName]);
  });
  return out;
}

/** The MachineConfig around the Ignition config (given as Go would marshal it, as a plain value). */
export function machineConfig(source: ConfigValue, ignition: unknown): Record<string, unknown> {
  const md = obj(source.metadata);
  const os = obj(source.openshift);
  const labels = obj(md.labels);
  const spec: Record<string, unknown> = { config: ignition };
  if (list(os.kernel_arguments).length) spec.kernelArguments = os.kernel_arguments;
  if (list(os.extensions).length) spec.extensions = os.extensions;
  if (os.fips !== undefined) spec.fips = os.fips;
  if (os.kernel_type !== undefined) spec.kernelType = os.kernel_type;
  return {
    apiVersion: "machineconfiguration.openshift.io/v1",
    kind: "MachineConfig",
    metadata: { ...(Object.keys(labels).length ? { labels } : {}), name: md.name ?? "" },
    spec,
  };
}
