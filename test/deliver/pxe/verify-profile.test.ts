// A profile with "verify": /ignition, /script and /cloud-config carry the
// first-boot agent, keyed for the machine its group names (a key of its own
// per delivery) or for the group it shares, reporting to this server as the
// machine reached it; each delivery is recorded for kindling status;
// without a report secret the profile cannot be served.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../../src/deliver/pxe/server.js";
import { DirectoryStore } from "../../../src/deliver/pxe/store/directory.js";
import { reportKey } from "../../../src/verify/report-signature.js";
import { shippedAgent } from "../../helpers/agent.js";
import { waitFor } from "../../helpers/wait-for.js";

const SECRET = "report-secret-for-tests-0123456789abcdef";
const servers: RunningServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const BU =
  'variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/hostname\n      contents:\n        inline: "{{hostname}}\\n"\n';

async function serve(profile: Record<string, unknown>, secret: string | null = SECRET) {
  const dir = mkdtempSync(join(tmpdir(), "kindling-vp-"));
  dirs.push(dir);
  const files: Record<string, string> = {
    "profiles/live.json": JSON.stringify({
      id: "live",
      ignition_id: "node.bu",
      boot: {
        kernel: "/assets/vmlinuz",
        initrd: ["/assets/initrd.img"],
        args: ["console=ttyS0", "kindling.url=http://x/script?mac=${mac:hexhyp}"],
      },
      ...profile,
    }),
    "profiles/raw.json": JSON.stringify({ id: "raw", ignition_id: "raw.ign", verify: true }),
    "groups/node1.json": JSON.stringify({
      id: "node1",
      profile: "live",
      selector: { mac: "52:54:00:00:00:01" },
      metadata: { hostname: "node1" },
    }),
    "groups/raw.json": JSON.stringify({ id: "raw", profile: "raw", selector: { os: "raw" } }),
    "ignition/node.bu": BU,
    "ignition/raw.ign":
      '{"ignition":{"version":"3.2.0"},"storage":{"files":[{"path":"/etc/stage","contents":{"source":"data:,installed"}}]}}',
  };
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  const s = await startServer({ store: new DirectoryStore(dir), port: 0, watch: false, ...(secret ? { reportSecret: secret } : {}) });
  servers.push(s);
  return { s, dir };
}

const agentOf = shippedAgent;

