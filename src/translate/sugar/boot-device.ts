/**
 * `boot_device`: the root disk's layout, mirrored across disks (RAID1 for
 * /boot and /, an ESP per disk where the architecture boots with EFI) and/or
 * encrypted with LUKS (TPM2, Tang, a threshold of both, or IBM CEX on s390x).
 * The generated storage is merged under the user's, so user partitions on the
 * same disks follow the generated ones.
 */
import type { PathElement } from "../../diagnostics/diagnostic.js";
import type { ConfigValue } from "../../ignition/decode.js";
import type { TranslateContext } from "../context.js";
import { mergeTranslated } from "../merge-translated.js";
import { TranslationSet } from "../translation-set.js";

const RESERVED_GUID = "8DA63339-0007-60C0-C436-083AC8230908";
const BIOS_GUID = "21686148-6449-6E6F-744E-656564454649";
const PREP_GUID = "9E1A2D38-C612-4316-AA26-8B49521E5A8B";
const ESP_GUID = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";

const obj = (v: unknown) => (v ?? {}) as ConfigValue;

/** The clevis of boot_device.luks: tang, threshold and tpm2 copied with their translations. */
function clevisFrom(luks: ConfigValue, ts: TranslationSet, from: PathElement[], to: PathElement[]): ConfigValue {
  const clevis: ConfigValue = {};
  ts.add(from, to);
  const tang = luks.tang as ConfigValue[] | undefined;
  if (tang) {
    clevis.tang = tang.map((t, i) => {
      const out: ConfigValue = {};
      for (const k of ["advertisement", "thumbprint", "url"]) {
        if (t?.[k] !== undefined) {
          out[k] = t[k];
          ts.add([...from, "tang", i, k], [...to, "tang", i, k]);
        }
      }
      ts.add([...from, "tang", i], [...to, "tang", i]);
      return out;
    });
    ts.add([...from, "tang"], [...to, "tang"]);
  }
  for (const k of ["threshold", "tpm2"]) {
    if (luks[k] !== undefined) {
      clevis[k] = luks[k];
      ts.add([...from, k], [...to, k]);
    }
  }
  return clevis;
}

export function processBootDevice(source: ConfigValue, config: ConfigValue, ctx: TranslateContext): ConfigValue {
  const bd = obj(source.boot_device);
  const luks = obj(bd.luks);
  const cex = obj(luks.cex).enabled === true;
  const wantLuks = luks.tpm2 === true || ((luks.tang as unknown[] | undefined)?.length ?? 0) > 0 || cex;
  const devices = (obj(bd.mirror).devices as string[] | undefined) ?? [];
  const wantMirror = devices.length > 0;
  if (!wantLuks && !wantMirror) return config;

  const layout = (bd.layout as string | undefined) ?? "x86_64";
  const bios = layout === "x86_64";
  const efi = layout === "x86_64" || layout === "aarch64";
  const prep = layout === "ppc64le";
  const disks: ConfigValue[] = [];
  const filesystems: ConfigValue[] = [];
  const storage: ConfigValue = {};
  const ts = new TranslationSet();

  if (wantMirror) {
    devices.forEach((device, i) => {
      const n = disks.length + 1;
      const first = bios
        ? { label: `bios-${n}`, sizeMiB: 1, typeGuid: BIOS_GUID }
        : prep
          ? { label: `prep-${n}`, sizeMiB: 4, typeGuid: PREP_GUID }
          : { label: `reserved-${n}`, sizeMiB: 1, typeGuid: RESERVED_GUID };
      const second = efi
        ? { label: `esp-${n}`, sizeMiB: 127, typeGuid: ESP_GUID }
        : { label: `reserved-${n}`, sizeMiB: 1, typeGuid: RESERVED_GUID };
      const disk = { device, partitions: [first, second, { label: `boot-${n}`, sizeMiB: 384 }, { label: `root-${n}` }], wipeTable: true };
      ts.addFromCommonSource(["boot_device", "mirror", "devices", i], ["storage", "disks", disks.length], disk);
      disks.push(disk);
      if (efi) {
        const esp = { device: `/dev/disk/by-partlabel/esp-${n}`, format: "vfat", label: `esp-${n}`, wipeFilesystem: true };
        ts.addFromCommonSource(["boot_device", "mirror", "devices", i], ["storage", "filesystems", filesystems.length], esp);
        filesystems.push(esp);
      }
    });
    ts.add(["boot_device", "mirror", "devices"], ["storage", "disks"]);
    const members = (prefix: string) => disks.map((_, i) => `/dev/disk/by-partlabel/${prefix}-${i + 1}`);
    storage.raid = [
      { devices: members("boot"), level: "raid1", name: "md-boot", options: ["--metadata=1.0"] },
      { devices: members("root"), level: "raid1", name: "md-root" },
    ];
    ts.addFromCommonSource(["boot_device", "mirror"], ["storage", "raid"], storage.raid);
    const boot = { device: "/dev/md/md-boot", format: "ext4", label: "boot", wipeFilesystem: true };
    ts.addFromCommonSource(["boot_device", "mirror"], ["storage", "filesystems", filesystems.length], boot);
    filesystems.push(boot);
    storage.disks = disks;
  }

  if (wantLuks) {
    const device =
      layout === "s390x-eckd"
        ? `${luks.device}2`
        : layout === "s390x-zfcp"
          ? `${luks.device}4`
          : wantMirror
            ? "/dev/md/md-root"
            : "/dev/disk/by-partlabel/root";
    const lpath: PathElement[] = ["boot_device", "luks"];
    const rpath: PathElement[] = ["storage", "luks", 0];
    const volume: ConfigValue = {};
    if (cex) {
      volume.cex = { enabled: true };
      ts.add([...lpath, "cex"], [...rpath, "cex"]);
      ts.add([...lpath, "cex", "enabled"], [...rpath, "cex", "enabled"]);
    } else {
      volume.clevis = clevisFrom(luks, ts, lpath, [...rpath, "clevis"]);
    }
    Object.assign(volume, {
      device,
      ...(luks.discard !== undefined ? { discard: luks.discard } : {}),
      label: "luks-root",
      name: "root",
      wipeVolume: true,
    });
    ts.add([...lpath, "discard"], [...rpath, "discard"]);
    for (const f of ["device", "label", "name", "wipeVolume"]) ts.add(lpath, [...rpath, f]);
    ts.add(lpath, rpath);
    ts.add(lpath, ["storage", "luks"]);
    storage.luks = [volume];
  }

  const root = { device: wantLuks ? "/dev/mapper/root" : "/dev/md/md-root", format: "xfs", label: "root", wipeFilesystem: true };
  ts.addFromCommonSource(["boot_device"], ["storage", "filesystems", filesystems.length], root);
  ts.add(["boot_device"], ["storage", "filesystems"]);
  filesystems.push(root);
  storage.filesystems = filesystems;
  ts.add(["boot_device"], ["storage"]);

  const merged = mergeTranslated(ctx.schema.ignition, { storage }, ts, config, ctx.ts);
  ctx.ts = merged.ts;
  return merged.config;
}
