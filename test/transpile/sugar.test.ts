// One test per sugar, with expectations derived by hand from Butane's rules.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { makeDataURL } from "../../src/translate/data-url.js";
import { unitNamePathEscape } from "../../src/translate/systemd-escape.js";
import { run } from "../helpers/transpile.js";

const head = (version = "1.6.0", variant = "fcos") => [`variant: ${variant}`, `version: ${version}`];

describe("data URLs", () => {
  test("percent-encoding, base64 or gzip: whichever is shortest", () => {
    expect(makeDataURL(Buffer.from("hello world\n"), undefined, true)).toEqual({ source: "data:,hello%20world%0A", compression: "" });
    // Mostly non-ASCII: base64 is shorter than %XX escapes.
    expect(makeDataURL(Buffer.from("éééééé"), undefined, true).source).toBe("data:;base64," + Buffer.from("éééééé").toString("base64"));
    const text = Buffer.from("line of text that repeats\n".repeat(40));
    const gz = makeDataURL(text, undefined, true);
    expect(gz.compression).toBe("gzip");
    expect(gunzipSync(Buffer.from(gz.source.slice("data:;base64,".length), "base64")).equals(text)).toBe(true);
    // The same bytes, but compression off (OpenShift 4.8/4.9) or chosen by the user.
    expect(makeDataURL(text, undefined, false).compression).toBe("");
    // The user already compressed it: never compressed again, only encoded (here base64 is shorter).
    expect(makeDataURL(text, "gzip", true)).toEqual({ source: "data:;base64," + text.toString("base64") });
    expect(makeDataURL(Buffer.from("abcdefghij".repeat(40)), "gzip", true)).toEqual({ source: "data:," + "abcdefghij".repeat(40) });
  });

  test("inline contents translate to a data URL with compression recorded", () => {
    const r = run([...head(), "storage:", "  files:", "    - path: /etc/motd", "      contents:", "        inline: hi"]);
    expect(r.json.storage.files[0].contents).toEqual({ compression: "", source: "data:,hi" });
  });

  test("fcos 1.0 always percent-encodes and records no compression", () => {
    const r = run([...head("1.0.0"), "storage:", "  files:", "    - path: /etc/motd", "      contents:", "        inline: 'x y'"]);
    expect(r.json.storage.files[0].contents).toEqual({ source: "data:,x%20y" });
  });
});

describe("local files", () => {
  const dir = mkdtempSync(join(tmpdir(), "kindling-local-"));
  writeFileSync(join(dir, "motd"), "welcome\n");
  test("read from the files directory", () => {
    const r = run([...head(), "storage:", "  files:", "    - path: /etc/motd", "      contents:", "        local: motd"], {
      filesDir: dir,
    });
    expect(r.json.storage.files[0].contents.source).toBe("data:,welcome%0A");
  });
  test("need -d and stay inside it", () => {
    const yaml = [...head(), "storage:", "  files:", "    - path: /etc/motd", "      contents:", "        local: ../motd"];
    expect(run(yaml).report).toEqual([
      "error at $.storage.files.0.contents.local, line 7 col 16: local file paths are relative to a files directory that must be specified with -d/--files-dir",
    ]);
    expect(run(yaml, { filesDir: dir }).report).toEqual([
      "error at $.storage.files.0.contents.local, line 7 col 16: local file path traverses outside the files directory",
    ]);
  });
  test("ssh_authorized_keys_local appends each non-empty line after inline keys", () => {
    writeFileSync(join(dir, "keys"), "ssh-ed25519 AAA one\r\n\nssh-ed25519 BBB two\n");
    const r = run(
      [
        ...head(),
        "passwd:",
        "  users:",
        "    - name: core",
        "      ssh_authorized_keys: [inline-key]",
        "      ssh_authorized_keys_local: [keys]",
      ],
      { filesDir: dir },
    );
    expect(r.json.passwd.users[0].sshAuthorizedKeys).toEqual(["inline-key", "ssh-ed25519 AAA one", "ssh-ed25519 BBB two"]);
  });
  test("contents_local fills unit contents verbatim", () => {
    writeFileSync(join(dir, "a.service"), "[Service]\nExecStart=/bin/true\n");
    const r = run([...head(), "systemd:", "  units:", "    - name: a.service", "      contents_local: a.service"], { filesDir: dir });
    expect(r.json.systemd.units[0].contents).toBe("[Service]\nExecStart=/bin/true\n");
  });
});

