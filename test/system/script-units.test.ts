// The script target on systemd units: files, drop-ins, masks, and the
// enablement links `systemctl enable` would make, made by the script itself.
import { lstatSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { apply, makeRoot, read, requireShell, runScript, SHELLS, scriptFor, stat } from "./script-root.js";

const ETC = "/etc/systemd/system";
const link = (root: string, path: string) => readlinkSync(join(root, path));
const exists = (root: string, path: string) => {
  try {
    lstatSync(join(root, path));
    return true;
  } catch {
    return false;
  }
};

const SERVICE =
  "[Unit]\nDescription=web\n\n[Service]\nExecStart=/usr/bin/web\n\n[Install]\nWantedBy=multi-user.target  graphical.target\nRequiredBy=network-online.target\nAlias=www.service\n";

describe.each(SHELLS)("script target under %s: systemd units", (_, shell) => {
  beforeAll(() => requireShell(shell));

  test("unit files and drop-ins, enabled from their [Install] section", () => {
    const root = makeRoot();
    const r = apply(
      shell,
      {
        systemd: {
          units: [
            {
              name: "web.service",
              contents: SERVICE,
              enabled: true,
              dropins: [{ name: "10-env.conf", contents: "[Service]\nEnvironment=A=1\n" }],
            },
            { name: "only-dropin.service", dropins: [{ name: "override.conf", contents: "[Unit]\nAfter=web.service\n" }] },
          ],
        },
      },
      root,
    );
    expect(read(root, `${ETC}/web.service`)).toBe(SERVICE);
    expect(stat(root, `${ETC}/web.service`)).toMatchObject({ mode: 0o644, uid: 0, gid: 0 });
    expect(read(root, `${ETC}/web.service.d/10-env.conf`)).toBe("[Service]\nEnvironment=A=1\n");
    expect(read(root, `${ETC}/only-dropin.service.d/override.conf`)).toBe("[Unit]\nAfter=web.service\n");
    expect(link(root, `${ETC}/multi-user.target.wants/web.service`)).toBe(`${ETC}/web.service`);
    expect(link(root, `${ETC}/graphical.target.wants/web.service`)).toBe(`${ETC}/web.service`);
    expect(link(root, `${ETC}/network-online.target.requires/web.service`)).toBe(`${ETC}/web.service`);
    expect(link(root, `${ETC}/www.service`)).toBe(`${ETC}/web.service`);
    expect(r.stderr).toContain("kindling: live actions: skipped");
  });

  test("units shipped under /usr/lib or /lib, template instances, and an [Install]-less unit", () => {
    const root = makeRoot({
      "/usr/lib/systemd/system/sshd.service": "[Service]\nExecStart=/usr/sbin/sshd\n[Install]\nWantedBy=multi-user.target\n",
      "/lib/systemd/system/getty@.service": "[Service]\nExecStart=/sbin/agetty %I\n[Install]\nWantedBy=getty.target\n",
      "/usr/lib/systemd/system/static.service": "[Service]\nExecStart=/bin/true\n",
    });
    const r = apply(
      shell,
      {
        systemd: {
          units: [
            { name: "sshd.service", enabled: true },
            { name: "getty@tty2.service", enabled: true },
            { name: "static.service", enabled: true },
          ],
        },
      },
      root,
    );
    expect(link(root, `${ETC}/multi-user.target.wants/sshd.service`)).toBe("/usr/lib/systemd/system/sshd.service");
    expect(link(root, `${ETC}/getty.target.wants/getty@tty2.service`)).toBe("/lib/systemd/system/getty@.service");
    expect(r.stderr).toContain("kindling: unit static.service: /usr/lib/systemd/system/static.service has no [Install] section");
  });

  test("enabled: false removes the links; mask links to /dev/null", () => {
    const root = makeRoot({ [`${ETC}/old.service`]: "[Install]\nWantedBy=multi-user.target\nAlias=ancient.service\n" });
    const enable = { systemd: { units: [{ name: "old.service", enabled: true }] } };
    apply(shell, enable, root);
    expect(link(root, `${ETC}/multi-user.target.wants/old.service`)).toBe(`${ETC}/old.service`);
    apply(
      shell,
      {
        systemd: {
          units: [
            { name: "old.service", enabled: false },
            { name: "bad.service", mask: true },
            { name: "gone.service", enabled: false },
          ],
        },
      },
      root,
    );
    expect(exists(root, `${ETC}/multi-user.target.wants/old.service`)).toBe(false);
    expect(exists(root, `${ETC}/ancient.service`)).toBe(false);
    expect(read(root, `${ETC}/old.service`)).toContain("[Install]");
    expect(link(root, `${ETC}/bad.service`)).toBe("/dev/null");
  });

  test("an Alias= naming the unit itself is not a link to make", () => {
    const root = makeRoot();
    apply(
      shell,
      { systemd: { units: [{ name: "self.service", enabled: true, contents: "[Install]\nAlias=self.service\nWantedBy=a.target\n" }] } },
      root,
    );
    expect(read(root, `${ETC}/self.service`)).toContain("Alias=self.service");
    expect(link(root, `${ETC}/a.target.wants/self.service`)).toBe(`${ETC}/self.service`);
  });

  test("enabling a unit that has no file anywhere fails at its step", () => {
    const root = makeRoot();
    const r = runScript(shell, scriptFor({ systemd: { units: [{ name: "missing.service", enabled: true }] } }), root);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("kindling: failed: unit missing.service: no unit file for missing.service");
  });
});
