/**
 * `write_files` under `coreos` is a common slip; coreos-cloudinit only reads
 * it at the top level. Reported as info (the structure rule also warns that
 * the key is unrecognized there).
 */

import { CC_MSG } from "../../diagnostics/catalogue/cloud-config.js";
import { child } from "../tree.js";
import { diagnostic, type Rule } from "./rule.js";

export const checkWriteFilesUnderCoreos: Rule = (root, out) => {
  const w = child(child(root, "coreos"), "write_files");
  if (!w) return;
  out.push(diagnostic("info", CC_MSG.misplacedWriteFiles, w.path, w.at));
};
