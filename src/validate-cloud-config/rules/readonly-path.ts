/**
 * A write_files `path` whose directory (path.Dir, so `/tmp/../usr/x` counts)
 * starts with `/usr` cannot be written: /usr is read-only on Container
 * Linux. An error at the path. Like coreos-cloudinit, this compares the
 * text, so `/usrlocal/x` is caught too and `/usr` itself is not.
 */

import { CC_MSG } from "../../diagnostics/catalogue/cloud-config.js";
import { goPathDir } from "../../gocompat/path.js";
import { child, isScalar } from "../tree.js";
import { diagnostic, type Rule, writeFiles } from "./rule.js";

export const checkWriteFiles: Rule = (root, out) => {
  for (const f of writeFiles(root)) {
    const p = child(f, "path");
    if (!p || !isScalar(p) || !goPathDir(p.text).startsWith("/usr")) continue;
    out.push(diagnostic("error", CC_MSG.readonlyPath, p.path, p.valueAt));
  }
};