describe("mount units", () => {
  test("systemd path escaping", () => {
    expect(unitNamePathEscape("/var/lib/my-data")).toBe("var-lib-my\\x2ddata");
    expect(unitNamePathEscape("//var//.hidden/")).toBe("var-.hidden");
    expect(unitNamePathEscape("/.hidden")).toBe("\\x2ehidden");
    expect(unitNamePathEscape("/")).toBe("-");
  });
  test("a mount unit per filesystem, remote on a Tang-unlocked LUKS volume", () => {
    const r = run([
      ...head(),
      "storage:",
      "  luks:",
      "    - name: data",
      "      device: /dev/vdb",
      "      clevis:",
      "        tang: [{url: 'https://tang', thumbprint: t}]",
      "  filesystems:",
      "    - device: /dev/mapper/data",
      "      path: /var/data",
      "      format: xfs",
      "      mount_options: [noatime]",
      "      with_mount_unit: true",
      "    - device: /dev/vdc",
      "      format: swap",
      "      with_mount_unit: true",
    ]);
    expect(r.json.systemd.units).toEqual([
      {
        contents:
          "# Generated by Butane\n[Unit]\nRequires=systemd-fsck@dev-mapper-data.service\nAfter=systemd-fsck@dev-mapper-data.service\n\n[Mount]\nWhere=/var/data\nWhat=/dev/mapper/data\nType=xfs\nOptions=noatime,_netdev\n\n[Install]\nRequiredBy=remote-fs.target",
        enabled: true,
        name: "var-data.mount",
      },
      {
        contents: "# Generated by Butane\n[Swap]\nWhat=/dev/vdc\n\n[Install]\nRequiredBy=swap.target",
        enabled: true,
        name: "dev-vdc.swap",
      },
    ]);
  });
  test("a user unit of the same name is merged into the generated one", () => {
    const r = run([
      ...head(),
      "storage:",
      "  filesystems:",
      "    - {device: /dev/vdb, path: /var/d, format: ext4, with_mount_unit: true}",
      "systemd:",
      "  units:",
      "    - name: var-d.mount",
      "      contents: mine",
    ]);
    expect(r.json.systemd.units).toEqual([{ contents: "mine", enabled: true, name: "var-d.mount" }]);
  });
  test("fcos 1.6+: only under /etc or /var", () => {
    const yaml = [...head(), "storage:", "  filesystems:", "    - {device: /dev/vdb, path: /srv, format: ext4, with_mount_unit: true}"];
    expect(run(yaml).report).toEqual([
      "error at $.storage.filesystems.0.path, line 5 col 32: path must be under /etc or /var if with_mount_unit is true",
    ]);
    expect(run(["variant: fcos", "version: 1.5.0", ...yaml.slice(2)]).failure).toBeUndefined();
  });
});

describe("trees", () => {
  const dir = mkdtempSync(join(tmpdir(), "kindling-tree-"));
  mkdirSync(join(dir, "t", "bin"), { recursive: true });
  writeFileSync(join(dir, "t", "bin", "tool"), "#!/bin/sh\n");
  chmodSync(join(dir, "t", "bin", "tool"), 0o755);
  writeFileSync(join(dir, "t", "a.conf"), "a=1\n");
  symlinkSync("a.conf", join(dir, "t", "current"));

  test("files (mode from the executable bit) and symlinks, in walk order", () => {
    expect(lstatSync(join(dir, "t", "current")).isSymbolicLink()).toBe(true);
    const r = run([...head("1.5.0"), "storage:", "  trees:", "    - local: t", "      path: /opt/app"], { filesDir: dir });
    expect(r.json.storage.files).toEqual([
      { path: "/opt/app/a.conf", contents: { compression: "", source: "data:,a%3D1%0A" }, mode: 0o644 },
      { path: "/opt/app/bin/tool", contents: { compression: "", source: "data:,%23!%2Fbin%2Fsh%0A" }, mode: 0o755 },
    ]);
    expect(r.json.storage.links).toEqual([{ path: "/opt/app/current", target: "a.conf" }]);
  });
  test("fcos 1.7: directories with owners and modes", () => {
    const r = run(
      [...head("1.7.0"), "storage:", "  trees:", "    - local: t", "      path: /opt/app", "      dir_mode: 0700", "      user: {id: 7}"],
      {
        filesDir: dir,
      },
    );
    expect(r.json.storage.directories).toEqual([
      { path: "/opt/app", user: { id: 7 }, mode: 0o700 },
      { path: "/opt/app/bin", user: { id: 7 }, mode: 0o700 },
    ]);
  });
  test("a declared file without contents is completed; one with contents conflicts", () => {
    const base = [
      ...head("1.5.0"),
      "storage:",
      "  trees:",
      "    - local: t",
      "      path: /opt/app",
      "  files:",
      "    - path: /opt/app/a.conf",
    ];
    expect(run([...base, "      mode: 0600"], { filesDir: dir }).json.storage.files[0]).toEqual({
      path: "/opt/app/a.conf",
      contents: { compression: "", source: "data:,a%3D1%0A" },
      mode: 0o600,
    });
    expect(run([...base, "      contents: {inline: x}"], { filesDir: dir }).report).toEqual([
      "error at $.storage.trees.0, line 5 col 7: matching filesystem node has existing contents or different type",
    ]);
  });
});

