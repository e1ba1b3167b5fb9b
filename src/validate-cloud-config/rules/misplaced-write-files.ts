/**
 * `write_files` under `coreos` is a common slip; coreos-cloudinit only reads
 * it at the top level. Reported as info (the structure rule also warns that
 * the key is unrecognized there).
 */
import { child } from "../tree.js";
import { diagnostic, type Rule } from "./rule.js";

export const checkWriteFilesUnderCoreos: Rule = (root, out) => {
  const w = child(child(root, "coreos"), "write_files");
  if (!w) return;
  out.push(
    diagnostic("info", "cloudconfig.write_files.misplaced", "write_files doesn't belong under coreos", w.path, w.at,
      "move write_files to the top level of the document"),
  );
};
