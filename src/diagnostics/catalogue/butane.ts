/** Butane's own diagnostics: its wording, our code and a hint on how to fix it. */
import { m } from "../message.js";

export const BMSG = {
  tooManySources: (fields: string) =>
    m("butane.source.too-many", `only one of the following can be set: ${fields}`, "keep one way of giving the contents"),
  noFilesDir: m(
    "butane.local.no-files-dir",
    "local file paths are relative to a files directory that must be specified with -d/--files-dir",
    "pass -d DIR (or --files-dir DIR) naming the directory local paths are relative to",
  ),
  filesDirEscape: m(
    "butane.local.outside",
    "local file path traverses outside the files directory",
    "keep local paths inside the files directory",
  ),
  io: (text: string) => m("butane.local.io", text, "check that the file exists inside the files directory"),
  decimalMode: m(
    "butane.mode.decimal",
    "unreasonable mode would be reasonable if specified in octal; remember to add a leading zero",
    "write the mode in octal, e.g. 0644",
  ),
  unusedKey: (key: string) =>
    m("butane.key.unused", `unused key ${key}`, "this key is not part of this variant and version; check its spelling"),
  mountUnitNoPath: m("butane.mount-unit.path", "path is required if with_mount_unit is true and format is not swap", "set path"),
  mountUnitNoFormat: m("butane.mount-unit.format", "format is required if with_mount_unit is true", "set format"),
  treeNotDirectory: m("butane.tree.not-directory", "root of tree must be a directory", "point local at a directory"),
  treeLocalRequired: m("butane.tree.local-required", "local is required", "set local to a directory inside the files directory"),
  nodeExists: m(
    "butane.tree.node-exists",
    "matching filesystem node has existing contents or different type",
    "remove the duplicate entry",
  ),
  fileType: m(
    "butane.tree.file-type",
    "trees may only contain files, directories, and symlinks",
    "remove sockets, device nodes and FIFOs from the tree directory",
  ),
  tooManySystemdSources: m(
    "butane.systemd.too-many-sources",
    "only one of the following can be set: contents, contents_local",
    "keep either contents or contents_local",
  ),
  quadletExtension: m(
    "butane.quadlet.extension",
    "unsupported file extension for quadlet: must be one of .container, .volume, .network, .kube, .image, .build, .pod, or .artifact",
    "give the quadlet a name ending in one of these extensions",
  ),
  quadletInstanceContents: m(
    "butane.quadlet.instance-contents",
    "template instances cannot have contents or contents_local",
    "give the contents to the template (name@.ext); an instance is a link to it",
  ),
  ignoredInRaw: m("butane.openshift.raw-ignored", "field ignored in raw mode", "remove it or drop -r/--raw"),
  childInvalid: m("butane.child.invalid", "config is not valid", "fix the embedded Ignition config"),
  childUnknownVersion: m(
    "butane.child.unknown-version",
    "skipping validation for the merge/replace ignition config due to an unkown version",
    "give the embedded config the spec version the output uses to have it validated",
  ),
} as const;

/** What a variant's output may not contain (butane/filters.ts). */
export const FILTER_MSG = {
  kernelArguments: m(
    "butane.filter.kernel-arguments",
    "kernel argument customization is not supported in this spec version",
    "remove kernel_arguments: this variant does not change kernel arguments",
  ),
  disks: m(
    "butane.filter.disks",
    "disk customization is not supported in this spec version",
    "remove storage.disks: this variant does not partition disks",
  ),
  filesystems: m(
    "butane.filter.filesystems",
    "filesystem customization is not supported in this spec version",
    "remove storage.filesystems: this variant does not create filesystems",
  ),
  luks: m(
    "butane.filter.luks",
    "luks is not supported in this spec version",
    "remove storage.luks: this variant does not set up encrypted volumes",
  ),
  raid: m(
    "butane.filter.raid",
    "raid is not supported in this spec version",
    "remove storage.raid: this variant does not assemble RAID arrays",
  ),
  clevis: m(
    "butane.filter.clevis",
    "clevis is not supported in this spec version",
    "remove clevis from the LUKS volume, or use a spec version of this variant that supports it",
  ),
  cex: m(
    "butane.filter.cex",
    "cex is not currently supported on the target platform",
    "remove cex from the LUKS volume: the target platform has no IBM crypto express support",
  ),
} as const;

