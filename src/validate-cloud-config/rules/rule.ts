/** A validator rule: reads the document tree, appends what it finds. */
import type { Diagnostic, PathElement, Severity, Span } from "../../diagnostics/diagnostic.js";
import type { Message } from "../../diagnostics/message.js";
import type { CcNode } from "../tree.js";

export type Rule = (root: CcNode, out: Diagnostic[]) => void;

export function diagnostic(severity: Severity, message: Message, path: PathElement[], span: Span): Diagnostic {
  return { severity, code: message.code, message: message.text, path, span, hint: message.hint };
}

/** The items of the top-level `write_files` list that are maps. */
export function writeFiles(root: CcNode): CcNode[] {
  const list = root.children.find((c) => c.name === "write_files");
  return list?.kind === "seq" ? list.children.filter((f) => f.kind === "map") : [];
}
