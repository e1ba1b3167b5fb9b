/**
 * `coreos-cloudinit -validate` as a library call: user data in, diagnostics
 * out, each with the line and column of the key or value it is about.
 *
 * Empty input, scripts (`#!`) and Ignition configs pass without a word. Any
 * other input must start with a `#cloud-config` line. A YAML syntax error is
 * reported alone, at its line. Otherwise the rules run in coreos-cloudinit's
 * order, each reporting in document order: discovery URL, write_files
 * encodings, structure (unknown keys, types, deprecations), `valid:`
 * patterns, write_files under /usr, write_files under coreos.
 */

import { CC_MSG } from "../diagnostics/catalogue/cloud-config.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/message.js";
import { parseYaml } from "../source/yaml.js";
import { userDataKind } from "./header.js";
import { checkDiscoveryUrl } from "./rules/discovery.js";
import { checkEncoding } from "./rules/encoding.js";
import { checkWriteFilesUnderCoreos } from "./rules/misplaced-write-files.js";
import { checkWriteFiles } from "./rules/readonly-path.js";
import type { Rule } from "./rules/rule.js";
import { checkStructure } from "./rules/structure.js";
import { checkValidity } from "./rules/validity.js";
import { AliasError, buildNode, type CcNode } from "./tree.js";

export const RULES: readonly Rule[] = [
  checkDiscoveryUrl,
  checkEncoding,
  checkStructure,
  checkValidity,
  checkWriteFiles,
  checkWriteFilesUnderCoreos,
];

/** Validates user data the way `coreos-cloudinit -validate` does. */
export function validateCloudConfig(input: string | Uint8Array): Diagnostic[] {
  const text = typeof input === "string" ? input : Buffer.from(input).toString("utf8");
  const kind = userDataKind(text);
  if (kind === "unknown") {
    return [diagnostic("error", CC_MSG.header, [], { line: 1, column: 1 })];
  }
  if (kind !== "cloud-config") return [];

  const parsed = parseYaml(text);
  if (!parsed.ok) {
    // The parser reports the line only; column 1 points at its start.
    return [diagnostic("error", CC_MSG.yamlSyntax(parsed.error.message), [], { line: parsed.error.line ?? 1, column: 1 })];
  }
  let root: CcNode;
  try {
    root = buildNode(parsed.root, "", { line: 1, column: 1 }, []);
  } catch (err) {
    if (!(err instanceof AliasError)) throw err;
    return [diagnostic("error", CC_MSG.yamlAliases(err.message), [], err.span)];
  }
  const out: Diagnostic[] = [];
  for (const rule of RULES) rule(root, out);
  return out;
}
