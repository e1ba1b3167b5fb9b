/**
 * Each write_files entry with an `encoding` must have `content` that decodes
 * with it (see decode-content.ts): an error at the content otherwise, or at
 * the entry when it has no content.
 */
import { CC_MSG } from "../../diagnostics/catalogue/cloud-config.js";
import { canDecode } from "../decode-content.js";
import { child, entry, isScalar } from "../tree.js";
import { diagnostic, type Rule, writeFiles } from "./rule.js";

export const checkEncoding: Rule = (root, out) => {
  for (const f of writeFiles(root)) {
    const e = child(f, "encoding");
    if (!e || !isScalar(e)) continue;
    const c = entry(f, "content");
    const bytes = c && isScalar(c) ? c.bytes : undefined;
    if (canDecode(bytes ?? new Uint8Array(), e.text) && (bytes !== undefined || e.text === "")) continue;
    const where = c && c.kind !== "null" ? c.valueAt : (c?.at ?? f.at);
    out.push(diagnostic("error", CC_MSG.undecodable(e.text), [...f.path, "content"], where));
  }
};
