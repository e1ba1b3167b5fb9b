// One test per validation rule, with small configs and the diagnostics
// Ignition gives them (paths and messages; positions are covered by the
// conformance suite and validate.test.ts).
import { describe, expect, test } from "vitest";
import { cfg, messages } from "../helpers/validate.js";

const storage = (version: string, s: Record<string, unknown>) => cfg(version, { storage: s });
const file = (f: Record<string, unknown>, version = "3.4.0") => storage(version, { files: [{ path: "/etc/f", ...f }] });

describe("paths", () => {
  test("missing, relative and unclean paths", () => {
    expect(messages(storage("3.4.0", { files: [{ path: "" }, { path: "etc/x" }, { path: "/etc//x/" }, { path: "/a/../b" }] }))).toEqual([
      "error $.storage.files.0.path: path not specified",
      "error $.storage.files.1.path: path not absolute",
      "error $.storage.files.2.path: path is not fully simplified",
      "error $.storage.files.3.path: path is not fully simplified",
    ]);
  });
  test("raid member devices and filesystem devices are paths too", () => {
    expect(
      messages(
        storage("3.4.0", {
          raid: [{ name: "md0", level: "raid1", devices: ["/dev/vda", "vdb"] }],
          filesystems: [{ device: "/dev/./vdc", format: "ext4", path: "mnt" }],
        }),
      ),
    ).toEqual([
      "error $.storage.filesystems.0.device: path is not fully simplified",
      "error $.storage.filesystems.0.path: path not absolute",
      "error $.storage.raid.0.devices.1: path not absolute",
    ]);
  });
});

describe("modes", () => {
  test("modes outside 0..07777 are illegal", () => {
    expect(messages(file({ mode: 4096 }, "3.6.0"))).toEqual(["error $.storage.files.0.mode: illegal file mode"]);
    expect(messages(file({ mode: 420 }, "3.6.0"))).toEqual([]);
  });
  test("special bits warn before 3.6.0 and are fine from 3.6.0", () => {
    const w = "warning $.storage.files.0.mode: setuid/setgid/sticky bits are not supported or functional in spec versions older than 3.6.0";
    expect(messages(file({ mode: 0o4755 }, "3.5.0"))).toEqual([w]);
    expect(messages(file({ mode: 0o4755 }, "3.6.0"))).toEqual([]);
    expect(messages(storage("3.0.0", { directories: [{ path: "/d", mode: 0o1777 }] }))).toEqual([w.replace("files", "directories")]);
  });
  test("a mode beyond 64-bit floats keeps its exact bits", () => {
    const text = '{"ignition":{"version":"3.5.0"},"storage":{"files":[{"path":"/f","mode":9223372036854775807}]}}';
    expect(messages(text)).toEqual([
      "error $.storage.files.0.mode: illegal file mode",
      "warning $.storage.files.0.mode: setuid/setgid/sticky bits are not supported or functional in spec versions older than 3.6.0",
    ]);
  });
});

describe("files, links and owners", () => {
  test("overwrite needs a source (an empty source counts as one)", () => {
    expect(messages(file({ overwrite: true }))).toEqual([
      "error $.storage.files.0.overwrite: overwrite must be false if source is unspecified",
    ]);
    expect(messages(file({ overwrite: true, contents: { source: "" } }))).toEqual([]);
  });
  test("owners take an id or a name, not both", () => {
    expect(messages(file({ user: { id: 0, name: "root" }, group: { id: 0, name: "" } }))).toEqual([
      "error $.storage.files.0.user: cannot set both id and name",
    ]);
  });
  test("nothing may be written through a link the config creates", () => {
    expect(
      messages(
        storage("3.4.0", {
          links: [
            { path: "/a", target: "/t" },
            { path: "/a/l", target: "/t2" },
          ],
          files: [{ path: "/a/f" }, { path: "/ab/f" }],
          directories: [{ path: "/a/d" }],
        }),
      ),
    ).toEqual([
      "error $.storage.directories.0: directory path includes link in config",
      "error $.storage.files.0: file path includes link in config",
      "error $.storage.links.1: link path includes link in config",
    ]);
  });
  test("links need a target from 3.3.0 (before, target was a plain required string)", () => {
    expect(messages(storage("3.3.0", { links: [{ path: "/l" }] }))).toEqual(["error $.storage.links.0.target: link target is required"]);
    expect(messages(storage("3.2.0", { links: [{ path: "/l" }] }))).toEqual([]);
  });
  test("hard links: not to directories (relative targets resolved), owners ignored", () => {
    expect(
      messages(
        storage("3.4.0", {
          directories: [{ path: "/srv/d" }],
          links: [
            { path: "/srv/h", target: "/srv/d", hard: true },
            { path: "/srv/x/h", target: "../d", hard: true, user: { id: 1 }, group: { name: "g" } },
          ],
        }),
      ),
    ).toEqual([
      "error $.storage.links.0: hard link target is a directory",
      "warning $.storage.links.1.group.name: user/group ignored for hard link",
      "warning $.storage.links.1.user.id: user/group ignored for hard link",
    ]);
  });
  test("storage paths may not replace units and drop-ins with contents", () => {
    expect(
      messages(
        cfg("3.4.0", {
          storage: {
            files: [{ path: "/etc/systemd/system/a.service" }],
            links: [{ path: "/etc/systemd/system/b.service", target: "/dev/null" }],
          },
          systemd: {
            units: [
              { name: "a.service", contents: "[Unit]\n" },
              { name: "b.service", mask: true },
            ],
          },
        }),
      ),
    ).toEqual(["error $.storage.files.0.path: path conflicts with systemd unit or dropin"]);
  });
});

