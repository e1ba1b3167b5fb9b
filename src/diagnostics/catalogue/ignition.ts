/**
 * The catalogue of Ignition diagnostics: a stable code, the text exactly as
 * ignition-validate words it (so reports stay byte-compatible), and a hint in
 * our words on how to fix it.
 */
import { goQuote } from "../../gocompat/quote.js";
import { LATEST_STABLE, specRangeText } from "../../ignition/versions.js";
import { m } from "../message.js";

export const MSG = {
  // parsing and versions
  empty: m("ignition.parse.empty", "not a config (empty)", "the input is empty; give an Ignition JSON config"),
  /** Go's encoding/json error for the input, positioned by the caller. */
  json: (text: string) =>
    m("ignition.parse.json", text, "fix the JSON at this position: its syntax, or the type of the value the message names"),
  invalidVersion: m(
    "ignition.version.invalid",
    "invalid config version (couldn't parse)",
    `set ignition.version to a spec version such as "${LATEST_STABLE}"`,
  ),
  unknownVersion: m(
    "ignition.version.unsupported",
    "unsupported config version",
    `use one of the spec versions ${specRangeText((x) => ` (or ${x})`)}; 2.x configs must be translated first`,
  ),
  duplicate: m("ignition.duplicate", "duplicate entry defined", "remove the repeated entry or give it a different key"),
  contextMismatch: (path: string) =>
    m(
      "ignition.tree.mismatch",
      `context tree does not match content tree at ${path}. Line and column reporting may be inconsistent. Unused keys may not be reported`,
      "replace null with an object, or remove the key",
    ),
  unusedKey: (key: string) =>
    m("ignition.key.unused", `unused key ${key}`, "this key is not part of this spec version; check its spelling and case"),

  // paths and modes
  noPath: m("ignition.path.missing", "path not specified", "set an absolute path such as /etc/example"),
  pathRelative: m("ignition.path.relative", "path not absolute", "paths must start with /"),
  dirtyPath: m("ignition.path.unclean", "path is not fully simplified", "remove '.', '..', repeated and trailing slashes"),
  illegalMode: m(
    "ignition.mode.illegal",
    "illegal file mode",
    "modes are octal permission bits from 0 to 07777 (write 420 for 0644 in JSON)",
  ),
  modeSpecialBits: m(
    "ignition.mode.special-bits",
    "setuid/setgid/sticky bits are not supported or functional in spec versions older than 3.6.0",
    "drop the setuid/setgid/sticky bits or use spec 3.6.0",
  ),
  bothIdAndName: m("ignition.owner.id-and-name", "cannot set both id and name", "give either the numeric id or the name"),
  overwriteNoSource: m(
    "ignition.file.overwrite-without-source",
    "overwrite must be false if source is unspecified",
    "add contents.source or set overwrite to false",
  ),
  pathConflictsSystemd: m(
    "ignition.storage.conflicts-systemd",
    "path conflicts with systemd unit or dropin",
    "write this unit through systemd.units instead of a storage entry",
  ),
  fileUsedSymlink: m(
    "ignition.storage.file-under-link",
    "file path includes link in config",
    "a parent of this path is a link; use the link's target path",
  ),
  directoryUsedSymlink: m(
    "ignition.storage.directory-under-link",
    "directory path includes link in config",
    "a parent of this path is a link; use the link's target path",
  ),
  linkUsedSymlink: m(
    "ignition.storage.link-under-link",
    "link path includes link in config",
    "a parent of this path is a link; use the link's target path",
  ),
  linkTargetRequired: m("ignition.link.target-required", "link target is required", "set target to the path the link points to"),
  hardLinkToDirectory: m(
    "ignition.link.hard-to-directory",
    "hard link target is a directory",
    "hard links cannot point at directories; use a symbolic link",
  ),
  hardLinkOwner: m(
    "ignition.link.hard-owner",
    "user/group ignored for hard link",
    "a hard link shares its target's owner; remove user/group",
  ),

  // resources
  sourceRequired: m("ignition.source.required", "source is required", "set source to a URL (http, https, tftp, s3, gs, arn or data)"),
  invalidScheme: m("ignition.url.scheme", "invalid url scheme", "use http, https, tftp, s3, a data URL, or gs (3.2+) / arn (3.4+)"),
  invalidUrl: m("ignition.url.invalid", "unable to parse url", "the URL is malformed; percent-encode spaces and reserved characters"),
  dataUrl: (text: string) => m("ignition.url.data", text, "the data URL does not decode; see RFC 2397"),
  s3VersionId: m("ignition.url.s3-version-id", "invalid S3 object VersionId", "give versionId a value or remove it"),
  s3Arn: m("ignition.url.s3-arn", "invalid S3 ARN format", "use arn:aws:s3:::bucket/key or an access point ARN with an object path"),
  arnParse: (text: string) => m("ignition.url.arn-parse", text, "write the ARN as arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"),
  compressionInvalid: m("ignition.compression.invalid", "invalid compression method", 'compression must be "" or "gzip"'),
  verificationNoSource: m(
    "ignition.verification.without-source",
    "source must be specified if verification is specified",
    "add a source or remove verification",
  ),
  headersScheme: m(
    "ignition.headers.scheme",
    "cannot use HTTP headers with this source scheme",
    "httpHeaders only apply to http and https sources",
  ),
  headerNameEmpty: m("ignition.headers.name-empty", "HTTP header name can't be empty", "give the header a name"),
  headerInvalid: m(
    "ignition.headers.value-empty",
    "unable to parse HTTP header",
    "give the header a value, or omit value to remove an inherited header",
  ),
  hashMalformed: m("ignition.hash.malformed", "malformed hash specifier", "write the hash as <function>-<hex digest>, e.g. sha512-…"),
  hashWrongSize: m("ignition.hash.size", "incorrect size for hash sum", "the digest length does not match the hash function"),
  hashUnrecognized: m("ignition.hash.function", "unrecognized hash function", "use sha512 (or sha256 from spec 3.1.0)"),
  invalidProxy: m("ignition.proxy.scheme", "proxies must be http(s)", "use an http:// or https:// proxy URL"),
  insecureProxy: m(
    "ignition.proxy.insecure",
    "insecure plaintext HTTP proxy specified for HTTPS resources",
    "use an https:// proxy for HTTPS traffic",
  ),

  // disks, partitions, filesystems, raid, luks
  diskDeviceRequired: m("ignition.device.required", "disk device is required", "set device, e.g. /dev/disk/by-id/…"),
  partitionNumbersCollide: m("ignition.partition.numbers-collide", "partition numbers collide", "give each partition its own number"),
  partitionsOverlap: m("ignition.partition.overlap", "partitions overlap", "adjust startMiB and sizeMiB so the partitions do not overlap"),
  zeroesWithShouldNotExist: m(
    "ignition.partition.zero-with-should-not-exist",
    "shouldExist is false for a partition and other partition(s) has start or size 0",
    "give every partition an explicit number when another one is deleted",
  ),
  duplicateLabels: m(
    "ignition.partition.duplicate-label",
    "cannot use the same partition label twice",
    "give each partition its own label",
  ),
  shouldNotExistWithOthers: m(
    "ignition.partition.should-not-exist-with-others",
    "shouldExist specified false with other options also specified",
    "a partition to delete takes only number (and wipePartitionEntry)",
  ),
  needLabelOrNumber: m("ignition.partition.label-or-number", "a partition number >= 1 or a label must be specified", "set number or label"),
  partitionLabelTooLong: m(
    "ignition.partition.label-length",
    "partition labels may not exceed 36 characters",
    "shorten the label to 36 bytes",
  ),
  partitionLabelColon: m(
    "ignition.partition.label-colon",
    "partition label will be truncated to text before the colon",
    "remove ':' from the label",
  ),
  guid: m(
    "ignition.partition.guid",
    'doesn\'t match the form "01234567-89AB-CDEF-EDCB-A98765432101"',
    "write the GUID as 8-4-4-4-12 hex digits",
  ),
  filesystemFormat: m("ignition.filesystem.format", "invalid filesystem format", "use ext4, btrfs, xfs, swap, vfat (or none from 3.3.0)"),
  labelNeedsFormat: m("ignition.filesystem.label-needs-format", "filesystem must specify format if label is specified", "set format"),
  formatNilWithOthers: m(
    "ignition.filesystem.format-required",
    "format cannot be empty when path, label, uuid, wipeFilesystem, options, or mountOptions is specified",
    "set format",
  ),
  filesystemLabelTooLong: (max: number, format: string) =>
    m(
      "ignition.filesystem.label-length",
      `filesystem labels cannot be longer than ${max} characters when using ${format}`,
      `shorten the label to ${max} bytes`,
    ),
  partitionsOverwritten: m(
    "ignition.filesystem.overwrites-partitions",
    "filesystem overwrites partitioned device",
    "point the filesystem at a partition, not the whole disk",
  ),
  filesystemImplicitWipe: m(
    "ignition.filesystem.implicit-wipe",
    "device matches disk with wipeTable enabled; filesystem will be wiped",
    "set wipeFilesystem: true to make the wipe explicit",
  ),
  raidLevelRequired: m("ignition.raid.level-required", "raid level is required", "set level, e.g. raid1"),
  raidLevelUnknown: m("ignition.raid.level", "unrecognized raid level", "use linear, raid0, raid1, raid4, raid5, raid6 or raid10"),
  raidSpares: m("ignition.raid.spares", "spares unsupported for linear and raid0 arrays", "remove spares or use a redundant level"),
  raidDevicesRequired: m("ignition.raid.devices-required", "raid devices required", "list the member devices"),
  luksLabelTooLong: m(
    "ignition.luks.label-length",
    "luks device labels cannot be longer than 47 characters",
    "shorten the label to 47 bytes",
  ),
  luksNameSlash: m(
    "ignition.luks.name-slash",
    "device names cannot contain slashes",
    "the name becomes /dev/mapper/<name>; drop the slash",
  ),
  luksKeyFile: m("ignition.luks.key-file", "invalid key-file source", "fix keyFile.source"),
  clevisPinRequired: m("ignition.clevis.pin-required", "missing required custom clevis pin", "set pin"),
  clevisPinUnknown: m("ignition.clevis.pin", "unsupported clevis pin", "use tpm2, tang or sss (any pin from spec 3.6.0)"),
  clevisConfigRequired: m(
    "ignition.clevis.config-required",
    "missing required custom clevis config",
    "set config to the pin's JSON configuration",
  ),
  clevisCustomWithOthers: m(
    "ignition.clevis.custom-with-others",
    "cannot use custom clevis config with tpm2, tang, or threshold",
    "use either custom or tpm2/tang/threshold",
  ),
  tangThumbprintRequired: m("ignition.tang.thumbprint-required", "thumbprint is required", "set the Tang server's key thumbprint"),
  tangAdvertisement: m(
    "ignition.tang.advertisement",
    "advertisement is not valid JSON",
    "paste the server's advertisement JSON as a string",
  ),
  cexWithClevis: m("ignition.luks.cex-with-clevis", "cannot use cex with clevis", "use either cex or clevis"),
  cexWithKeyFile: m("ignition.luks.cex-with-key-file", "cannot use key file with cex", "remove keyFile when cex is enabled"),

  // systemd
  unitExtension: m(
    "ignition.unit.extension",
    "invalid systemd unit extension",
    "end the name in .service, .socket, .device, .mount, .automount, .swap, .target, .path, .timer, .snapshot, .slice or .scope",
  ),
  dropinExtension: m("ignition.dropin.extension", "invalid systemd drop-in extension", "end the drop-in name in .conf"),
  unitContents: (detail: string) => m("ignition.unit.contents", `invalid unit content: ${detail}`, "fix the unit file syntax"),
  noInstallSection: (name: string) =>
    m(
      "ignition.unit.no-install",
      `unit ${goQuote(name)} is enabled, but has no install section so enable does nothing`,
      "add an [Install] section (e.g. WantedBy=multi-user.target) or drop enabled",
    ),
  templateNoInstall: (template: string, instance: string) =>
    m(
      "ignition.unit.template-no-install",
      `template unit ${goQuote(template)} for ${goQuote(instance)} doesn't have Install section`,
      "add an [Install] section to the template unit",
    ),

  // moving a config between spec versions (kindling's own: ignition-validate does not convert)
  unsupportedField: (field: string, version: string, addedIn: string | undefined) =>
    m(
      "ignition.convert.unsupported-field",
      `${field} is not supported in spec ${version}`,
      addedIn ? `${field} needs spec ${addedIn} or newer` : `spec ${version} has no such field`,
    ),
  invalidInTarget: (text: string, from: string, to: string) =>
    m("ignition.convert.invalid-in-target", text, `valid in spec ${from} but not in spec ${to}`),
} as const;
