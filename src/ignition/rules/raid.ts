/**
 * RAID arrays: a level from the spec's list (required from 3.3.0, where the
 * schema made it optional; before, a missing level is simply unrecognized),
 * no spares for levels without redundancy, at least one device.
 */

import { MSG } from "../../diagnostics/catalogue/ignition.js";
import type { Message } from "../../diagnostics/message.js";
import { type GoInt, goIntIsZero } from "../../gocompat/int.js";
import type { ConfigValue } from "../decode.js";
import { list, nilOrEmpty, type Path, type RuleContext } from "./context.js";

const NO_SPARES = new Set(["linear", "raid0", "0", "stripe"]);

function level(value: ConfigValue, ctx: RuleContext): Message | undefined {
  const field = ctx.spec.structs.get("Raid")?.byName.get("level");
  const lvl = typeof value.level === "string" ? value.level : "";
  if (field?.pointer && nilOrEmpty(value.level)) return MSG.raidLevelRequired;
  if (!(field?.enum ?? []).includes(lvl)) return MSG.raidLevelUnknown;
  const spares = value.spares;
  if (NO_SPARES.has(lvl) && spares !== undefined && spares !== null && !goIntIsZero(spares as GoInt)) {
    return MSG.raidSpares;
  }
  return undefined;
}

export function raid(value: ConfigValue, path: Path, ctx: RuleContext): void {
  ctx.report.error([...path, "level"], level(value, ctx));
  if (list(value, "devices").length === 0) ctx.report.error([...path, "devices"], MSG.raidDevicesRequired);
}
