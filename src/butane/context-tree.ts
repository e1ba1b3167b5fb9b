/**
 * The YAML as Butane's context tree: maps by key (the last of repeated keys),
 * sequences by index, and aliases as leaves (Butane does not follow them
 * there). Diagnostics point at the deepest node of their path; unknown keys
 * are found by comparing each mapping's keys with its struct's fields.
 */

import { BMSG } from "../diagnostics/catalogue/butane.js";
import { MSG } from "../diagnostics/catalogue/ignition.js";
import type { Diagnostic, PathElement } from "../diagnostics/diagnostic.js";
import { formatPath } from "../diagnostics/diagnostic.js";
import type { Report } from "../diagnostics/report.js";
import type { ConfigValue } from "../ignition/decode.js";
import type { StructInfo } from "../ignition/schema.js";
import type { YamlNode, YamlPosition } from "../source/yaml.js";

function child(node: YamlNode, el: PathElement): { node: YamlNode; key?: YamlNode } | undefined {
  if (node.kind === "map" && typeof el === "string") {
    for (let i = node.pairs.length - 1; i >= 0; i--) {
      const { key, value } = node.pairs[i];
      if (key.kind === "scalar" && key.value === el) return { node: value, key };
    }
  } else if (node.kind === "seq" && typeof el === "number" && el < node.items.length) {
    return { node: node.items[el] };
  }
  return undefined;
}

export function yamlNodeAt(root: YamlNode | undefined, path: readonly PathElement[]): YamlNode | undefined {
  let node = root;
  for (const el of path) {
    if (!node) return undefined;
    node = child(node, el)?.node;
  }
  return node;
}

/** Position a diagnostic points at: the key itself for `atKey`, else the deepest node of the path. */
export function yamlPositionFor(root: YamlNode | undefined, path: readonly PathElement[], atKey: boolean): YamlPosition | undefined {
  if (!root) return undefined;
  let node: YamlNode = root;
  for (let i = 0; i < path.length; i++) {
    const next = child(node, path[i]);
    if (!next) break;
    if (atKey && i === path.length - 1 && next.key) return next.key;
    node = next.node;
  }
  return node;
}

export function placeDiagnostics(diagnostics: Diagnostic[], root: YamlNode | undefined): void {
  for (const d of diagnostics) {
    if (d.span) continue;
    const p = yamlPositionFor(root, d.path, d.atKey === true);
    if (p) d.span = { line: p.line, column: p.column };
  }
}

/** Butane's unused-key check for one struct. */
export function checkUnusedYamlKeys(
  root: YamlNode | undefined,
  info: StructInfo,
  _v: ConfigValue,
  path: PathElement[],
  report: Report,
): void {
  const node = yamlNodeAt(root, path);
  if (!node) return;
  if (node.kind !== "map") {
    report.warn(path, MSG.contextMismatch(formatPath(path)));
    return;
  }
  const seen = new Set<string>();
  for (const { key } of node.pairs) {
    if (key.kind !== "scalar" || seen.has(key.value)) continue;
    seen.add(key.value);
    if (!info.byName.has(key.value)) report.add("warning", [...path, key.value], BMSG.unusedKey(key.value), true);
  }
}
