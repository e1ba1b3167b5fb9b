// The script target as a whole: it parses under both shells, a second run
// leaves the same tree and succeeds, and failures name their step.
import { spawnSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, test } from "vitest";
import { dataUrl, makeRoot, put, requireShell, runScript, SHELLS, scriptFor, snapshot } from "./script-root.js";

const EVERYTHING = {
  passwd: {
    groups: [
      { name: "ops", gid: 2100 },
      { name: "daemon-ish", system: true, passwordHash: "$6$g" },
    ],
    users: [
      { name: "core", passwordHash: "$6$c", groups: ["ops", "wheel"], sshAuthorizedKeys: ["ssh-ed25519 AAAA core", "ssh-rsa BBBB core"] },
      { name: "app", gecos: "updated", groups: ["ops"] },
      { name: "svc", system: true, noCreateHome: true, primaryGroup: "ops" },
    ],
  },
  storage: {
    directories: [{ path: "/var/lib/data", mode: 0o2770, group: { name: "ops" } }],
    files: [
      { path: "/etc/hostname", contents: { source: dataUrl("node-1\n") } },
      { path: "/etc/motd", contents: { source: dataUrl("hi $USER\n") }, append: [{ source: dataUrl("more\n") }] },
      {
        path: "/etc/blob",
        mode: 0o400,
        user: { name: "core" },
        contents: { source: dataUrl(gzipSync(Buffer.from([0, 1, 2, 255, 10, 0]))), compression: "gzip" },
      },
      { path: "/etc/profile.d/env.sh", append: [{ source: dataUrl("export A=1\n") }, { source: dataUrl("export B=2") }] },
      { path: "/etc/keep", overwrite: false, contents: { source: dataUrl("keep\n") } },
    ],
    links: [
      { path: "/etc/localtime", target: "/usr/share/zoneinfo/Europe/Paris" },
      { path: "/etc/motd.hard", target: "/etc/motd", hard: true },
    ],
  },
  systemd: {
    units: [
      {
        name: "web.service",
        enabled: true,
        contents: "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n",
        dropins: [{ name: "a.conf", contents: "[Service]\nNice=5\n" }],
      },
      { name: "cups.service", mask: true },
      { name: "old.service", enabled: false },
    ],
  },
};

describe.each(SHELLS)("script target under %s: whole runs", (name, shell) => {
  beforeAll(() => requireShell(shell));

  test("the rendered script parses (sh -n)", () => {
    const r = spawnSync(shell[0]!, [...shell.slice(1), "-n"], { input: scriptFor(EVERYTHING), encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  test("idempotent: the second run succeeds and leaves the same tree, with either shell", () => {
    const root = makeRoot({ "/etc/profile.d/env.sh": "# site\n" });
    put(root, "/etc/systemd/system/old.service", "[Install]\nWantedBy=multi-user.target\n");
    put(root, "/etc/systemd/system/multi-user.target.wants/.keep", "");
    const script = scriptFor(EVERYTHING);
    const first = runScript(shell, script, root);
    expect(first.stderr).toMatch(/kindling: done\n$/);
    expect(first.status).toBe(0);
    const tree = snapshot(root);
    for (const [, other] of [[name, shell], ...SHELLS]) {
      const again = runScript(other as string[], script, root);
      expect(again.status).toBe(0);
      expect(snapshot(root)).toEqual(tree);
    }
    // The log names every step, in order.
    expect(first.stderr.split("\n").filter((l) => /^kindling: [^:]+$/.test(l))).toEqual([
      "kindling: group ops",
      "kindling: group daemon-ish",
      "kindling: user core",
      "kindling: user app",
      "kindling: user svc",
      "kindling: directory /var/lib/data",
      "kindling: file /etc/hostname",
      "kindling: file /etc/motd",
      "kindling: file /etc/blob",
      "kindling: file /etc/profile.d/env.sh",
      "kindling: file /etc/keep",
      "kindling: link /etc/localtime",
      "kindling: link /etc/motd.hard",
      "kindling: unit web.service",
      "kindling: unit cups.service",
      "kindling: unit old.service",
      "kindling: hostname",
      "kindling: live actions",
      "kindling: done",
    ]);
  });

  test("a failing command stops the script with its step and exit status", () => {
    const root = makeRoot({ "/etc/motd": "a file, not a directory\n" });
    const r = runScript(
      shell,
      scriptFor({ storage: { files: [{ path: "/etc/motd/inner", contents: { source: dataUrl("x\n") } }, { path: "/etc/after" }] } }),
      root,
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/kindling: failed: file \/etc\/motd\/inner \(exit status [1-9]\d*\)\n$/);
    expect(r.stderr).not.toContain("kindling: file /etc/after");
  });

  test("ROOT must be a directory", () => {
    const r = runScript(shell, scriptFor({}), "/nonexistent/kindling-root");
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("kindling: failed: ROOT /nonexistent/kindling-root is not a directory\n");
  });
});
