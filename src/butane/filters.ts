/**
 * What a variant's output may not contain (Butane's field filters), by the
 * name the version table (src/versions/table.ts) gives each: Flatcar before
 * 1.2.0-experimental has no Clevis, Flatcar 1.2.0-experimental no CEX, RHEL
 * for Edge and Fedora IoT no disk, filesystem, LUKS, RAID or kernel argument
 * changes, OpenShift what its Machine Config Operator does not manage ("mc.",
 * paths in the MachineConfig). A version applies the filters its table row
 * names. A filter names a path in the output document and fires on a
 * non-empty value there, as Go sees it: a pointer set to false or "" is not
 * empty unless the filter says so. It is reported at the YAML that produced
 * the value.
 */

import { FILTER_MSG, OPENSHIFT_MSG } from "../diagnostics/catalogue/butane.js";
import type { PathElement } from "../diagnostics/diagnostic.js";
import type { Message } from "../diagnostics/message.js";
import type { Report } from "../diagnostics/report.js";
import { isEmptyValue } from "../emit/json-go.js";
import type { ConfigValue } from "../ignition/decode.js";
import type { FieldInfo, SpecSchema, StructInfo } from "../ignition/schema.js";
import type { TranslationSet } from "../translate/translation-set.js";
import type { FilterName } from "../versions/table.js";
import { MC } from "./openshift.js";
import type { ButaneSpec } from "./registry.js";

export interface Filter {
  /** Path in the output document (a MachineConfig's start with spec.config); "*" matches every index of a list. */
  path: PathElement[];
  message: Message;
  /** A pointer to a zero value ("", 0, false) counts as empty. */
  ignoreZero?: boolean;
}

/** The user fields OpenShift does not manage (name and ssh_authorized_keys it does; password_hash from 4.13). */
const USER_FIELDS = [
  "gecos",
  "groups",
  "homeDir",
  "noCreateHome",
  "noLogInit",
  "noUserGroup",
  "primaryGroup",
  "shell",
  "shouldExist",
  "system",
  "uid",
];
const userFilters = (fields: string[], since413: boolean): Filter[] =>
  fields.map((f) => ({ path: MC("passwd", "users", "*", f), message: OPENSHIFT_MSG.userField(since413) }));

/** Each filter name of the version table and what it forbids, in report order. */
const FILTERS: Record<FilterName, readonly Filter[]> = {
  clevis: [{ path: ["storage", "luks", "*", "clevis"], message: FILTER_MSG.clevis }],
  cex: [{ path: ["storage", "luks", "*", "cex"], message: FILTER_MSG.cex }],
  "kernel-arguments": [{ path: ["kernelArguments"], message: FILTER_MSG.kernelArguments }],
  disks: [{ path: ["storage", "disks"], message: FILTER_MSG.disks }],
  filesystems: [{ path: ["storage", "filesystems"], message: FILTER_MSG.filesystems }],
  luks: [{ path: ["storage", "luks"], message: FILTER_MSG.luks }],
  raid: [{ path: ["storage", "raid"], message: FILTER_MSG.raid }],
  "mc.groups": [{ path: MC("passwd", "groups"), message: OPENSHIFT_MSG.groups }],
  "mc.users-before-4.13": userFilters([...USER_FIELDS, "passwordHash"], false),
  "mc.users": userFilters(USER_FIELDS, true),
  "mc.directories": [{ path: MC("storage", "directories"), message: OPENSHIFT_MSG.directories }],
  "mc.file-append": [{ path: MC("storage", "files", "*", "append"), message: OPENSHIFT_MSG.append }],
  "mc.file-http-headers": [{ path: MC("storage", "files", "*", "contents", "httpHeaders"), message: OPENSHIFT_MSG.fileHeaders }],
  "mc.links": [{ path: MC("storage", "links"), message: OPENSHIFT_MSG.links }],
  "mc.kernel-arguments": [{ path: MC("kernelArguments"), message: OPENSHIFT_MSG.kernelArguments }],
  // Butane itself writes `compression: ""`, so a pointer to "" passes.
  "mc.file-compression": [
    { path: MC("storage", "files", "*", "contents", "compression"), message: OPENSHIFT_MSG.compression, ignoreZero: true },
  ],
};

export function filtersFor(spec: ButaneSpec): Filter[] {
  return spec.forbids.flatMap((name) => FILTERS[name]);
}

function empty(spec: SpecSchema, field: FieldInfo, v: unknown, filter: Filter): boolean {
  if (filter.ignoreZero && field.pointer && (v === "" || v === 0 || v === 0n || v === false)) return true;
  return isEmptyValue(spec, field, v);
}

function matches(
  spec: SpecSchema,
  info: StructInfo,
  value: ConfigValue,
  pattern: PathElement[],
  filter: Filter,
  at: PathElement[],
  out: PathElement[][],
): void {
  const [head, ...rest] = pattern;
  const field = info.byName.get(String(head));
  if (!field) return;
  const v = value[field.name];
  if (rest.length === 0) {
    if (!empty(spec, field, v, filter)) out.push([...at, field.name]);
    return;
  }
  if (field.kind === "struct" && v)
    matches(spec, spec.structs.get(field.struct!)!, v as ConfigValue, rest, filter, [...at, field.name], out);
  if (field.kind === "slice" && rest[0] === "*" && Array.isArray(v)) {
    const elem = spec.structs.get(field.struct!)!;
    v.forEach((item, i) => {
      matches(spec, elem, (item ?? {}) as ConfigValue, rest.slice(1), filter, [...at, field.name, i], out);
    });
  }
}

/**
 * Applies the variant's filters to `config`, which sits at `root` in the
 * output document ([] for Ignition, spec.config for a MachineConfig). A
 * filter written for another document shape matches nothing, as in Butane
 * (OpenShift's MachineConfig filters under --raw).
 */
export function applyFilters(
  spec: ButaneSpec,
  ignition: SpecSchema,
  config: ConfigValue,
  ts: TranslationSet,
  report: Report,
  root: readonly PathElement[],
): void {
  for (const filter of filtersFor(spec)) {
    const inConfig = root.every((e, i) => filter.path[i] === e) ? filter.path.slice(root.length) : filter.path;
    const hits: PathElement[][] = [];
    matches(ignition, ignition.root, config, inConfig, filter, [], hits);
    for (const hit of hits) report.error(ts.sourceOf(hit, root), filter.message);
  }
}
