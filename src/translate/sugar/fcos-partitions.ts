/**
 * Warnings about partitions after boot_device is applied: reserved labels
 * (BIOS-BOOT, PowerPC-PReP-boot, EFI-SYSTEM, boot, root) on other numbers of
 * a disk that is not wiped, which would create new partitions instead of
 * reusing the image's (every fcos version), and from fcos 1.3 a root
 * partition that is too small or cannot grow.
 */

import { versionAtLeast } from "../../butane/registry.js";
import { FCOS_MSG } from "../../diagnostics/catalogue/butane.js";
import { type GoInt, goIntCompare, goIntIsZero } from "../../gocompat/int.js";
import type { ConfigValue } from "../../ignition/decode.js";
import type { TranslateContext } from "../context.js";

const RESERVED: Record<string, number> = { "BIOS-BOOT": 1, "PowerPC-PReP-boot": 1, "EFI-SYSTEM": 2, boot: 3, root: 4 };
const zeroOrUnset = (v: unknown) => v === undefined || v === null || goIntIsZero(v as GoInt);

export function checkRootPartitions(_source: ConfigValue, config: ConfigValue, ctx: TranslateContext): ConfigValue {
  const rootSize = versionAtLeast(ctx.schema.spec.fcos, "1.3.0");
  const disks = ((config.storage as ConfigValue | undefined)?.disks as ConfigValue[] | undefined) ?? [];
  disks.forEach((disk, i) => {
    const parts = (disk.partitions as ConfigValue[] | undefined) ?? [];
    parts.forEach((p, k) => {
      if (typeof p.label !== "string") return;
      const at = ["storage", "disks", i, "partitions", k];
      if (rootSize && p.label === "root") {
        if (zeroOrUnset(p.sizeMiB)) {
          if (parts.some((o, idx) => idx !== k && zeroOrUnset(o.startMiB)))
            ctx.outputReport.warn([...at, "label"], FCOS_MSG.rootConstrained);
        } else if (goIntCompare(p.sizeMiB as GoInt, 8192) < 0) {
          ctx.outputReport.warn([...at, "size_mib"], FCOS_MSG.rootTooSmall);
        }
      }
      if (disk.wipeTable !== true && RESERVED[p.label] !== undefined && Number(p.number ?? 0) !== RESERVED[p.label]) {
        ctx.outputReport.warn([...at, "label"], FCOS_MSG.wrongPartitionNumber);
      }
    });
  });
  return config;
}