describe("boot_device", () => {
  test("mirror on x86_64: BIOS, ESP, boot and root partitions on every disk, RAID1 for boot and root", () => {
    const r = run([...head(), "boot_device:", "  layout: x86_64", "  mirror:", "    devices: [/dev/vda, /dev/vdb]"]);
    expect(r.json.storage.disks[1]).toEqual({
      device: "/dev/vdb",
      partitions: [
        { label: "bios-2", sizeMiB: 1, typeGuid: "21686148-6449-6E6F-744E-656564454649" },
        { label: "esp-2", sizeMiB: 127, typeGuid: "C12A7328-F81F-11D2-BA4B-00A0C93EC93B" },
        { label: "boot-2", sizeMiB: 384 },
        { label: "root-2" },
      ],
      wipeTable: true,
    });
    expect(r.json.storage.raid.map((x: { name: string }) => x.name)).toEqual(["md-boot", "md-root"]);
    expect(r.json.storage.filesystems.at(-1)).toEqual({ device: "/dev/md/md-root", format: "xfs", label: "root", wipeFilesystem: true });
  });
  test("LUKS with TPM2 on the root partition", () => {
    const r = run([...head(), "boot_device:", "  luks:", "    tpm2: true"]);
    expect(r.json.storage.luks).toEqual([
      { clevis: { tpm2: true }, device: "/dev/disk/by-partlabel/root", label: "luks-root", name: "root", wipeVolume: true },
    ]);
  });
  test("checks: one mirror device, unknown layouts, s390x devices", () => {
    expect(run([...head(), "boot_device:", "  layout: x86_64", "  mirror:", "    devices: [/dev/vda]"]).report).toEqual([
      "error at $.boot_device.mirror.devices, line 6 col 14: mirroring requires at least two devices",
      "error at $.boot_device.mirror.devices, line 6 col 14: mirroring requires at least two devices",
    ]);
    expect(run([...head(), "boot_device:", "  layout: s390x-eckd", "  luks: {tpm2: true, device: /dev/sda}"]).report).toEqual([
      "error at $.boot_device.layout, line 4 col 11: device name must start with /dev/dasd on s390x-eckd layout or /dev/sd on s390x-zfcp layout",
    ]);
  });
});

describe("grub and quadlets", () => {
  test("grub users append a generated user.cfg on the boot filesystem", () => {
    const r = run([...head(), "grub:", "  users:", "    - name: root", "      password_hash: grub.pbkdf2.sha512.X"]);
    expect(r.json.storage.filesystems).toEqual([{ device: "/dev/disk/by-label/boot", format: "ext4", path: "/boot" }]);
    const append = r.json.storage.files[0].append[0];
    const body = decodeURIComponent(append.source.slice("data:,".length));
    expect(body).toBe('# Generated by Butane\n\nset superusers="root"\npassword_pbkdf2 root grub.pbkdf2.sha512.X\n');
  });
  test("quadlets become files, drop-ins and template links", () => {
    const r = run([
      ...head("1.8.0-experimental"),
      "systemd:",
      "  quadlets:",
      "    - name: web@.container",
      "      rootful: true",
      "      contents: x",
      "      dropins: [{name: 10.conf, contents: y}]",
      "    - name: web@1.container",
      "      rootful: true",
    ]);
    expect(r.json.storage.files.map((f: { path: string; mode: number }) => [f.path, f.mode])).toEqual([
      ["/etc/containers/systemd/web@.container", 0o644],
      ["/etc/containers/systemd/web@.container.d/10.conf", 0o644],
    ]);
    expect(r.json.storage.links).toEqual([{ path: "/etc/containers/systemd/web@1.container", target: "web@.container" }]);
  });
});
