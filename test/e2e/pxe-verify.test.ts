// The whole path on a real (emulated) machine: qemu's iPXE ROM does DHCP,
// chains to a real `kindling serve` process for /boot.ipxe and /ipxe,
// downloads the kernel and initrd from /assets, and the guest's init fetches
// its /script rendering (with the verification agent, since the profile says
// "verify"), applies it, runs the agent, which POSTs a signed report; then
// `kindling status` (a real process too) must show the machine verified with
// every check passed. A second machine whose profile tampers with one file
// after the apply must show exactly that check failing.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGuest } from "./guest/build.js";
import { bootMachine } from "./guest/qemu.js";
import { freePort, type RunningServe, startServe } from "./guest/serve.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

const NODE_BU = `variant: fcos
version: 1.5.0
passwd:
  users:
    - name: ops
      uid: 1500
      groups: [wheel]
      ssh_authorized_keys:
        - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKindlingE2eTestKeyOnly ops@kindling
  groups:
    - name: ops-team
      gid: 2500
storage:
  directories:
    - path: /var/lib/app
      mode: 0750
      user: {name: ops}
  files:
    - path: /etc/hostname
      mode: 0644
      contents:
        inline: "{{hostname}}\\n"
    - path: /etc/motd
      mode: 0644
      contents:
        inline: "Provisioned by kindling for {{hostname}}.\\n"
    - path: /var/lib/app/app.conf
      mode: 0640
      user: {name: ops}
      group: {name: ops-team}
      contents:
        inline: "role={{role}}\\n"
  links:
    - path: /etc/app.conf
      target: /var/lib/app/app.conf
systemd:
  units:
    - name: app.service
      enabled: true
      contents: |
        [Unit]
        Description=the e2e app
        [Service]
        ExecStart=/bin/true
        [Install]
        WantedBy=multi-user.target
`;

let work: string;
let serve: RunningServe;
let port: number;

function put(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "kindling-e2e-"));
  const guest = await buildGuest(join(ROOT, "test/e2e/.cache"));
  mkdirSync(join(work, "assets"));
  copyFileSync(guest.kernel, join(work, "assets/vmlinuz"));
  copyFileSync(guest.initrd, join(work, "assets/initrd.img"));
  // The boot arguments name the port, so it is chosen before the data is written.
  port = await freePort();
  const profile = (id: string, extra: string[]) => ({
    id,
    ignition_id: "node.bu",
    verify: { retry_seconds: 60 },
    boot: {
      kernel: "/assets/vmlinuz",
      initrd: ["/assets/initrd.img"],
      args: ["console=ttyS0", "panic=-1", `kindling.url=http://10.0.2.2:${port}/script?mac=\${mac:hexhyp}`, ...extra],
    },
  });
  const data = join(work, "data");
  put(join(data, "profiles/live.json"), JSON.stringify(profile("live", [])));
  put(join(data, "profiles/tampered.json"), JSON.stringify(profile("tampered", ["kindling.tamper=/etc/motd"])));
  put(
    join(data, "groups/node1.json"),
    JSON.stringify({ id: "node1", profile: "live", selector: { mac: "52:54:00:00:00:01" }, metadata: { hostname: "node1", role: "etcd" } }),
  );
  put(
    join(data, "groups/node2.json"),
    JSON.stringify({
      id: "node2",
      profile: "tampered",
      selector: { mac: "52:54:00:00:00:02" },
      metadata: { hostname: "node2", role: "worker" },
    }),
  );
  put(join(data, "ignition/node.bu"), NODE_BU);
  serve = await startServe(work, data, ["--assets", join(work, "assets")], port);
}, 600_000);

afterAll(() => {
  serve?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const status = (...args: string[]) => serve.status(...args);

async function boot(mac: string) {
  const run = await bootMachine({ bootUrl: `http://10.0.2.2:${port}/boot.ipxe`, mac, timeoutMs: 240_000 });
  console.log(`booted ${mac} in ${(run.ms / 1000).toFixed(1)} s`);
  return run;
}

describe("a real PXE boot, verified", () => {
  it("a machine that applied its config reports every check passed", async () => {
    const run = await boot("52:54:00:00:00:01");
    expect(run.console, run.console + serve.log()).toContain("kindling-verify: report accepted");
    const r = status("--json");
    const machines = JSON.parse(r.out).machines as { machine: string; state: string; passed: number; failed: number; profile: string }[];
    const node1 = machines.find((m) => m.machine === "mac=52:54:00:00:00:01");
    expect(node1, r.out + r.err).toMatchObject({ state: "verified", failed: 0, profile: "live" });
    expect(node1!.passed).toBeGreaterThan(20);
    expect(r.code).toBe(0);
    // The server recorded the fetches that make up the boot.
    for (const path of ["/boot.ipxe", "/ipxe", "/assets/vmlinuz", "/assets/initrd.img", "/script", "/reports"])
      expect(serve.log()).toContain(`"path":"${path}"`);
  }, 300_000);

  it("a machine with one file altered after the apply fails exactly that check", async () => {
    const run = await boot("52:54:00:00:00:02");
    expect(run.console, run.console + serve.log()).toContain("kindling-verify: report accepted");
    const r = status("--json");
    expect(r.code, r.out + r.err).toBe(1);
    const machines = JSON.parse(r.out).machines as {
      machine: string;
      state: string;
      failures: { kind: string; subject: string; property: string }[];
    }[];
    const node2 = machines.find((m) => m.machine === "mac=52:54:00:00:00:02")!;
    expect(node2.state).toBe("failed");
    expect(node2.failures.map((f) => `${f.kind} ${f.subject} ${f.property}`)).toEqual(["file /etc/motd sha256"]);
    const table = status();
    expect(table.code).toBe(1);
    console.log(table.out);
    expect(table.out).toMatch(/^mac=52:54:00:00:00:01 +node1 +live .* verified$/m);
    expect(table.out).toMatch(/^mac=52:54:00:00:00:02 +node2 +tampered .* failed$/m);
  }, 300_000);
});