/** fcos (and openshift, which wraps it): boot_device, grub, disks. */
export const FCOS_MSG = {
  mirrorRequiresLayout: m(
    "butane.boot-device.mirror-layout",
    "boot_device.layout should be specified when boot_device.mirror is specified",
    "set boot_device.layout, e.g. x86_64",
  ),
  unknownLayout: (layouts: string) =>
    m("butane.boot-device.layout", `layout must be one of: ${layouts}`, "set boot_device.layout to one of the listed layouts"),
  noLuksDevice: m(
    "butane.boot-device.device-required",
    "device is required for layouts: s390x-eckd, s390x-zfcp",
    "set boot_device.luks.device",
  ),
  badLuksDevice: m(
    "butane.boot-device.device-name",
    "device name must start with /dev/dasd on s390x-eckd layout or /dev/sd on s390x-zfcp layout",
    "name the s390x disk by its kernel name: /dev/dasd… for DASD (s390x-eckd), /dev/sd… for SCSI over FCP (s390x-zfcp)",
  ),
  mirrorNotSupported: m(
    "butane.boot-device.mirror-s390x",
    "mirroring not supported on layouts: s390x-eckd, s390x-zfcp, s390x-virt",
    "remove boot_device.mirror; s390x layouts boot from one device",
  ),
  cexArch: m("butane.boot-device.cex-arch", "when using cex the targeted architecture must match s390x", "set an s390x layout"),
  cexWithClevis: m("butane.boot-device.cex-with-clevis", "cannot use cex with clevis", "use either cex or tang/tpm2"),
  noLuksMethod: m("butane.boot-device.luks-method", "no method specified for luks", "enable tpm2, tang or cex"),
  tooFewMirrorDevices: m("butane.boot-device.mirror-devices", "mirroring requires at least two devices", "list at least two devices"),
  grubName: m("butane.grub.name", 'field "name" is required', "give the GRUB user a name, e.g. root"),
  grubPassword: m("butane.grub.password", 'field "password_hash" is required', "generate one with grub2-mkpasswd-pbkdf2"),
  reuseByLabel: m(
    "butane.partition.reuse-by-label",
    "partitions cannot be reused by label; number must be specified except on boot disk (/dev/disk/by-id/coreos-boot-disk) or when wipe_table is true",
    "give the partition its number",
  ),
  mountPointForbidden: m(
    "butane.mount-unit.path-forbidden",
    "path must be under /etc or /var if with_mount_unit is true",
    "mount under /var or /etc",
  ),
  wrongPartitionNumber: m(
    "butane.partition.reserved-number",
    "incorrect partition number; a new partition will be created using reserved label",
    "use the number of the reserved partition (BIOS-BOOT/PReP 1, EFI-SYSTEM 2, boot 3, root 4)",
  ),
  rootTooSmall: m("butane.partition.root-too-small", "root should have 8GiB of space assigned", "give root at least 8192 MiB"),
  rootConstrained: m(
    "butane.partition.root-constrained",
    "root partition cannot expand; it is set to fill available space but is followed by an auto-positioned partition",
    "give root a size or place the following partition explicitly",
  ),
} as const;

/** OpenShift's limits: what the Machine Config Operator and RHCOS accept. */
export const OPENSHIFT_MSG = {
  nameRequired: m("butane.openshift.name", "metadata.name is required", "name the MachineConfig, e.g. 99-worker-custom"),
  roleRequired: m(
    "butane.openshift.role",
    "machineconfiguration.openshift.io/role label is required",
    "add the label machineconfiguration.openshift.io/role: worker (or master)",
  ),
  kernelType: m(
    "butane.openshift.kernel-type",
    'must be empty, "default", or "realtime"',
    "set kernel_type to default or realtime, or leave it out",
  ),
  cexKarg: m(
    "butane.openshift.cex-karg",
    "'rd.luks.key=/etc/luks/cex.key' must be set as kernel argument when CEX is enabled for the boot device",
    "add rd.luks.key=/etc/luks/cex.key to openshift.kernel_arguments",
  ),
  groups: m(
    "butane.openshift.groups",
    "groups are not supported in this spec version",
    "remove passwd.groups: the Machine Config Operator does not create groups",
  ),
  directories: m(
    "butane.openshift.directories",
    "directories are not supported in this spec version",
    "remove storage.directories: Ignition creates the parent directories of each file",
  ),
  append: m(
    "butane.openshift.append",
    "appending to files is not supported in this spec version",
    "write the whole file with contents instead",
  ),
  fileHeaders: m(
    "butane.openshift.headers",
    "file HTTP headers are not supported in this spec version",
    "remove http_headers and give the contents inline or with contents.local",
  ),
  links: m(
    "butane.openshift.links",
    "links are not supported in this spec version",
    "remove storage.links, or create the links with a systemd-tmpfiles.d file",
  ),
  compression: m(
    "butane.openshift.compression",
    "file compression is not supported in this spec version",
    "give the contents uncompressed",
  ),
  btrfs: m("butane.openshift.btrfs", "btrfs is not supported in this spec version", "use xfs or ext4"),
  specialModeBits: m(
    "butane.openshift.mode",
    "special mode bits are not supported in this spec version",
    "drop the setuid, setgid and sticky bits from the mode",
  ),
  userField: (since413: boolean) =>
    m(
      "butane.openshift.user-field",
      `fields other than "name", "ssh_authorized_keys", and "password_hash" (4.13.0+) are not supported in this spec version`,
      since413 ? "OpenShift manages only these user fields" : "OpenShift before 4.13 manages only name and ssh_authorized_keys",
    ),
  kernelArguments: m(
    "butane.openshift.kernel-arguments",
    "this section cannot be used for kernel arguments in this spec version; use openshift.kernel_arguments instead",
    "move the arguments to openshift.kernel_arguments",
  ),
  fileSource: m(
    "butane.openshift.file-source",
    "file contents source must be data URL in this spec version",
    "use inline or local contents",
  ),
  userName: m(
    "butane.openshift.user-name",
    'users other than "core" are not supported in this spec version',
    "configure the core user, the only one the Machine Config Operator manages",
  ),
  formatNone: m(
    "butane.openshift.format-none",
    'format "none" is not supported in this spec version',
    "give the filesystem a format, or leave the filesystem out",
  ),
} as const;
