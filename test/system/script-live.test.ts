// The script target's live actions (ROOT=/ on a running systemd host):
// busybox sh in a chroot with its own UTS namespace, so setting the hostname
// and "systemctl" (a stand-in that logs its arguments) touch nothing outside.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { dataUrl, makeRoot, requireShell, scriptFor } from "./script-root.js";

const CONFIG = {
  storage: { files: [{ path: "/etc/hostname", contents: { source: dataUrl("node-1\n") } }] },
  systemd: {
    units: [
      { name: "web.service", enabled: true, contents: "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n" },
      { name: "masked.service", enabled: true, mask: true },
      { name: "off.service", enabled: false },
    ],
  },
};

const which = (tool: string): string => {
  const r = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${tool} is needed by the live-actions test`);
  return r.stdout.trim();
};

/** A root whose /bin is busybox and its applets, plus a logging systemctl. */
function busyboxRoot(systemd: boolean): string {
  const root = makeRoot();
  const busybox = which("busybox");
  mkdirSync(join(root, "bin"));
  copyFileSync(busybox, join(root, "bin/busybox"));
  chmodSync(join(root, "bin/busybox"), 0o755);
  for (const applet of execFileSync(busybox, ["--list"], { encoding: "utf8" }).split("\n")) {
    if (applet && applet !== "busybox") symlinkSync("busybox", join(root, "bin", applet));
  }
  mkdirSync(join(root, "dev"));
  execFileSync(which("mknod"), ["-m", "666", join(root, "dev/null"), "c", "1", "3"]);
  writeFileSync(join(root, "bin/systemctl"), "#!/bin/sh\nprintf '%s\\n' \"$*\" >> /systemctl.log\n", { mode: 0o755 });
  if (systemd) mkdirSync(join(root, "run/systemd/system"), { recursive: true });
  writeFileSync(join(root, "apply.sh"), scriptFor(CONFIG));
  return root;
}

function runLive(root: string) {
  const r = spawnSync(which("unshare"), ["--uts", which("chroot"), root, "/bin/sh", "-c", "ROOT=/ /bin/sh /apply.sh && hostname"], {
    encoding: "utf8",
    env: { PATH: "/bin" },
  });
  if (r.error) throw r.error;
  return r;
}

describe("script target under busybox sh: live actions with ROOT=/", () => {
  beforeAll(() => {
    requireShell(["busybox", "sh"]);
    which("unshare");
    which("chroot");
  });

  test("on a systemd host: hostname set, daemon-reload, enabled units started without waiting", () => {
    const root = busyboxRoot(true);
    const r = runLive(root);
    expect(r.stderr).toMatch(/kindling: done\n$/);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("node-1\n");
    expect(readFileSync(join(root, "systemctl.log"), "utf8")).toBe("daemon-reload\nstart --no-block web.service\n");
    expect(readFileSync(join(root, "etc/hostname"), "utf8")).toBe("node-1\n");
    expect(r.stderr).not.toContain("skipped");
  });

  test("without /run/systemd/system: the files only, live actions skipped", () => {
    const root = busyboxRoot(false);
    const r = runLive(root);
    expect(r.status).toBe(0);
    expect(existsSync(join(root, "systemctl.log"))).toBe(false);
    expect(r.stderr).toContain("kindling: live actions: skipped (ROOT=/ is not a running systemd host)");
    expect(readFileSync(join(root, "etc/systemd/system/web.service"), "utf8")).toContain("ExecStart=/bin/true");
  });
});
