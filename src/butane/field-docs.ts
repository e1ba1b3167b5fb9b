/**
 * What each Butane field means, in our words, for the JSON Schemas
 * (schemas/butane/) and the language server's hover and completion. Fields
 * that translate to an Ignition field take that field's description from the
 * Ignition schema; this table holds Butane's own fields (the sugar, variant
 * and version, boot_device, grub, OpenShift's sections) and the few whose
 * meaning Butane changes, keyed `Struct.field`.
 */
import type { ButaneField, ButaneSchema } from "./schema.js";
import { snakeCase } from "./schema.js";

const MODE = "Permission bits: octal with a leading zero (0644), or the same number in decimal (420)";

/** Butane-only fields and Butane's reading of Ignition fields, `Struct.field` → description. */
const FIELD_DOCS: Readonly<Record<string, string>> = {
  "Config.variant": "Which Butane variant the config is written for (fcos, flatcar, openshift, r4e, fiot).",
  "Config.version": "Version of the variant's Butane spec; it picks the fields allowed and the Ignition spec produced.",
  "Config.ignition": "How Ignition fetches other configs and remote resources: configs to merge or use instead, proxy, TLS, timeouts.",
  "Config.boot_device": "Root disk layout: LUKS encryption of the root filesystem and mirroring of the boot disk.",
  "Config.grub": "GRUB bootloader settings: users allowed to edit boot entries.",
  "Config.metadata": "The MachineConfig's metadata (name and labels).",
  "Config.openshift": "OpenShift settings passed to the Machine Config Operator.",
  "Resource.source": "URL of the contents; set at most one of source, inline and local.",
  "Resource.inline": "The contents as text, embedded in the config; set at most one of source, inline and local.",
  "Resource.local":
    "File under the files directory (-d/--files-dir) whose contents are embedded; set at most one of source, inline and local.",
  "FileContents.inline": "The contents as text, embedded in the config instead of a source URL.",
  "File.mode": `${MODE}; Ignition's default is 0644.`,
  "Directory.mode": `${MODE}; Ignition's default is 0755.`,
  "Filesystem.with_mount_unit": "Whether to generate a systemd mount (or swap) unit so the filesystem is mounted on every boot.",
  "Storage.trees": "Directories under the files directory whose files, directories and links are copied into the config.",
  "Tree.local": "Directory under the files directory (-d/--files-dir) to copy.",
  "Tree.path": "Where the tree goes on the host; / when absent.",
  "Tree.user": "User owning the files, directories and links made from the tree.",
  "Tree.group": "Group owning the files, directories and links made from the tree.",
  "Tree.file_mode": `${MODE}, of files from the tree; else 0755 for executables and 0644 for the rest.`,
  "Tree.dir_mode": `${MODE}, of directories from the tree; 0755 when absent.`,
  "Unit.contents_local": "File under the files directory whose text becomes the unit's contents; excludes contents.",
  "Dropin.contents_local": "File under the files directory whose text becomes the drop-in's contents; excludes contents.",
  "PasswdUser.ssh_authorized_keys_local":
    "Files under the files directory with public SSH keys, one per line, added to ssh_authorized_keys.",
  "Systemd.quadlets": "Podman Quadlet files (containers, volumes, networks, pods …) to write under /etc/containers/systemd.",
  "Quadlet.name": "File name of the Quadlet with its type suffix, such as web.container; name@.container is a template.",
  "Quadlet.contents": "Contents of the Quadlet file; excludes contents_local.",
  "Quadlet.contents_local": "File under the files directory whose text becomes the Quadlet's contents; excludes contents.",
  "Quadlet.rootful": "Whether the Quadlet runs as root (under /etc/containers/systemd) rather than for users.",
  "Quadlet.dropins": "Drop-in files for the Quadlet.",
  "BootDevice.layout": "CPU architecture whose boot disk layout is used; x86_64 when absent.",
  "BootDevice.luks": "Encrypt the root filesystem with LUKS, unlocked by TPM2, Tang servers or CEX.",
  "BootDevice.mirror": "Mirror the boot disk (RAID1) across several disks.",
  "BootDeviceLuks.cex": "Encrypt with an IBM Crypto Express secure key (s390x).",
  "BootDeviceLuks.device": "The disk holding the root filesystem, for s390x layouts.",
  "BootDeviceLuks.discard": "Whether to pass discard (TRIM) requests through to the disk.",
  "BootDeviceLuks.tang": "Tang servers that can unlock the root filesystem.",
  "BootDeviceLuks.threshold": "How many of the unlocking methods must succeed.",
  "BootDeviceLuks.tpm2": "Whether the TPM2 chip can unlock the root filesystem.",
  "BootDeviceMirror.devices": "The disks to mirror the boot disk across; at least two.",
  "Grub.users": "GRUB superusers and their passwords.",
  "GrubUser.name": "GRUB user name, such as root.",
  "GrubUser.password_hash": "The user's password hash, as grub2-mkpasswd-pbkdf2 prints it.",
  "Metadata.name": "Name of the MachineConfig.",
  "Metadata.labels": "Labels of the MachineConfig; machineconfiguration.openshift.io/role is required.",
  "OpenShift.extensions": "RHCOS extensions to install, such as usbguard.",
  "OpenShift.fips": "Whether to enable FIPS mode.",
  "OpenShift.kernel_arguments": "Kernel arguments to add.",
  "OpenShift.kernel_type": "Kernel to boot: default, or realtime.",
};

