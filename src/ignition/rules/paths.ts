/** Absolute, simplified paths for storage nodes, devices and mount points. */

import { MSG } from "../../diagnostics/catalogue/ignition.js";
import type { Message } from "../../diagnostics/message.js";
import { goPathClean as clean, goPathIsAbs as isAbs } from "../../gocompat/path.js";
import type { ConfigValue } from "../decode.js";
import { nilOrEmpty, type Path, type RuleContext, str } from "./context.js";

export function validatePath(p: string): Message | undefined {
  if (p === "") return MSG.noPath;
  if (!isAbs(p)) return MSG.pathRelative;
  if (clean(p) !== p) return MSG.dirtyPath;
  return undefined;
}

export function validatePathNilOK(p: unknown): Message | undefined {
  return nilOrEmpty(p) ? undefined : validatePath(p as string);
}

/** Files, directories and links: the node's own path. */
export function nodePath(value: ConfigValue, path: Path, ctx: RuleContext): void {
  ctx.report.error([...path, "path"], validatePath(str(value, "path")));
}

/** A raid member device. */
export function device(value: unknown, path: Path, ctx: RuleContext): void {
  ctx.report.error(path, validatePath(typeof value === "string" ? value : ""));
}
