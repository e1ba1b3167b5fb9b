/** Files, directories and links: modes, owners, overwrite. */

import { MSG } from "../../diagnostics/catalogue/ignition.js";
import type { Message } from "../../diagnostics/message.js";
import { type GoInt, goIntAnd, goIntCompare, goIntIsZero } from "../../gocompat/int.js";
import type { ConfigValue } from "../decode.js";
import { isTrue, notEmpty, obj, type Path, type RuleContext, since } from "./context.js";
import { nodePath } from "./paths.js";

export function validateMode(mode: unknown): Message | undefined {
  if (mode === undefined || mode === null) return undefined;
  const m = mode as GoInt;
  return goIntCompare(m, 0) < 0 || goIntCompare(m, 0o7777) > 0 ? MSG.illegalMode : undefined;
}

/** Before spec 3.6.0 Ignition could not apply setuid, setgid or sticky bits. */
function specialBits(mode: unknown, ctx: RuleContext): Message | undefined {
  if (mode === undefined || mode === null || since(ctx, "3.6.0")) return undefined;
  return goIntIsZero(goIntAnd(mode as GoInt, 0o7000)) ? undefined : MSG.modeSpecialBits;
}

export function file(value: ConfigValue, path: Path, ctx: RuleContext): void {
  nodePath(value, path, ctx);
  ctx.report.error([...path, "mode"], validateMode(value.mode));
  ctx.report.warn([...path, "mode"], specialBits(value.mode, ctx));
  if (isTrue(value.overwrite) && obj(value, "contents").source === undefined) {
    ctx.report.error([...path, "overwrite"], MSG.overwriteNoSource);
  }
}

export function directory(value: ConfigValue, path: Path, ctx: RuleContext): void {
  nodePath(value, path, ctx);
  ctx.report.error([...path, "mode"], validateMode(value.mode));
  ctx.report.warn([...path, "mode"], specialBits(value.mode, ctx));
}

export const link = nodePath;

/** NodeUser and NodeGroup. */
export function owner(value: ConfigValue, path: Path, ctx: RuleContext): void {
  if (value.id !== undefined && value.id !== null && notEmpty(value.name)) ctx.report.error(path, MSG.bothIdAndName);
}