/** Butane's own structs, and the config itself. */
const STRUCT_DOCS: Readonly<Record<string, string>> = {
  Config: "A Butane config, translated to Ignition by kindling transpile (or butane).",
  Tree: "A directory tree copied from the files directory.",
  Quadlet: "A Podman Quadlet file.",
  BootDevice: "Root disk layout, encryption and mirroring.",
  BootDeviceLuks: "LUKS encryption of the root filesystem.",
  BootDeviceMirror: "Mirroring of the boot disk.",
  Grub: "GRUB bootloader settings.",
  GrubUser: "A GRUB superuser.",
  Metadata: "MachineConfig metadata.",
  OpenShift: "OpenShift settings of the MachineConfig.",
};

type Described = { description?: string; properties?: Record<string, { description?: string }> };

function ignitionDef(schema: ButaneSchema, struct: string): Described | undefined {
  const defs = schema.ignition.document.$defs as Record<string, Described> | undefined;
  return defs?.[struct];
}

/** Ignition's camelCase field names in a description, written as Butane spells them. */
function inButaneWords(schema: ButaneSchema, text: string): string {
  return text.replace(/\b[a-z]+(?:[A-Z][a-z]*)+\b/g, (word) => {
    for (const info of schema.ignition.structs.values()) if (info.byName.has(word)) return snakeCase(word);
    return word;
  });
}

/** The description of `field` of struct `struct`, or undefined when neither table knows it. */
export function fieldDoc(schema: ButaneSchema, struct: string, field: ButaneField): string | undefined {
  const own = FIELD_DOCS[`${struct}.${field.name}`];
  if (own) return own;
  if (!field.ignition) return undefined;
  const text = ignitionDef(schema, struct)?.properties?.[field.ignition]?.description;
  return text === undefined ? undefined : inButaneWords(schema, text);
}

/** The description of a struct. */
export function structDoc(schema: ButaneSchema, struct: string): string | undefined {
  return STRUCT_DOCS[struct] ?? ignitionDef(schema, struct)?.description;
}

/** Whether a field holds permission bits (read as octal or decimal). */
export function isModeField(struct: string, field: string): boolean {
  return (struct === "File" || struct === "Directory") && field === "mode" ? true : struct === "Tree" && field.endsWith("_mode");
}
