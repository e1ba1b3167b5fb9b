// The script target on files, directories and links, run by dash and by
// busybox sh against a temporary root.

import { readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, test } from "vitest";
import { apply, dataUrl, makeRoot, put, read, requireShell, runScript, SHELLS, scriptFor, stat } from "./script-root.js";

describe.each(SHELLS)("script target under %s: files, directories, links", (_, shell) => {
  beforeAll(() => requireShell(shell));

  test("contents byte for byte: text, binary with NULs, no final newline, gzip, hostile paths", () => {
    const root = makeRoot();
    const binary = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
    const hostile = `/opt/it's "$HOME" \`id\` $(id)\nx %s \\`;
    const files: Record<string, Uint8Array> = {
      "/etc/motd": Buffer.from("Welcome to $HOSTNAME `uname`\n\tit's 100% \\ fine\nKINDLING_EOF\n"),
      "/etc/binary.bin": binary,
      "/etc/no-newline": Buffer.from("last line has no newline"),
      "/etc/empty": new Uint8Array(),
      "/var/deep/a/b/c.txt": Buffer.from("deep\n"),
      [hostile]: Buffer.from("hostile\n"),
    };
    const gz = "line\n".repeat(200);
    apply(
      shell,
      {
        storage: {
          files: [
            ...Object.entries(files).map(([path, bytes]) => ({ path, contents: { source: dataUrl(bytes) } })),
            { path: "/etc/gzipped", contents: { source: dataUrl(gzipSync(gz)), compression: "gzip" } },
          ],
        },
      },
      root,
    );
    for (const [path, bytes] of Object.entries(files)) expect(readFileSync(join(root, path)), path).toEqual(Buffer.from(bytes));
    expect(read(root, "/etc/gzipped")).toBe(gz);
    expect(stat(root, "/var/deep/a/b")).toMatchObject({ mode: 0o755, uid: 0, gid: 0 });
    expect(stat(root, "/etc/motd")).toMatchObject({ mode: 0o644, uid: 0, gid: 0 });
  });

  test("modes and owners by name (from ROOT's passwd and group) and by id", () => {
    const root = makeRoot();
    apply(
      shell,
      {
        storage: {
          files: [
            { path: "/srv/by-name", mode: 0o600, user: { name: "app" }, group: { name: "wheel" }, contents: { source: dataUrl("x\n") } },
            { path: "/srv/by-id", mode: 0o4755, user: { id: 4242 }, group: { id: 4343 }, contents: { source: dataUrl("y\n") } },
            { path: "/srv/no-contents", mode: 0o640, group: { name: "app" } },
          ],
        },
      },
      root,
    );
    expect(stat(root, "/srv/by-name")).toMatchObject({ mode: 0o600, uid: 1500, gid: 10 });
    expect(stat(root, "/srv/by-id")).toMatchObject({ mode: 0o4755, uid: 4242, gid: 4343 });
    expect(stat(root, "/srv/no-contents")).toMatchObject({ mode: 0o640, uid: 0, gid: 1500 });
    expect(read(root, "/srv/no-contents")).toBe("");
  });

  test("appends: whole file with contents; onto a file without contents once, however often the script runs", () => {
    const root = makeRoot({ "/etc/existing.conf": "base\n" });
    const config = {
      storage: {
        files: [
          { path: "/etc/whole.conf", contents: { source: dataUrl("a\n") }, append: [{ source: dataUrl("b\n") }] },
          { path: "/etc/existing.conf", mode: 0o600, append: [{ source: dataUrl("one\n") }, { source: dataUrl("two\0\n") }] },
          { path: "/etc/new.conf", append: [{ source: dataUrl("only\n") }] },
        ],
      },
    };
    apply(shell, config, root);
    const second = apply(shell, config, root);
    expect(read(root, "/etc/whole.conf")).toBe("a\nb\n");
    expect(read(root, "/etc/existing.conf")).toBe("base\none\ntwo\0\n");
    expect(stat(root, "/etc/existing.conf").mode).toBe(0o600);
    expect(read(root, "/etc/new.conf")).toBe("only\n");
    expect(second.stderr).toContain("kindling: file /etc/existing.conf: already ends with its appends\n");
  });

  test("overwrite: false fails on other contents, naming the path, and accepts identical ones", () => {
    const root = makeRoot({ "/etc/same": "same\n", "/etc/other": "mine\n" });
    const same = { path: "/etc/same", overwrite: false, contents: { source: dataUrl("same\n") } };
    apply(shell, { storage: { files: [same] } }, root);
    const r = runScript(
      shell,
      scriptFor({ storage: { files: [same, { path: "/etc/other", overwrite: false, contents: { source: dataUrl("theirs\n") } }] } }),
      root,
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("kindling: failed: file /etc/other: /etc/other already exists with other contents and overwrite is false\n");
    expect(read(root, "/etc/other")).toBe("mine\n");
  });

  test("an unknown owner name stops the script at its step", () => {
    const root = makeRoot();
    const script = scriptFor({
      storage: {
        files: [
          { path: "/etc/a", contents: { source: dataUrl("a\n") } },
          { path: "/etc/b", user: { name: "ghost" }, contents: { source: dataUrl("b\n") } },
          { path: "/etc/c" },
        ],
      },
    });
    const r = runScript(shell, script, root);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`kindling: failed: file /etc/b: no user named ghost in ${root}/etc/passwd\n`);
    expect(read(root, "/etc/a")).toBe("a\n");
    expect(() => read(root, "/etc/b")).toThrow();
    expect(() => read(root, "/etc/c")).toThrow();
    expect(r.stderr).not.toContain("kindling: file /etc/c");
  });

  test("directories: created with parents, mode and owner applied to existing ones too", () => {
    const root = makeRoot();
    put(root, "/var/existing/keep", "k\n");
    apply(
      shell,
      {
        storage: {
          directories: [
            { path: "/var/lib/app/data", mode: 0o750, user: { name: "app" }, group: { id: 1500 } },
            { path: "/var/existing", mode: 0o1777 },
          ],
        },
      },
      root,
    );
    expect(stat(root, "/var/lib/app/data")).toMatchObject({ mode: 0o750, uid: 1500, gid: 1500 });
    expect(stat(root, "/var/lib/app")).toMatchObject({ mode: 0o755, uid: 0, gid: 0 });
    expect(stat(root, "/var/existing")).toMatchObject({ mode: 0o1777, uid: 0 });
    expect(read(root, "/var/existing/keep")).toBe("k\n");
  });

  test("links: symbolic with the target verbatim, hard under ROOT, owners, replacement and overwrite: false", () => {
    const root = makeRoot({ "/etc/real.conf": "real\n", "/etc/in-the-way": "old\n", "/etc/kept": "kept\n" });
    const links = [
      { path: "/etc/localtime", target: "/usr/share/zoneinfo/UTC" },
      { path: "/opt/bin/tool", target: "../lib/tool", user: { name: "app" }, group: { id: 10 } },
      { path: "/etc/hard.conf", target: "/etc/real.conf", hard: true },
      { path: "/etc/in-the-way", target: "/etc/real.conf" },
    ];
    apply(shell, { storage: { links } }, root);
    apply(shell, { storage: { links: [...links, { path: "/etc/localtime", target: "/usr/share/zoneinfo/UTC", overwrite: false }] } }, root);
    expect(readlinkOf(root, "/etc/localtime")).toBe("/usr/share/zoneinfo/UTC");
    expect(readlinkOf(root, "/opt/bin/tool")).toBe("../lib/tool");
    expect(stat(root, "/opt/bin/tool")).toMatchObject({ uid: 1500, gid: 10 });
    expect(stat(root, "/etc/hard.conf").ino).toBe(stat(root, "/etc/real.conf").ino);
    expect(readlinkOf(root, "/etc/in-the-way")).toBe("/etc/real.conf");

    const r = runScript(shell, scriptFor({ storage: { links: [{ path: "/etc/kept", target: "/elsewhere", overwrite: false }] } }), root);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("kindling: failed: link /etc/kept: /etc/kept already exists and overwrite is false\n");
    expect(read(root, "/etc/kept")).toBe("kept\n");
  });

  test("a hard link leaves its target's owner alone (Ignition ignores user/group on hard links)", () => {
    const root = makeRoot();
    apply(
      shell,
      {
        storage: {
          files: [{ path: "/etc/app.toml", user: { name: "app" }, group: { name: "app" }, contents: { source: dataUrl("a\n") } }],
          links: [{ path: "/usr/local/bin/app-config", target: "/etc/app.toml", hard: true, user: { id: 0 }, group: { id: 0 } }],
        },
      },
      root,
    );
    expect(stat(root, "/etc/app.toml")).toMatchObject({ uid: 1500, gid: 1500 });
    expect(stat(root, "/usr/local/bin/app-config").ino).toBe(stat(root, "/etc/app.toml").ino);
  });
});

function readlinkOf(root: string, path: string): string {
  return readlinkSync(join(root, path));
}
