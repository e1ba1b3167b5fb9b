/**
 * What a variant's output may not contain (Butane's field filters): Flatcar
 * before 1.2.0-experimental has no Clevis, Flatcar 1.2.0-experimental no CEX,
 * RHEL for Edge and Fedora IoT no disk, filesystem, LUKS, RAID or kernel
 * argument changes, OpenShift what its operator does not manage
 * (openshift.ts). A filter names a path in the output document and fires on
 * a non-empty value there, as Go sees it: a pointer set to false or "" is not
 * empty unless the filter says so. It is reported at the YAML that produced
 * the value.
 */
import type { PathElement } from "../diagnostics/diagnostic.js";
import type { ConfigValue } from "../ignition/decode.js";
import type { Message } from "../ignition/messages.js";
import type { Report } from "../ignition/report.js";
import type { FieldInfo, SpecSchema, StructInfo } from "../ignition/schema.js";
import { isEmptyValue } from "../emit/json-go.js";
import type { TranslationSet } from "../translate/translation-set.js";
import { openshiftFilters } from "./openshift.js";
import type { ButaneSpec } from "./registry.js";

export interface Filter {
  /** Path in the output document (a MachineConfig's start with spec.config); "*" matches every index of a list. */
  path: PathElement[];
  message: Message;
  /** A pointer to a zero value ("", 0, false) counts as empty. */
  ignoreZero?: boolean;
}

const unsupported = (what: string, code: string): Message => ({ code: `butane.filter.${code}`, text: `${what} is not supported in this spec version` });

const IMMUTABLE_OS: Filter[] = [
  { path: ["kernelArguments"], message: unsupported("kernel argument customization", "kernel-arguments") },
  { path: ["storage", "disks"], message: unsupported("disk customization", "disks") },
  { path: ["storage", "filesystems"], message: unsupported("filesystem customization", "filesystems") },
  { path: ["storage", "luks"], message: unsupported("luks", "luks") },
  { path: ["storage", "raid"], message: unsupported("raid", "raid") },
];

export function filtersFor(spec: ButaneSpec): Filter[] {
  switch (spec.variant) {
    case "flatcar":
      return spec.version.endsWith("-experimental")
        ? [{ path: ["storage", "luks", "*", "cex"], message: { code: "butane.filter.cex", text: "cex is not currently supported on the target platform" } }]
        : [{ path: ["storage", "luks", "*", "clevis"], message: unsupported("clevis", "clevis") }];
    case "r4e":
    case "fiot":
      return IMMUTABLE_OS;
    case "openshift":
      return openshiftFilters(spec);
    default:
      return [];
  }
}

function empty(spec: SpecSchema, field: FieldInfo, v: unknown, filter: Filter): boolean {
  if (filter.ignoreZero && field.pointer && (v === "" || v === 0 || v === 0n || v === false)) return true;
  return isEmptyValue(spec, field, v);
}

function matches(spec: SpecSchema, info: StructInfo, value: ConfigValue, pattern: PathElement[], filter: Filter, at: PathElement[], out: PathElement[][]): void {
  const [head, ...rest] = pattern;
  const field = info.byName.get(String(head));
  if (!field) return;
  const v = value[field.name];
  if (rest.length === 0) {
    if (!empty(spec, field, v, filter)) out.push([...at, field.name]);
    return;
  }
  if (field.kind === "struct" && v) matches(spec, spec.structs.get(field.struct!)!, v as ConfigValue, rest, filter, [...at, field.name], out);
  if (field.kind === "slice" && rest[0] === "*" && Array.isArray(v)) {
    const elem = spec.structs.get(field.struct!)!;
    v.forEach((item, i) => matches(spec, elem, (item ?? {}) as ConfigValue, rest.slice(1), filter, [...at, field.name, i], out));
  }
}

/**
 * Applies the variant's filters to `config`, which sits at `root` in the
 * output document ([] for Ignition, spec.config for a MachineConfig). A
 * filter written for another document shape matches nothing, as in Butane
 * (OpenShift's MachineConfig filters under --raw).
 */
export function applyFilters(spec: ButaneSpec, ignition: SpecSchema, config: ConfigValue, ts: TranslationSet, report: Report, root: readonly PathElement[]): void {
  for (const filter of filtersFor(spec)) {
    const inConfig = root.every((e, i) => filter.path[i] === e) ? filter.path.slice(root.length) : filter.path;
    const hits: PathElement[][] = [];
    matches(ignition, ignition.root, config, inConfig, filter, [], hits);
    for (const hit of hits) report.error(ts.sourceOf(hit, root), filter.message);
  }
}
