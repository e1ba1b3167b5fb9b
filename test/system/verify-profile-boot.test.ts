// A serve profile's agent on the system that reports, under dash and busybox
// sh: for a profile that installs to disk, the installed system, which boots
// from its disk with the config's own kernel arguments and none of the
// installer's (coreos.inst.*, coreos.live.rootfs_url, initrd=, console=…);
// for a live profile, the PXE-booted kernel itself, with the profile's
// arguments on its command line. Arguments as in examples/matchbox.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/deliver/pxe/server.js";
import { DirectoryStore } from "../../src/deliver/pxe/store/directory.js";
import { shippedAgent } from "../helpers/agent.js";
import { BOOT_ID, MACHINE_ID, readReport, requireShell, runAgent, SHELLS, tempDir } from "./verify-agent.js";
import { put } from "./verify-trees.js";

const ROOTFS = "coreos.live.rootfs_url=http://kindling.example.com:8080/assets/fedora-coreos/fedora-coreos-live-rootfs.x86_64.img";
const CONFIG_URL = "http://kindling.example.com:8080/ignition?uuid=${uuid}&mac=${mac:hexhyp}";
const PROFILES = {
  install: [
    "initrd=main",
    ROOTFS,
    "coreos.inst.install_dev=/dev/sda",
    `coreos.inst.ignition_url=${CONFIG_URL}`,
    "console=tty0",
    "console=ttyS0",
  ],
  live: [
    "initrd=main",
    ROOTFS,
    "ignition.firstboot",
    "ignition.platform.id=metal",
    `ignition.config.url=${CONFIG_URL}`,
    "console=tty0",
    "console=ttyS0",
  ],
};
// The config asks for one kernel argument of its own, which every system that reports must have.
const BU = "variant: fcos\nversion: 1.5.0\nkernel_arguments:\n  should_exist:\n    - mitigations=auto,nosmt\n";

/** /proc/cmdline of the installed Fedora CoreOS system, booted by its own GRUB from its disk. */
const INSTALLED =
  "BOOT_IMAGE=(hd0,gpt3)/boot/ostree/fedora-coreos-0123/vmlinuz-6.8.5-301.fc40.x86_64 mitigations=auto,nosmt ignition.platform.id=metal ostree=/ostree/boot.1/fedora-coreos/0123/0 root=UUID=4f6c2c3a-8f0e-4e4c-9f2e-7f1b2a3c4d5e rw rootflags=prjquota boot=UUID=1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f\n";
/** /proc/cmdline of the live system iPXE booted, ${…} expanded. */
const LIVE = `initrd=main ${ROOTFS} ignition.firstboot ignition.platform.id=metal ignition.config.url=http://kindling.example.com:8080/ignition?uuid=&mac=52-54-00-00-00-01 console=tty0 console=ttyS0 mitigations=auto,nosmt\n`;

async function servedAgent(profile: keyof typeof PROFILES): Promise<string> {
  const dir = tempDir("kindling-pb-");
  const files: Record<string, string> = {
    [`profiles/${profile}.json`]: JSON.stringify({
      id: profile,
      ignition_id: "node.bu",
      verify: true,
      boot: { kernel: "/assets/vmlinuz", initrd: ["--name main /assets/initrd.img"], args: PROFILES[profile] },
    }),
    "groups/node1.json": JSON.stringify({ id: "node1", profile, selector: { mac: "52:54:00:00:00:01" } }),
    "ignition/node.bu": BU,
  };
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  const server: RunningServer = await startServer({
    store: new DirectoryStore(dir),
    port: 0,
    watch: false,
    reportSecret: "a report secret for tests",
  });
  try {
    const r = await fetch(`${server.url}/ignition?mac=52-54-00-00-00-01`);
    expect(r.status).toBe(200);
    return shippedAgent(await r.json())!;
  } finally {
    await server.close();
  }
}

function tree(cmdline: string): string {
  const root = join(tempDir("kindling-pb-root-"), "root");
  put(root, "/etc/machine-id", MACHINE_ID + "\n", 0o444);
  put(root, "/proc/sys/kernel/random/boot_id", BOOT_ID + "\n");
  put(root, "/proc/cmdline", cmdline);
  return root;
}

const kernelChecks = (root: string) =>
  readReport(root)
    .checks.filter((c) => c.kind === "kernel-argument")
    .map((c): [string, boolean] => [c.subject, c.pass]);

describe.each(SHELLS)("a served profile's agent under %s", (_name, shell) => {
  beforeAll(() => requireShell(shell));

  it("install to disk: passes on the installed system, checking only the config's own argument", async () => {
    const root = tree(INSTALLED);
    const run = await runAgent(shell, await servedAgent("install"), root);
    expect(run.stderr).toBe("kindling-verify: 1 checks, 1 passed, 0 failed\n");
    expect(run.status).toBe(0);
    expect(kernelChecks(root)).toEqual([["mitigations=auto,nosmt", true]]);
  });

  it("live: passes on the PXE-booted system, checking the profile's own arguments too", async () => {
    const root = tree(LIVE);
    const run = await runAgent(shell, await servedAgent("live"), root);
    expect(run.status).toBe(0);
    expect(kernelChecks(root)).toEqual(
      [ROOTFS, "ignition.firstboot", "ignition.platform.id=metal", "console=tty0", "console=ttyS0", "mitigations=auto,nosmt"].map((a) => [
        a,
        true,
      ]),
    );
  });

  it("live: fails when the system did not boot with the profile's arguments", async () => {
    const root = tree(INSTALLED);
    const run = await runAgent(shell, await servedAgent("live"), root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("kindling-verify: FAIL kernel-argument ignition.firstboot present: expected present, found absent\n");
    expect(
      kernelChecks(root)
        .filter(([, pass]: [string, boolean]) => !pass)
        .map(([a]: [string, boolean]) => a),
    ).toEqual([ROOTFS, "ignition.firstboot", "console=tty0", "console=ttyS0"]);
  });
});
