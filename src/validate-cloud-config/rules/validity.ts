/**
 * Values of keys that coreos-cloudinit restricts (`valid:` patterns: unit
 * `command`, write_files `encoding` and `permissions`, update
 * `reboot_strategy`, etcd2 `proxy`, locksmith `window_start` and
 * `window_length`) must match: an error otherwise. The value is checked as
 * the text it was written with (`0644`, not 420; `off`, not false); an empty
 * value is not checked. Only known keys are looked at.
 */

import { CC_MSG } from "../../diagnostics/catalogue/cloud-config.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { CLOUD_CONFIG, type Field, type FieldType } from "../schema.js";
import { type CcNode, isScalar } from "../tree.js";
import { diagnostic, type Rule } from "./rule.js";

function check(n: CcNode, field: Field, type: FieldType, out: Diagnostic[]): void {
  if (field.valid && isScalar(n) && n.text !== "" && !field.valid.test(n.text)) {
    out.push(diagnostic("error", CC_MSG.invalidValue(n.text, field.valid.source), n.path, n.valueAt));
  }
  if (type.kind === "struct" && n.kind === "map") {
    for (const c of n.children) {
      const f = type.fields[c.name];
      if (f) check(c, f, f.type, out);
    }
  } else if (type.kind === "slice" && n.kind === "seq") {
    // Items carry their list's tags, as in coreos-cloudinit; no list key has a pattern.
    for (const item of n.children) check(item, { type: type.elem }, type.elem, out);
  }
}

export const checkValidity: Rule = (root, out) => {
  check(root, CLOUD_CONFIG, CLOUD_CONFIG.type, out);
};
