/**
 * The openshift variant: a MachineConfig around an fcos-family Ignition
 * config, and what OpenShift's Machine Config Operator and RHCOS accept in it.
 *   - source checks: metadata.name, the role label, kernel_type, the CEX key
 *     argument (4.19+);
 *   - FIPS (4.8–4.19): LUKS volumes get `--cipher aes-cbc-essiv:sha256`
 *     unless they choose a cipher;
 *   - output checks: no groups, directories, links, file appends or HTTP
 *     headers, users only `core` with name/keys (and password from 4.13),
 *     data URL sources, no special mode bits (4.10+), no btrfs, no format
 *     `none` and no top-level kernel arguments (4.14+), no compression (4.8,
 *     4.9).
 */
import type { PathElement } from "../diagnostics/diagnostic.js";
import { parseURL } from "../gocompat/url.js";
import type { ConfigValue } from "../ignition/decode.js";
import type { Message } from "../ignition/messages.js";
import type { Report } from "../ignition/report.js";
import type { TranslationSet } from "../translate/translation-set.js";
import { OPENSHIFT_MSG, BMSG } from "./messages.js";
import { type ButaneSpec, versionAtLeast } from "./registry.js";
import type { ButaneRule, ButaneRuleContext } from "./rules.js";

const ROLE_LABEL = "machineconfiguration.openshift.io/role";
const CEX_KARG = "rd.luks.key=/etc/luks/cex.key";
const obj = (v: unknown) => (v ?? {}) as ConfigValue;
const list = <T = ConfigValue>(v: unknown) => ((v as T[] | undefined) ?? []);
const at = (spec: ButaneSpec, min: string) => versionAtLeast(spec.version, min);

function metadata(value: ConfigValue, path: PathElement[], ctx: ButaneRuleContext): void {
  if (!value.name) ctx.report.error([...path, "name"], OPENSHIFT_MSG.nameRequired);
  if (!obj(value.labels)[ROLE_LABEL]) ctx.report.error([...path, "labels"], OPENSHIFT_MSG.roleRequired);
}

function openshiftSection(value: ConfigValue, path: PathElement[], ctx: ButaneRuleContext): void {
  const t = value.kernel_type;
  if (t !== undefined && t !== "" && t !== "default" && t !== "realtime") ctx.report.error([...path, "kernel_type"], OPENSHIFT_MSG.kernelType);
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

/** Non-empty MachineConfig fields that `--raw` drops warn. */
export function rawModeWarnings(source: ConfigValue, report: Report): void {
  const os = obj(source.openshift);
  for (const f of ["kernel_arguments", "extensions", "fips", "kernel_type"]) {
    const v = os[f];
    const empty = v === undefined || v === null || v === false || v === "" || (Array.isArray(v) && v.length === 0);
    if (!empty) report.warn(["openshift", f], BMSG.ignoredInRaw);
  }
}

interface Check {
  /** Output path pattern; "*" matches each list index. */
  path: string[];
  message: Message;
  /** A value the filter fires on (default: anything not empty). */
  fires?: (v: unknown) => boolean;
}

const nonEmpty = (v: unknown): boolean =>
  v !== undefined && v !== null && v !== "" && v !== false && v !== 0 && !(Array.isArray(v) && v.length === 0) &&
  !(typeof v === "object" && !Array.isArray(v) && Object.values(v as object).every((x) => !nonEmpty(x)));

function checksFor(spec: ButaneSpec): Check[] {
  const userFields = ["gecos", "groups", "homeDir", "noCreateHome", "noLogInit", "noUserGroup", "primaryGroup", "shell", "shouldExist", "system", "uid"];
  if (!at(spec, "4.13.0")) userFields.push("passwordHash");
  const checks: Check[] = [
    { path: ["passwd", "groups"], message: OPENSHIFT_MSG.unsupported("groups", "groups") },
    ...userFields.map((f) => ({ path: ["passwd", "users", "*", f], message: OPENSHIFT_MSG.userField(at(spec, "4.13.0")) })),
    { path: ["storage", "directories"], message: OPENSHIFT_MSG.unsupported("directories", "directories") },
    { path: ["storage", "files", "*", "append"], message: { code: "butane.openshift.append", text: "appending to files is not supported in this spec version" } },
    { path: ["storage", "files", "*", "contents", "httpHeaders"], message: OPENSHIFT_MSG.unsupported("file HTTP headers", "headers") },
    { path: ["storage", "links"], message: OPENSHIFT_MSG.unsupported("links", "links") },
  ];
  if (at(spec, "4.14.0")) checks.push({ path: ["kernelArguments"], message: OPENSHIFT_MSG.kernelArguments });
  if (!at(spec, "4.10.0")) {
    checks.push({ path: ["storage", "files", "*", "contents", "compression"], message: OPENSHIFT_MSG.unsupportedOne("file compression", "compression") });
  }
  return checks;
}

/** Checks computed on the output, reported on output paths. */
function mcoChecks(spec: ButaneSpec, config: ConfigValue): [PathElement[], Message][] {
  const out: [PathElement[], Message][] = [];
  const storage = obj(config.storage);
  list(storage.filesystems).forEach((fs, i) => {
    if (fs.format === "btrfs") out.push([["storage", "filesystems", i, "format"], OPENSHIFT_MSG.unsupportedOne("btrfs", "btrfs")]);
  });
  list(storage.filesystems).forEach((fs, i) => {
    if (fs.format === "none" && at(spec, "4.14.0")) out.push([["storage", "filesystems", i, "format"], OPENSHIFT_MSG.formatNone]);
  });
  list(storage.files).forEach((f, i) => {
    const source = obj(f.contents).source;
    if (typeof source === "string") {
      const u = parseURL(source);
      if (u.ok && u.scheme !== "data") out.push([["storage", "files", i, "contents", "source"], OPENSHIFT_MSG.fileSource]);
    }
    if (at(spec, "4.10.0") && f.mode !== undefined && (BigInt(f.mode as number | bigint) & ~0o777n) !== 0n) {
      out.push([["storage", "files", i, "mode"], OPENSHIFT_MSG.unsupported("special mode bits", "mode")]);
    }
  });
  list(obj(config.passwd).users).forEach((u, i) => {
    if (u.name !== "core") out.push([["passwd", "users", i, "name"], OPENSHIFT_MSG.userName]);
  });
  return out;
}

function match(value: unknown, pattern: string[], at: PathElement[], fires: (v: unknown) => boolean, out: PathElement[][]): void {
  if (pattern.length === 0) {
    if (fires(value)) out.push(at);
    return;
  }
  const [head, ...rest] = pattern;
  if (head === "*") {
    if (Array.isArray(value)) value.forEach((item, i) => match(item, rest, [...at, i], fires, out));
    return;
  }
  if (value && typeof value === "object") match((value as ConfigValue)[head], rest, [...at, head], fires, out);
}

/**
 * Reports what OpenShift does not accept. In MachineConfig mode every path is
 * mapped back to the YAML; with --raw, Butane leaves the operator checks on
 * their MachineConfig paths (`$.spec.config…`), which we keep for parity.
 */
export function checkOpenshiftOutput(spec: ButaneSpec, config: ConfigValue, ts: TranslationSet, raw: boolean, report: Report): void {
  for (const check of checksFor(spec)) {
    const hits: PathElement[][] = [];
    match(config, check.path, [], check.fires ?? nonEmpty, hits);
    for (const hit of hits) report.error(ts.sourceOf(hit), check.message);
  }
  for (const [path, message] of mcoChecks(spec, config)) {
    report.error(raw ? ["spec", "config", ...path] : ts.sourceOf(path), message);
  }
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
