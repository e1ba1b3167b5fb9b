/**
 * Every key must exist in coreos-cloudinit's key tree and every value must
 * have a compatible type; deprecated keys are named. All three are warnings,
 * as coreos-cloudinit reports them (it ignores what it does not understand).
 *
 * Compatible: a string key takes a string, int, float or bool (its text is
 * used); an int key an int; a float key a float or int; a bool key a bool
 * (YAML 1.1: yes/no/on/off count); a struct key a map; a list key a list,
 * each item checked against the item type. Null is compatible with nothing.
 * A value of the wrong type is not looked into further.
 */

import { CC_MSG } from "../../diagnostics/catalogue/cloud-config.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { CLOUD_CONFIG, type FieldType, humanType } from "../schema.js";
import type { CcNode } from "../tree.js";
import { diagnostic, type Rule } from "./rule.js";

export function isCompatible(kind: CcNode["kind"], want: FieldType["kind"]): boolean {
  switch (want) {
    case "string":
      return kind === "string" || kind === "int" || kind === "float64" || kind === "bool";
    case "struct":
      return kind === "map";
    case "float64":
      return kind === "float64" || kind === "int";
    case "slice":
      return kind === "seq";
    default:
      return kind === want;
  }
}

function check(n: CcNode, want: FieldType, out: Diagnostic[]): void {
  if (!isCompatible(n.kind, want.kind)) {
    out.push(diagnostic("warning", CC_MSG.incorrectType(n.name, humanType(want), describe(want)), n.path, n.at));
    return;
  }
  if (want.kind === "struct") {
    for (const c of n.children) {
      const field = want.fields[c.name];
      if (!field) {
        out.push(diagnostic("warning", CC_MSG.unrecognizedKey(c.name, Object.keys(want.fields)), c.path, c.at));
        continue;
      }
      if (field.deprecated) {
        out.push(diagnostic("warning", CC_MSG.deprecatedKey(c.name, field.deprecated), c.path, c.at));
      }
      check(c, field.type, out);
    }
  } else if (want.kind === "slice") {
    for (const item of n.children) check(item, want.elem, out);
  }
}

function describe(t: FieldType): string {
  switch (t.kind) {
    case "struct":
      return "this key takes a mapping of keys to values";
    case "slice":
      return `this key takes a list (each item: ${humanType(t.elem)})`;
    case "bool":
      return "this key takes true or false";
    case "int":
      return "this key takes a whole number";
    case "float64":
      return "this key takes a number";
    default:
      return "this key takes a single value (quote it to be sure it stays text)";
  }
}

export const checkStructure: Rule = (root, out) => {
  if (root.kind === "map") check(root, CLOUD_CONFIG.type, out);
};
