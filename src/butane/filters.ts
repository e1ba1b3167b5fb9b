/**
 * What a variant's output may not contain (Butane's field filters): Flatcar
 * before 1.2.0-experimental has no Clevis, Flatcar 1.2.0-experimental no CEX,
 * RHEL for Edge and Fedora IoT no disk, filesystem, LUKS, RAID or kernel
 * argument changes. A filter fires on a non-empty output value and is
 * reported at the YAML that produced it.
 */
import type { PathElement } from "../diagnostics/diagnostic.js";
import type { ConfigValue } from "../ignition/decode.js";
import type { Message } from "../ignition/messages.js";
import type { Report } from "../ignition/report.js";
import type { SpecSchema, StructInfo } from "../ignition/schema.js";
import { isEmptyValue } from "../emit/json-go.js";
import type { TranslationSet } from "../translate/translation-set.js";
import type { ButaneSpec } from "./registry.js";

interface Filter {
  /** Output path; "*" matches every index of a list. */
  path: string[];
  message: Message;
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
    default:
      return [];
  }
}

function matches(spec: SpecSchema, info: StructInfo, value: ConfigValue, pattern: string[], at: PathElement[], out: PathElement[][]): void {
  const [head, ...rest] = pattern;
  const field = info.byName.get(head);
  if (!field) return;
  const v = value[head];
  if (rest.length === 0) {
    if (!isEmptyValue(spec, field, v)) out.push([...at, head]);
    return;
  }
  if (field.kind === "struct" && v) matches(spec, spec.structs.get(field.struct!)!, v as ConfigValue, rest, [...at, head], out);
  if (field.kind === "slice" && rest[0] === "*" && Array.isArray(v)) {
    const elem = spec.structs.get(field.struct!)!;
    v.forEach((item, i) => matches(spec, elem, (item ?? {}) as ConfigValue, rest.slice(1), [...at, head, i], out));
  }
}

export function applyFilters(spec: ButaneSpec, ignition: SpecSchema, config: ConfigValue, ts: TranslationSet, report: Report): void {
  for (const filter of filtersFor(spec)) {
    const hits: PathElement[][] = [];
    matches(ignition, ignition.root, config, filter.path, [], hits);
    for (const hit of hits) report.error(ts.sourceOf(hit), filter.message);
  }
}