describe("resources and URLs", () => {
  const src = (source: string, version = "3.4.0") => messages(file({ contents: { source } }, version));
  test("schemes by spec version", () => {
    expect(src("gs://b/o", "3.1.0")).toEqual(["error $.storage.files.0.contents.source: invalid url scheme"]);
    expect(src("gs://b/o", "3.2.0")).toEqual([]);
    expect(src("arn:aws:s3:::b/o", "3.3.0")).toEqual(["error $.storage.files.0.contents.source: invalid url scheme"]);
    expect(src("arn:aws:s3:::b/o", "3.4.0")).toEqual([]);
    expect(src("ftp://h/f")).toEqual(["error $.storage.files.0.contents.source: invalid url scheme"]);
    expect(src("https://exa mple/f")).toEqual(["error $.storage.files.0.contents.source: unable to parse url"]);
  });
  test("S3 version ids and ARNs", () => {
    expect(src("s3://b/k?versionId=")).toEqual(["error $.storage.files.0.contents.source: invalid S3 object VersionId"]);
    expect(src("arn:aws:s3:::bucket")).toEqual(["error $.storage.files.0.contents.source: invalid S3 ARN format"]);
    expect(src("arn:aws:s3:us-east-1:1:accesspoint/ap")).toEqual(["error $.storage.files.0.contents.source: invalid S3 ARN format"]);
    expect(src("arn:aws:s3:us-east-1:1:accesspoint/ap/object/k")).toEqual([]);
  });
  test("data URLs must decode", () => {
    expect(src("data:,ok%20")).toEqual([]);
    expect(src("data:;base64,aGVsbG8")).toEqual(["error $.storage.files.0.contents.source: illegal base64 data at input byte 4"]);
  });
  test("compression and verification", () => {
    expect(messages(file({ contents: { source: "https://e/f", compression: "xz" } }))).toEqual([
      "error $.storage.files.0.contents.compression: invalid compression method",
    ]);
    expect(messages(file({ contents: { verification: { hash: "sha512-" + "0".repeat(128) } } }))).toEqual([
      "error $.storage.files.0.contents.verification.hash: source must be specified if verification is specified",
    ]);
  });
  test("hashes: function by version, digest length, form", () => {
    const hash = (h: string, version = "3.4.0") =>
      messages(file({ contents: { source: "https://e/f", verification: { hash: h } } }, version));
    const at = "error $.storage.files.0.contents.verification.hash: ";
    expect(hash("sha256-" + "a".repeat(64), "3.0.0")).toEqual([at + "unrecognized hash function"]);
    expect(hash("sha256-" + "a".repeat(64), "3.1.0")).toEqual([]);
    expect(hash("sha512-abc")).toEqual([at + "incorrect size for hash sum"]);
    expect(hash("sha512")).toEqual([at + "malformed hash specifier"]);
    expect(hash("md5-" + "a".repeat(32))).toEqual([at + "unrecognized hash function"]);
  });
  test("HTTP headers: names, values, schemes", () => {
    const headers = (source: string, h: unknown[]) => messages(file({ contents: { source, httpHeaders: h } }));
    expect(headers("https://e/f", [{ name: "", value: "v" }, { name: "A", value: "" }, { name: "B" }])).toEqual([
      "error $.storage.files.0.contents.httpHeaders.0.name: HTTP header name can't be empty",
      "error $.storage.files.0.contents.httpHeaders.1.value: unable to parse HTTP header",
    ]);
    expect(headers("s3://b/k", [{ name: "A", value: "v" }])).toEqual([
      "error $.storage.files.0.contents.httpHeaders: cannot use HTTP headers with this source scheme",
    ]);
  });
  test("merged configs and CA bundles need a source from 3.1.0", () => {
    const c = (version: string) =>
      cfg(version, { ignition: { version, config: { merge: [{}] }, security: { tls: { certificateAuthorities: [{ source: "" }] } } } });
    expect(messages(c("3.1.0"))).toEqual([
      "error $.ignition.config.merge.0: source is required",
      "error $.ignition.security.tls.certificateAuthorities.0: source is required",
    ]);
    // 3.0.0: merge sources are optional; a CA source is a plain string and is always checked.
    expect(messages(c("3.0.0"))).toEqual(["error $.ignition.security.tls.certificateAuthorities.0.source: invalid url scheme"]);
  });
  test("proxies", () => {
    expect(messages(cfg("3.4.0", { ignition: { version: "3.4.0", proxy: { httpProxy: "socks5://p", httpsProxy: "http://p" } } }))).toEqual([
      "error $.ignition.proxy.httpProxy: proxies must be http(s)",
      "warning $.ignition.proxy.httpsProxy: insecure plaintext HTTP proxy specified for HTTPS resources",
    ]);
  });
});