describe("profiles with verify", () => {
  it("add the agent keyed for the asking machine, reporting to this server, and record the delivery", async () => {
    const { s, dir } = await serve({ verify: true });
    const r = await fetch(`${s.url}/ignition?mac=52-54-00-00-00-01`);
    expect(r.status).toBe(200);
    const script = agentOf(await r.json())!;
    expect(script).toBeDefined();
    expect(script).toContain(`${s.url}/reports`);
    expect(script).toContain("K_MACHINE='mac=52:54:00:00:00:01'");
    // The profile's own kernel arguments are checked; iPXE's ${…} ones cannot be known.
    expect(script).toContain("'cmdline' 'console=ttyS0'");
    expect(script).not.toContain("kindling.url=");
    const recorded = await waitFor("the delivery to be recorded under deliveries/", () => {
      const files = existsSync(join(dir, "deliveries")) ? readdirSync(join(dir, "deliveries")).filter((f) => !f.startsWith(".")) : [];
      return files.length > 0 && files.map((f) => JSON.parse(readFileSync(join(dir, "deliveries", f), "utf8")));
    });
    expect(recorded).toEqual([
      {
        machine: "mac=52:54:00:00:00:01",
        group: "node1",
        profile: "live",
        endpoint: "/ignition",
        deliveredAt: expect.any(String),
        nonce: expect.stringMatching(/^[0-9a-f]{32}$/),
        times: 1,
      },
    ]);
    // The key is this delivery's own: derived with the nonce on record, which is not the key.
    expect(script).toContain(`K_KEY='${reportKey(SECRET, "node1", "mac=52:54:00:00:00:01", recorded[0].nonce)}'`);
    expect(script).not.toContain(recorded[0].nonce);
    // The boot scripts are not configs: nothing recorded for them.
    expect((await fetch(`${s.url}/ipxe?mac=52:54:00:00:00:01`)).status).toBe(200);
  });

  // The agent runs on the system a profile's machine ends up booting: a live profile's own
  // kernel, or, for a profile that installs to disk, the installed system, which never sees the
  // installer's arguments. src/deliver/pxe/render/expected-kernel-arguments.ts has the rule.
  const kernelChecks = (script: string) => [...script.matchAll(/^k_check .* 'cmdline' '([^']*)'$/gm)].map((m) => m[1]);
  const ROOTFS = "coreos.live.rootfs_url=http://x/assets/rootfs.img";

  it("expect none of an install-to-disk profile's boot arguments", async () => {
    const args = [
      "initrd=main",
      ROOTFS,
      "coreos.inst.install_dev=/dev/sda",
      "coreos.inst.ignition_url=http://x/ignition?mac=${mac:hexhyp}",
      "console=ttyS0",
    ];
    const { s } = await serve({ verify: true, boot: { kernel: "/assets/vmlinuz", initrd: ["--name main /assets/initrd.img"], args } });
    const script = agentOf(await (await fetch(`${s.url}/ignition?mac=52:54:00:00:00:01`)).json())!;
    expect(script).toContain("'hostname' 'hostname' 'name' 'node1'");
    expect(kernelChecks(script)).toEqual([]);
  });

  it("expect a live profile's own boot arguments, not initrd=", async () => {
    const args = [
      "initrd=main",
      ROOTFS,
      "ignition.firstboot",
      "ignition.platform.id=metal",
      "ignition.config.url=http://x/ignition?mac=${mac:hexhyp}",
      "console=ttyS0",
    ];
    const { s } = await serve({ verify: true, boot: { kernel: "/assets/vmlinuz", initrd: ["--name main /assets/initrd.img"], args } });
    const script = agentOf(await (await fetch(`${s.url}/ignition?mac=52:54:00:00:00:01`)).json())!;
    expect(kernelChecks(script)).toEqual([ROOTFS, "ignition.firstboot", "ignition.platform.id=metal", "console=ttyS0"]);
  });

  it("serve the agent in /script and to Ignition JSON templates, and honour verify.url", async () => {
    const { s } = await serve({ verify: { url: "https://reports.example/reports", retry_seconds: 120 } });
    const script = await (await fetch(`${s.url}/script?mac=52:54:00:00:00:01`)).text();
    expect(script).toContain("k_step 'file /etc/kindling/verify.sh'");
    expect(script).toContain("https://reports.example/reports");
    const raw = await fetch(`${s.url}/ignition?os=raw`);
    expect(raw.status).toBe(200);
    const body = await raw.json();
    expect(body.ignition.version).toBe("3.2.0");
    const agent = agentOf(body)!;
    // A group that names no machine (os=raw) shares one group-wide key.
    expect(agent).toContain(`K_KEY='${reportKey(SECRET, "raw")}'`);
    expect(agent).toContain("K_MACHINE=''");
  });

  it("is a 500 naming the flag when serve takes no reports", async () => {
    const { s, dir } = await serve({ verify: true }, null);
    const r = await fetch(`${s.url}/ignition?mac=52:54:00:00:00:01`);
    expect(r.status).toBe(500);
    expect(await r.text()).toContain(
      'profile "live" (profiles/live.json) asks for verification, but kindling serve takes no reports: start it with --report-secret-file FILE',
    );
    expect(existsSync(join(dir, "deliveries"))).toBe(false);
  });

  it("refuses a malformed verify setting at its line and column", async () => {
    await expect(serve({ verify: { url: "gopher://x", every: 3 } })).rejects.toThrow(
      /profiles\/live.json:1:\d+: verify.url must be an http:\/\/ or https:\/\/ URL/,
    );
  });
});
