// checkTree compares a directory tree with a plan: a tree built to match
// passes every check; each kind of difference fails exactly its check.
import { chmodSync, linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/emit/legacy/plan.js";
import { checkTree } from "../../src/verify/tree.js";

const me = { uid: process.getuid!(), gid: process.getgid!() };
const CONFIG = {
  ignition: { version: "3.4.0" },
  passwd: {
    users: [{ name: "me", uid: me.uid, groups: ["ops"], sshAuthorizedKeys: ["ssh-ed25519 AAAAkey me@x"], shell: "/bin/sh" }],
    groups: [{ name: "ops", gid: 4000 }],
  },
  storage: {
    files: [
      { path: "/etc/app.conf", mode: 0o640, user: { name: "me" }, group: { id: me.gid }, contents: { source: "data:,hello%0A" } },
      { path: "/etc/motd", append: [{ source: "data:,bye%0A" }] },
    ],
    directories: [{ path: "/var/lib/app", mode: 0o750, user: { id: me.uid }, group: { id: me.gid } }],
    links: [
      { path: "/etc/current", target: "app.conf", user: { id: me.uid }, group: { id: me.gid } },
      { path: "/etc/hard", target: "/etc/app.conf", hard: true },
    ],
  },
  systemd: {
    units: [
      {
        name: "app.service",
        enabled: true,
        contents: "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n",
        dropins: [{ name: "10.conf", contents: "[Service]\n" }],
      },
      { name: "bad.service", mask: true },
    ],
  },
};

function put(root: string, path: string, text: string, mode = 0o644): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  chmodSync(join(root, path), mode);
}

function goodTree(): string {
  const root = mkdtempSync(join(tmpdir(), "kindling-tree-"));
  put(root, "/etc/passwd", `root:x:0:0:root:/root:/bin/sh\nme:x:${me.uid}:${me.gid}::/home/me:/bin/sh\n`);
  put(root, "/etc/group", `root:x:0:\nops:x:4000:me\n`);
  put(root, "/etc/app.conf", "hello\n", 0o640);
  put(root, "/etc/motd", "welcome\nbye\n");
  mkdirSync(join(root, "var/lib/app"), { recursive: true });
  chmodSync(join(root, "var/lib/app"), 0o750);
  symlinkSync("app.conf", join(root, "etc/current"));
  linkSync(join(root, "etc/app.conf"), join(root, "etc/hard"));
  put(root, "/home/me/.ssh/authorized_keys", "ssh-ed25519 AAAAkey me@x\n", 0o600);
  put(root, "/etc/systemd/system/app.service", CONFIG.systemd.units[0]!.contents!);
  put(root, "/etc/systemd/system/app.service.d/10.conf", "[Service]\n");
  mkdirSync(join(root, "etc/systemd/system/multi-user.target.wants"));
  symlinkSync("/etc/systemd/system/app.service", join(root, "etc/systemd/system/multi-user.target.wants/app.service"));
  symlinkSync("/dev/null", join(root, "etc/systemd/system/bad.service"));
  return root;
}

const plan = buildPlan(CONFIG).plan;
const failing = (root: string) =>
  checkTree(plan, root)
    .filter((c) => !c.pass)
    .map((c) => `${c.kind} ${c.subject} ${c.property}: ${c.expected} != ${c.actual}`);

describe("checkTree", () => {
  it("passes a tree that has everything the config asked for", () => {
    const checks = checkTree(plan, goodTree());
    expect(checks.filter((c) => !c.pass)).toEqual([]);
    expect(new Set(checks.map((c) => c.kind))).toEqual(new Set(["file", "directory", "link", "user", "group", "unit"]));
  });

  it("fails exactly the check that differs", () => {
    const cases: [string, (root: string) => void, string[]][] = [
      ["content", (r) => writeFileSync(join(r, "etc/app.conf"), "HELLO\n"), ["file /etc/app.conf sha256"]],
      ["mode", (r) => chmodSync(join(r, "var/lib/app"), 0o755), ["directory /var/lib/app mode: 0750 != 0755"]],
      ["append", (r) => writeFileSync(join(r, "etc/motd"), "welcome\n"), ["file /etc/motd ends with appends (sha256)"]],
      [
        "link",
        (r) => {
          rmSync(join(r, "etc/current"));
          symlinkSync("other", join(r, "etc/current"));
        },
        ["link /etc/current target: app.conf != other"],
      ],
      [
        "hard link",
        (r) => {
          rmSync(join(r, "etc/hard"));
          writeFileSync(join(r, "etc/hard"), "hello\n");
        },
        ["link /etc/hard hard link to: /etc/app.conf != another file"],
      ],
      ["group membership", (r) => writeFileSync(join(r, "etc/group"), "root:x:0:\nops:x:4000:\n"), ["user me in group ops: true != false"]],
      ["gid", (r) => writeFileSync(join(r, "etc/group"), "root:x:0:\nops:x:4001:me\n"), ["group ops gid: 4000 != 4001"]],
      ["ssh key", (r) => writeFileSync(join(r, "home/me/.ssh/authorized_keys"), "\n"), ["user me ssh key ssh-ed25519 me@x: true != false"]],
      [
        "enablement",
        (r) => rmSync(join(r, "etc/systemd/system/multi-user.target.wants/app.service")),
        ["unit app.service enabled: true != false"],
      ],
      ["mask", (r) => rmSync(join(r, "etc/systemd/system/bad.service")), ["unit bad.service masked: /dev/null != missing"]],
      ["drop-in", (r) => rmSync(join(r, "etc/systemd/system/app.service.d/10.conf")), ["unit app.service drop-in 10.conf sha256"]],
    ];
    for (const [name, spoil, expected] of cases) {
      const root = goodTree();
      spoil(root);
      const found = failing(root);
      expect(found.length, name).toBe(expected.length);
      for (const [i, e] of expected.entries()) expect(found[i], name).toContain(e);
    }
  });

  it("resolves owners by name in the tree's own passwd", () => {
    const root = goodTree();
    writeFileSync(join(root, "etc/passwd"), `root:x:0:0:root:/root:/bin/sh\nme:x:${me.uid + 1}:${me.gid}::/home/me:/bin/sh\n`);
    expect(failing(root)).toEqual([
      `file /etc/app.conf owner: me:${me.gid} != ${me.uid === 0 ? "root" : me.uid}:${me.gid}`,
      `user me uid: ${me.uid} != ${me.uid + 1}`,
    ]);
  });
});