describe("disks and partitions", () => {
  const disk = (partitions: unknown[], extra: Record<string, unknown> = {}) =>
    messages(storage("3.4.0", { disks: [{ device: "/dev/vda", partitions, ...extra }] }));
  test("a disk needs a device", () => {
    expect(messages(storage("3.4.0", { disks: [{ device: "" }] }))).toEqual(["error $.storage.disks.0.device: disk device is required"]);
  });
  test("numbers collide, labels repeat, partitions overlap", () => {
    expect(disk([{ number: 1 }, { number: 1 }])).toEqual([
      "error $.storage.disks.0.partitions.1: duplicate entry defined",
      "error $.storage.disks.0.partitions.1: partition numbers collide",
    ]);
    expect(
      disk([
        { number: 1, label: "x" },
        { number: 2, label: "x" },
      ]),
    ).toEqual(["error $.storage.disks.0.partitions.1: cannot use the same partition label twice"]);
    expect(
      disk([
        { number: 1, startMiB: 10, sizeMiB: 10 },
        { number: 2, startMiB: 15, sizeMiB: 0 },
      ]),
    ).toEqual(["error $.storage.disks.0.partitions.1: partitions overlap"]);
    // Start 0 means "let sgdisk place it", so it is never checked.
    expect(
      disk([
        { number: 1, startMiB: 0, sizeMiB: 10 },
        { number: 2, startMiB: 0, sizeMiB: 10 },
      ]),
    ).toEqual([]);
  });
  test("partitions to delete take nothing else, and rule out unnumbered partitions", () => {
    expect(disk([{ number: 1, shouldExist: false, sizeMiB: 0 }, { label: "new" }])).toEqual([
      "error $.storage.disks.0.partitions.0: shouldExist specified false with other options also specified",
      "error $.storage.disks.0.partitions: shouldExist is false for a partition and other partition(s) has start or size 0",
    ]);
  });
  test("labels, numbers and GUIDs", () => {
    expect(disk([{ sizeMiB: 1 }, { number: 2, label: "a:b" }, { number: 3, label: "é".repeat(19), guid: "x", typeGuid: "" }])).toEqual([
      "error $.storage.disks.0.partitions.0: a partition number >= 1 or a label must be specified",
      "error $.storage.disks.0.partitions.1.label: partition label will be truncated to text before the colon",
      'error $.storage.disks.0.partitions.2.guid: doesn\'t match the form "01234567-89AB-CDEF-EDCB-A98765432101"',
      "error $.storage.disks.0.partitions.2.label: partition labels may not exceed 36 characters",
    ]);
  });
});

