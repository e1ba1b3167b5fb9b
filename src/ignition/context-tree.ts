/**
 * The parsed JSON as Ignition's context tree: paths resolve to the deepest
 * node that exists, which is where a diagnostic points; unknown keys are
 * found by comparing each object's keys with its struct's fields.
 */

import { MSG } from "../diagnostics/catalogue/ignition.js";
import type { Diagnostic, PathElement } from "../diagnostics/diagnostic.js";
import { formatPath } from "../diagnostics/diagnostic.js";
import type { Report } from "../diagnostics/report.js";
import type { JsonNode } from "../source/json.js";
import type { LineIndex } from "../source/positions.js";
import type { ConfigValue } from "./decode.js";
import type { StructInfo } from "./schema.js";

/** Node at exactly `path`, or undefined. */
export function nodeAt(root: JsonNode, path: readonly PathElement[]): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  for (const el of path) {
    if (!node) return undefined;
    if (node.kind === "object" && typeof el === "string") node = node.byKey.get(el)?.value;
    else if (node.kind === "array" && typeof el === "number") node = node.items[el];
    else return undefined;
  }
  return node;
}

/** Byte offset a diagnostic points at: its key, its value, or its deepest existing ancestor. */
export function offsetFor(root: JsonNode, path: readonly PathElement[], atKey: boolean): number {
  let node: JsonNode = root;
  for (let i = 0; i < path.length; i++) {
    const el = path[i];
    if (node.kind === "object" && typeof el === "string") {
      const member = node.byKey.get(el);
      if (!member) break;
      if (atKey && i === path.length - 1) return member.keyStart;
      node = member.value;
    } else if (node.kind === "array" && typeof el === "number" && el < node.items.length) {
      node = node.items[el];
    } else {
      break;
    }
  }
  return node.start;
}

export function correlate(diagnostics: Diagnostic[], root: JsonNode, lines: LineIndex): void {
  for (const d of diagnostics) d.span = lines.position(offsetFor(root, d.path, d.atKey === true));
}

/** Ignition's unused-key check for one struct. */
export function checkUnusedKeys(root: JsonNode, info: StructInfo, _value: ConfigValue, path: PathElement[], report: Report): void {
  const node = nodeAt(root, path);
  if (!node) return;
  if (node.kind !== "object") {
    report.warn(path, MSG.contextMismatch(formatPath(path)));
    return;
  }
  for (const key of node.byKey.keys()) {
    if (!info.byName.has(key)) report.add("warning", [...path, key], MSG.unusedKey(key), true);
  }
}
