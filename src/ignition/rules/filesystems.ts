/** Filesystems: device and mount path, a format from the spec's list, labels that fit the format. */

import { MSG } from "../../diagnostics/catalogue/ignition.js";
import type { Message } from "../../diagnostics/message.js";
import type { ConfigValue } from "../decode.js";
import { byteLength, isTrue, list, nilOrEmpty, notEmpty, type Path, type RuleContext, str } from "./context.js";
import { validatePath, validatePathNilOK } from "./paths.js";

/** Longest label each format's mkfs accepts, in bytes. */
const LABEL_LIMITS: Record<string, number> = { ext4: 16, btrfs: 256, xfs: 12, swap: 15, vfat: 11 };

function format(value: ConfigValue, ctx: RuleContext): Message | undefined {
  if (nilOrEmpty(value.format)) {
    const others =
      notEmpty(value.path) ||
      notEmpty(value.label) ||
      notEmpty(value.uuid) ||
      isTrue(value.wipeFilesystem) ||
      list(value, "mountOptions").length > 0 ||
      list(value, "options").length > 0;
    return others ? MSG.formatNilWithOthers : undefined;
  }
  const formats = ctx.spec.structs.get("Filesystem")?.byName.get("format")?.enum ?? [];
  return formats.includes(value.format as string) ? undefined : MSG.filesystemFormat;
}

function label(value: ConfigValue): Message | undefined {
  if (nilOrEmpty(value.label)) return undefined;
  if (nilOrEmpty(value.format)) return MSG.labelNeedsFormat;
  const max = LABEL_LIMITS[value.format as string];
  return max !== undefined && byteLength(value.label as string) > max ? MSG.filesystemLabelTooLong(max, value.format as string) : undefined;
}

export function filesystem(value: ConfigValue, path: Path, ctx: RuleContext): void {
  ctx.report.error([...path, "path"], validatePathNilOK(value.path));
  ctx.report.error([...path, "device"], validatePath(str(value, "device")));
  ctx.report.error([...path, "format"], format(value, ctx));
  ctx.report.error([...path, "label"], label(value));
}