describe("filesystems", () => {
  const fs = (f: Record<string, unknown>, version = "3.4.0") => messages(storage(version, { filesystems: [{ device: "/dev/vdb", ...f }] }));
  test("formats by version", () => {
    expect(fs({ format: "none" }, "3.2.0")).toEqual(["error $.storage.filesystems.0.format: invalid filesystem format"]);
    expect(fs({ format: "none" }, "3.3.0")).toEqual([]);
    expect(fs({ format: "zfs" })).toEqual(["error $.storage.filesystems.0.format: invalid filesystem format"]);
  });
  test("format is needed by path, label, uuid, wipe and options", () => {
    expect(fs({ label: "L" })).toEqual([
      "error $.storage.filesystems.0.format: format cannot be empty when path, label, uuid, wipeFilesystem, options, or mountOptions is specified",
      "error $.storage.filesystems.0.label: filesystem must specify format if label is specified",
    ]);
  });
  test("label length by format", () => {
    expect(fs({ format: "xfs", label: "x".repeat(13) })).toEqual([
      "error $.storage.filesystems.0.label: filesystem labels cannot be longer than 12 characters when using xfs",
    ]);
    expect(fs({ format: "ext4", label: "x".repeat(16) })).toEqual([]);
  });
  test("whole-disk filesystems warn", () => {
    expect(
      messages(
        storage("3.4.0", {
          disks: [
            { device: "/dev/a", wipeTable: true },
            { device: "/dev/b", partitions: [{ number: 1 }] },
          ],
          filesystems: [
            { device: "/dev/a", format: "ext4" },
            { device: "/dev/b", format: "ext4" },
          ],
        }),
      ),
    ).toEqual([
      "warning $.storage.filesystems.0.device: device matches disk with wipeTable enabled; filesystem will be wiped",
      "warning $.storage.filesystems.1.device: filesystem overwrites partitioned device",
    ]);
  });
});

describe("raid", () => {
  const raid = (r: Record<string, unknown>, version = "3.4.0") =>
    messages(storage(version, { raid: [{ name: "md", devices: ["/dev/a"], ...r }] }));
  test("level required from 3.3.0, unrecognized before", () => {
    expect(raid({})).toEqual(["error $.storage.raid.0.level: raid level is required"]);
    expect(raid({}, "3.2.0")).toEqual(["error $.storage.raid.0.level: unrecognized raid level"]);
    expect(raid({ level: "RAID1" })).toEqual(["error $.storage.raid.0.level: unrecognized raid level"]);
  });
  test("spares and devices", () => {
    expect(raid({ level: "stripe", spares: 1 })).toEqual(["error $.storage.raid.0.level: spares unsupported for linear and raid0 arrays"]);
    expect(raid({ level: "raid5", devices: [] })).toEqual(["error $.storage.raid.0.devices: raid devices required"]);
  });
});

describe("luks and clevis", () => {
  const luks = (l: Record<string, unknown>, version = "3.5.0") =>
    messages(storage(version, { luks: [{ name: "v", device: "/dev/vdb", ...l }] }));
  test("names, labels, devices, key files", () => {
    expect(luks({ name: "a/b", label: "x".repeat(48), device: "", keyFile: { source: "ftp://k" } })).toEqual([
      "error $.storage.luks.0.device: disk device is required",
      "error $.storage.luks.0.keyFile.source: invalid url scheme",
      "error $.storage.luks.0.keys: invalid key-file source",
      "error $.storage.luks.0.label: luks device labels cannot be longer than 47 characters",
      "error $.storage.luks.0.name: device names cannot contain slashes",
    ]);
  });
  test("custom pins: exclusive, restricted until 3.6.0, need pin and config", () => {
    expect(luks({ clevis: { custom: { pin: "tpm2", config: "{}" }, tpm2: true } })).toEqual([
      "error $.storage.luks.0.clevis: cannot use custom clevis config with tpm2, tang, or threshold",
    ]);
    expect(luks({ clevis: { custom: { pin: "fido2", config: "{}" } } })).toEqual([
      "error $.storage.luks.0.clevis.custom.pin: unsupported clevis pin",
    ]);
    expect(luks({ clevis: { custom: { pin: "fido2", config: "{}" } } }, "3.6.0")).toEqual([]);
    expect(luks({ clevis: { custom: { needsNetwork: true } } })).toEqual([
      "error $.storage.luks.0.clevis.custom.config: missing required custom clevis config",
      "error $.storage.luks.0.clevis.custom.pin: missing required custom clevis pin",
    ]);
  });
  test("spec 3.2.0: custom is a pointer with plain strings", () => {
    expect(luks({ clevis: { custom: { pin: "", config: "{}" } } }, "3.2.0")).toEqual([
      "error $.storage.luks.0.clevis.custom.pin: unsupported clevis pin",
    ]);
    expect(luks({ clevis: { custom: {}, tpm2: true } }, "3.2.0")).toEqual([
      "error $.storage.luks.0.clevis: cannot use custom clevis config with tpm2, tang, or threshold",
    ]);
    expect(luks({ clevis: { custom: {}, tpm2: true } }, "3.3.0")).toEqual([]);
  });
  test("tang servers", () => {
    expect(luks({ clevis: { tang: [{ url: "tftp://t" }, { url: "https://t", thumbprint: "x", advertisement: "{" }] } })).toEqual([
      "error $.storage.luks.0.clevis.tang.0.thumbprint: thumbprint is required",
      "error $.storage.luks.0.clevis.tang.0.url: invalid url scheme",
      "error $.storage.luks.0.clevis.tang.1.advertisement: advertisement is not valid JSON",
    ]);
  });
  test("cex excludes clevis and key files", () => {
    expect(luks({ cex: { enabled: true }, clevis: { threshold: 1 }, keyFile: { source: "data:,k" } })).toEqual([
      "error $.storage.luks.0.cex: cannot use cex with clevis",
      "error $.storage.luks.0.cex: cannot use key file with cex",
    ]);
  });
});

