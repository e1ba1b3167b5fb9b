// The script target on groups and users: /etc/passwd, group, shadow and
// gshadow under ROOT edited directly, homes and SSH keys.
import { beforeAll, describe, expect, test } from "vitest";
import { apply, entry, makeRoot, read, requireShell, runScript, SHELLS, scriptFor, stat } from "./script-root.js";

const shadowOf = (root: string, name: string) => entry(root, "shadow", name)?.split(":").slice(0, 2).join(":");

describe.each(SHELLS)("script target under %s: groups and users", (_, shell) => {
  beforeAll(() => requireShell(shell));

  test("groups: given gid, next free (system below 1000, others above the highest in 1000-59999), password hash", () => {
    const root = makeRoot();
    apply(
      shell,
      {
        passwd: {
          groups: [
            { name: "given", gid: 3000 },
            { name: "sys", system: true },
            { name: "plain", passwordHash: "$6$salt$hash" },
            { name: "app" },
          ],
        },
      },
      root,
    );
    expect(entry(root, "group", "given")).toBe("given:x:3000:");
    expect(entry(root, "group", "sys")).toBe("sys:x:999:");
    expect(entry(root, "group", "plain")).toBe("plain:x:3001:");
    expect(entry(root, "gshadow", "plain")).toBe("plain:$6$salt$hash::");
    expect(entry(root, "gshadow", "given")).toBe("given:!::");
    expect(entry(root, "group", "app")).toBe("app:x:1500:");
    expect(stat(root, "/etc/gshadow").mode).toBe(0o640);
  });

  test("a new user: next uid, own group with gid = uid, defaults, locked password, home 0700 with skel", () => {
    const root = makeRoot({ "/etc/skel/.profile": "# profile\n" });
    apply(shell, { passwd: { users: [{ name: "core" }] } }, root);
    expect(entry(root, "passwd", "core")).toBe("core:x:1501:1501::/home/core:/bin/sh");
    expect(entry(root, "group", "core")).toBe("core:x:1501:");
    expect(entry(root, "gshadow", "core")).toBe("core:!::");
    expect(shadowOf(root, "core")).toBe("core:!");
    expect(entry(root, "shadow", "core")).toMatch(/^core:!:\d+:0:99999:7:::$/);
    expect(stat(root, "/home/core")).toMatchObject({ mode: 0o700, uid: 1501, gid: 1501 });
    expect(stat(root, "/home/core/.profile")).toMatchObject({ uid: 1501, gid: 1501 });
    expect(read(root, "/home/core/.profile")).toBe("# profile\n");
  });

  test("users with every field: uid, hash, gecos, home, shell, primary group, no user group, system, groups, SSH keys", () => {
    const root = makeRoot({ "/etc/default/useradd": "GROUP=100\nSHELL=/bin/bash\n" });
    apply(
      shell,
      {
        passwd: {
          groups: [{ name: "docker", gid: 2500 }],
          users: [
            {
              name: "alice",
              uid: 2001,
              passwordHash: "$y$j9T$abc$def",
              gecos: "Alice Example,,,",
              homeDir: "/var/home/alice",
              shell: "/bin/zsh",
              groups: ["wheel", "docker"],
              sshAuthorizedKeys: ["ssh-ed25519 AAAAC3 alice@laptop", "ssh-rsa AAAAB3 alice@desktop"],
            },
            { name: "bob", primaryGroup: "docker", noCreateHome: true },
            { name: "carol", noUserGroup: true },
            { name: "svc", system: true, noCreateHome: true },
          ],
        },
      },
      root,
    );
    expect(entry(root, "passwd", "alice")).toBe("alice:x:2001:2001:Alice Example,,,:/var/home/alice:/bin/zsh");
    expect(shadowOf(root, "alice")).toBe("alice:$y$j9T$abc$def");
    expect(entry(root, "group", "wheel")).toBe("wheel:x:10:root,alice");
    expect(entry(root, "group", "docker")).toBe("docker:x:2500:alice");
    expect(entry(root, "gshadow", "wheel")).toBe("wheel:*::root,alice");
    expect(stat(root, "/var/home/alice")).toMatchObject({ mode: 0o700, uid: 2001, gid: 2001 });
    expect(read(root, "/var/home/alice/.ssh/authorized_keys")).toBe("ssh-ed25519 AAAAC3 alice@laptop\nssh-rsa AAAAB3 alice@desktop\n");
    expect(stat(root, "/var/home/alice/.ssh")).toMatchObject({ mode: 0o700, uid: 2001, gid: 2001 });
    expect(stat(root, "/var/home/alice/.ssh/authorized_keys")).toMatchObject({ mode: 0o600, uid: 2001, gid: 2001 });

    expect(entry(root, "passwd", "bob")).toBe("bob:x:2002:2500::/home/bob:/bin/bash");
    expect(entry(root, "group", "bob")).toBeUndefined();
    expect(() => stat(root, "/home/bob")).toThrow();
    expect(entry(root, "passwd", "carol")).toBe("carol:x:2003:100::/home/carol:/bin/bash");
    expect(entry(root, "passwd", "svc")).toBe("svc:x:999:999::/home/svc:/bin/bash");
    expect(entry(root, "group", "svc")).toBe("svc:x:999:");
  });

  test("an existing user is updated, keeps its uid, and gains groups and keys once", () => {
    const root = makeRoot();
    const config = {
      passwd: {
        users: [
          {
            name: "app",
            uid: 1500,
            passwordHash: "$6$new",
            gecos: "New",
            shell: "/bin/dash",
            groups: ["wheel"],
            sshAuthorizedKeys: ["ssh-ed25519 K app"],
          },
        ],
      },
    };
    apply(shell, config, root);
    apply(shell, config, root);
    expect(entry(root, "passwd", "app")).toBe("app:x:1500:1500:New:/srv/app:/bin/dash");
    expect(shadowOf(root, "app")).toBe("app:$6$new");
    expect(entry(root, "group", "wheel")).toBe("wheel:x:10:root,app");
    expect(read(root, "/srv/app/.ssh/authorized_keys")).toBe("ssh-ed25519 K app\n");
  });

  test("without shadow files, hashes go into passwd and group", () => {
    const root = makeRoot({}, { shadow: false });
    apply(
      shell,
      {
        passwd: {
          groups: [{ name: "g", passwordHash: "$6$g" }],
          users: [
            { name: "u", passwordHash: "$6$u" },
            { name: "v", noCreateHome: true },
          ],
        },
      },
      root,
    );
    expect(entry(root, "group", "g")).toBe("g:$6$g:1501:");
    expect(entry(root, "passwd", "u")).toBe("u:$6$u:1501:1502::/home/u:/bin/sh");
    expect(entry(root, "group", "u")).toBe("u:!:1502:");
    expect(entry(root, "passwd", "v")).toBe("v:!:1502:1503::/home/v:/bin/sh");
  });

  test.each([
    [{ passwd: { users: [{ name: "app", uid: 1600 }] } }, "user app", "user app exists with uid 1500, not 1600"],
    [{ passwd: { users: [{ name: "new", groups: ["nosuch"] }] } }, "user new", `no group named nosuch in ROOT/etc/group`],
    [{ passwd: { users: [{ name: "new", uid: 1500 }] } }, "user new", "uid 1500 is taken by another user"],
    [{ passwd: { groups: [{ name: "app", gid: 7 }] } }, "group app", "group app exists with gid 1500, not 7"],
    [{ passwd: { users: [{ name: "new", gecos: "a:b" }] } }, "user new", "gecos contains a colon or a newline"],
  ])("%j fails at its step", (config, step, message) => {
    const root = makeRoot();
    const r = runScript(shell, scriptFor(config), root);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`kindling: failed: ${step}: ${message.replace("ROOT", root)}\n`);
  });
});
