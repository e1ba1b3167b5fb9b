/**
 * Checks the fcos family (fcos and the openshift versions built on it) adds:
 * boot_device layouts, devices and LUKS methods, GRUB users, partitions
 * reused by label (1.6+) and mount units outside /etc and /var (1.6+).
 */

import { FCOS_MSG } from "../diagnostics/catalogue/butane.js";
import type { PathElement } from "../diagnostics/diagnostic.js";
import type { ConfigValue } from "../ignition/decode.js";
import { type ButaneVersion, versionAtLeast } from "./registry.js";
import type { ButaneRule, ButaneRuleContext } from "./rules.js";

const ROOT_DEVICE = "/dev/disk/by-id/coreos-boot-disk";
const obj = (v: unknown) => (v ?? {}) as ConfigValue;
const list = <T = ConfigValue>(v: unknown) => (v as T[] | undefined) ?? [];
const fcos = (ctx: ButaneRuleContext, min: ButaneVersion) => versionAtLeast(ctx.schema.spec.fcos, min);

function config(value: ConfigValue, path: PathElement[], ctx: ButaneRuleContext): void {
  if (!fcos(ctx, "1.6.0") || ctx.schema.spec.variant === "openshift") return;
  const mirrored = new Set(list<string>(obj(obj(value.boot_device).mirror).devices));
  const storage = obj(value.storage);
  list(storage.disks).forEach((disk, i) => {
    if (disk.device === ROOT_DEVICE || disk.wipe_table === true || mirrored.has(String(disk.device ?? ""))) return;
    list(disk.partitions).forEach((p, k) => {
      if (!p.number && p.label !== undefined)
        ctx.report.warn([...path, "storage", "disks", i, "partitions", k, "number"], FCOS_MSG.reuseByLabel);
    });
  });
  list(storage.filesystems).forEach((fs, i) => {
    if (typeof fs.path === "string" && !/^\/(etc|var)(\/|$)/.test(fs.path) && fs.with_mount_unit === true) {
      ctx.report.error([...path, "storage", "filesystems", i, "path"], FCOS_MSG.mountPointForbidden);
    }
  });
}

function mirror(value: ConfigValue, path: PathElement[], ctx: ButaneRuleContext): void {
  if (list(value.devices).length === 1) ctx.report.error([...path, "devices"], FCOS_MSG.tooFewMirrorDevices);
}

/** The boot_device layouts an fcos version knows (s390x ones from 1.6). */
export function bootLayouts(fcosVersion: string | undefined): string[] {
  const base = ["aarch64", "ppc64le", "x86_64"];
  return versionAtLeast(fcosVersion, "1.6.0") ? [...base, "s390x-eckd", "s390x-virt", "s390x-zfcp"] : base;
}

function bootDevice(value: ConfigValue, path: PathElement[], ctx: ButaneRuleContext): void {
  const luks = obj(value.luks);
  const layout = value.layout as string | undefined;
  if (list(obj(value.mirror).devices).length > 0 && layout === undefined) {
    if (fcos(ctx, "1.7.0")) ctx.report.error([...path, "mirror"], FCOS_MSG.mirrorRequiresLayout);
    else ctx.report.warn([...path, "mirror"], FCOS_MSG.mirrorRequiresLayout);
  }
  if (layout !== undefined) {
    const s390x = fcos(ctx, "1.6.0");
    const at = [...path, "layout"];
    const device = luks.device as string | undefined;
    if (!layout.startsWith("s390x") && bootLayouts(ctx.schema.spec.fcos).includes(layout)) {
      // nothing to check
    } else if (s390x && (layout === "s390x-eckd" || layout === "s390x-zfcp")) {
      const re = layout === "s390x-eckd" ? /\/dev\/dasd[a-z]$/ : /\/dev\/sd[a-z]$/;
      if (!device) ctx.report.error(at, FCOS_MSG.noLuksDevice);
      else if (!re.test(device)) ctx.report.error(at, FCOS_MSG.badLuksDevice);
    } else if (!(s390x && layout === "s390x-virt")) {
      ctx.report.error(at, FCOS_MSG.unknownLayout([...bootLayouts(ctx.schema.spec.fcos)].sort().join(", ")));
    }
    if (s390x && layout.startsWith("s390x") && list(obj(value.mirror).devices).length > 0)
      ctx.report.error(at, FCOS_MSG.mirrorNotSupported);
  }
  if (obj(luks.cex).enabled === true) {
    if (layout === undefined) ctx.report.error([...path, "luks", "cex"], FCOS_MSG.cexArch);
    else if (!layout.startsWith("s390x")) ctx.report.error([...path, "layout"], FCOS_MSG.cexArch);
    if (list(luks.tang).length > 0 || luks.tpm2 === true) ctx.report.error([...path, "luks"], FCOS_MSG.cexWithClevis);
  }
  // Butane checks the mirror here and again when it walks into it.
  mirror(obj(value.mirror), [...path, "mirror"], ctx);
}

function bootDeviceLuks(value: ConfigValue, path: PathElement[], ctx: ButaneRuleContext): void {
  if (!fcos(ctx, "1.7.0") || typeof value.device !== "string" || value.device === "") return;
  const tang = list(value.tang).some((t) => Object.values(t ?? {}).some((v) => v !== undefined && v !== ""));
  if (!tang && value.tpm2 !== true && obj(value.cex).enabled !== true) ctx.report.error([...path, "luks"], FCOS_MSG.noLuksMethod);
}

function grubUser(value: ConfigValue, path: PathElement[], ctx: ButaneRuleContext): void {
  if (!value.name) ctx.report.error([...path, "name"], FCOS_MSG.grubName);
  if (typeof value.password_hash !== "string" || value.password_hash === "")
    ctx.report.error([...path, "password_hash"], FCOS_MSG.grubPassword);
}

export const FCOS_RULES: Readonly<Record<string, readonly ButaneRule[]>> = {
  Config: [config],
  BootDevice: [bootDevice],
  BootDeviceLuks: [bootDeviceLuks],
  BootDeviceMirror: [mirror],
  GrubUser: [grubUser],
};