describe("systemd", () => {
  const units = (u: unknown[], version = "3.4.0") => messages(cfg(version, { systemd: { units: u } }));
  test("unit and drop-in names", () => {
    expect(units([{ name: "a.serv" }, { name: "b.service", dropins: [{ name: "x.txt" }] }])).toEqual([
      "error $.systemd.units.0.name: invalid systemd unit extension",
      "error $.systemd.units.1.dropins.0.name: invalid systemd drop-in extension",
    ]);
  });
  test("unit contents must parse", () => {
    expect(
      units([
        { name: "a.service", contents: "[Unit" },
        { name: "b.service", contents: "[Unit] x\n" },
      ]),
    ).toEqual([
      "error $.systemd.units.0.contents: invalid unit content: unable to find end of section",
      'error $.systemd.units.1.contents: invalid unit content: found garbage after section name : "x"',
    ]);
  });
  test("enabled units and instances need an [Install] section", () => {
    expect(
      units([
        { name: "a.service", enabled: true, contents: "[Service]\nExecStart=/bin/true\n" },
        { name: "t@.service", contents: "[Service]\nExecStart=/bin/true\n" },
        { name: "t@1.service", enabled: true },
        { name: "ok.service", enabled: true, contents: "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n" },
      ]),
    ).toEqual([
      'warning $.systemd.units.0.contents: unit "a.service" is enabled, but has no install section so enable does nothing',
      'warning $.systemd.units.2.contents: template unit "t@.service" for "t@1.service" doesn\'t have Install section',
    ]);
  });
});

describe("duplicates", () => {
  test("files, directories and links share one key space", () => {
    expect(
      messages(storage("3.4.0", { directories: [{ path: "/x" }], files: [{ path: "/x" }], links: [{ path: "/x", target: "/y" }] })),
    ).toEqual(["error $.storage.files.0: duplicate entry defined", "error $.storage.links.0: duplicate entry defined"]);
  });
  test("kernel arguments are unique across both lists; appends and options may repeat", () => {
    expect(
      messages(
        cfg("3.4.0", {
          kernelArguments: { shouldExist: ["a"], shouldNotExist: ["a"] },
          storage: {
            files: [{ path: "/f", append: [{ source: "data:,x" }, { source: "data:,x" }] }],
            filesystems: [{ device: "/dev/a", format: "ext4", options: ["-F", "-F"] }],
          },
        }),
      ),
    ).toEqual(["error $.kernelArguments.shouldNotExist.0: duplicate entry defined"]);
  });
  test("users, groups, SSH keys and units by name or value", () => {
    expect(
      messages(
        cfg("3.4.0", {
          passwd: { users: [{ name: "u", sshAuthorizedKeys: ["k", "k"] }, { name: "u" }], groups: [{ name: "g" }, { name: "g" }] },
        }),
      ),
    ).toEqual([
      "error $.passwd.groups.1: duplicate entry defined",
      "error $.passwd.users.0.sshAuthorizedKeys.1: duplicate entry defined",
      "error $.passwd.users.1: duplicate entry defined",
    ]);
  });
});

describe("unknown keys", () => {
  test("keys of newer specs and misspellings warn; case variants still decode", () => {
    expect(
      messages(cfg("3.2.0", { kernelArguments: { shouldExist: ["x"] }, storage: { files: [{ Path: "/ignored", path: "/f", modee: 1 }] } })),
    ).toEqual([
      "warning $.kernelArguments: unused key kernelArguments",
      "warning $.storage.files.0.Path: unused key Path",
      "warning $.storage.files.0.modee: unused key modee",
    ]);
  });
  test("null where an object belongs", () => {
    expect(messages('{"ignition":{"version":"3.4.0"},"storage":{"files":[{"path":"/f","contents":null}]}}')).toEqual([
      "warning $.storage.files.0.contents: context tree does not match content tree at $.storage.files.0.contents. Line and column reporting may be inconsistent. Unused keys may not be reported",
    ]);
  });
});
