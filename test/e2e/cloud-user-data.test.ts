// Cloud delivery on real (emulated) machines: `kindling user-data` makes
// each platform's user data from one Butane config (script target, with the
// verification agent), and a guest per platform gets it the way that
// platform's agent does: EC2's IMDSv2 (a PUT for the token, then the user
// data with it) and GCE's metadata server (Metadata-Flavor: Google), each an
// emulator reached at 169.254.169.254 through qemu's guestfwd, and Azure's
// ovf-env.xml with CustomData on a provisioning ISO attached as a CD-ROM.
// The config is over EC2's 16,384 bytes and under the others' limits, so
// EC2 gets the gzip strategy (raw gzip bytes, which the guest gunzips as
// cloud-init does) and GCE and Azure get it inline. Each guest applies it
// and its agent reports to a real `kindling serve`; `kindling status` must
// then show all three machines verified, each in its platform's group.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEc2Imds } from "../emulators/ec2-imds-emulator.js";
import { startGceMetadata } from "../emulators/gce-metadata-emulator.js";
import { buildGuest, type Guest } from "./guest/build.js";
import { ovfEnvironment, writeOvfIso } from "./guest/ovf-iso.js";
import { type BootOptions, bootMachine, markers } from "./guest/qemu.js";
import { kindling, type RunningServe, startServe } from "./guest/serve.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
/**
 * qemu's user network for the cloud boots: 169.254.169.0/24, so that the
 * metadata address is inside it (slirp forwards only addresses of its own
 * network); the host is then 169.254.169.2 to the guest.
 */
const CLOUD_NET = "169.254.169.0/24";
const HOST = "169.254.169.2";
const METADATA = "169.254.169.254";
const BOOT_TIMEOUT_MS = 300_000;

/**
 * One config for every platform. The script it becomes, with the agent and
 * the unit's 150 settings, is some 44 KB: over EC2's limit, under the
 * others', and some 13 KB gzipped.
 */
const nodeConfig = (platform: string) => `variant: fcos
version: 1.5.0
storage:
  directories:
    - path: /var/lib/app
      mode: 0750
  files:
    - path: /etc/hostname
      mode: 0644
      contents:
        inline: "${platform}-node\\n"
    - path: /etc/motd
      mode: 0644
      contents:
        inline: "Provisioned by kindling through ${platform} user data.\\n"
  links:
    - path: /etc/app.service
      target: /etc/systemd/system/app.service
systemd:
  units:
    - name: app.service
      enabled: true
      contents: |
        [Unit]
        Description=the ${platform} e2e app
        [Service]
        ExecStart=/bin/true
${Array.from({ length: 150 }, (_, i) => `        Environment=SETTING_${i}=value-for-${platform}-${i}`).join("\n")}
        [Install]
        WantedBy=multi-user.target
`;

let work: string;
let guest: Guest;
let serve: RunningServe;

function put(path: string, text: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** `kindling user-data` for `platform`, with the agent reporting to the group `<platform>-fleet`. */
function userData(platform: string): { bytes: Buffer; stderr: string } {
  const group = `${platform}-fleet`;
  const key = kindling(["report-key", "--secret-file", serve.secretFile, "--group", group]);
  expect(key.code, key.err).toBe(0);
  put(join(work, `${platform}.key`), key.out);
  put(join(work, `${platform}.bu`), nodeConfig(platform));
  const out = join(work, `${platform}.user-data`);
  const r = kindling([
    "user-data",
    "--platform",
    platform,
    "--target",
    "script",
    "--verify",
    `http://${HOST}:${serve.port}/reports`,
    "--verify-group",
    group,
    "--verify-key-file",
    join(work, `${platform}.key`),
    "-o",
    out,
    join(work, `${platform}.bu`),
  ]);
  expect(r.code, r.err).toBe(0);
  return { bytes: readFileSync(out), stderr: r.err };
}

const direct = (platform: string): BootOptions["direct"] => ({
  kernel: guest.kernel,
  initrd: guest.initrd,
  append: `console=ttyS0 panic=-1 kindling.cloud=${platform}`,
});

async function boot(platform: string, options: Omit<BootOptions, "timeoutMs" | "network">) {
  const logFile = join(ROOT, `test/e2e/.cache/logs/cloud-${platform}.log`);
  const run = await bootMachine({ ...options, network: CLOUD_NET, timeoutMs: BOOT_TIMEOUT_MS, logFile });
  console.log(`booted the ${platform} guest in ${(run.ms / 1000).toFixed(1)} s`);
  const seen = markers(run.console);
  expect(
    seen.filter((m) => m.startsWith("failed")),
    run.console + serve.log(),
  ).toEqual([]);
  expect(seen, run.console).toContain("apply exit 0");
  expect(run.console, run.console + serve.log()).toContain("kindling-verify: report accepted");
  return seen;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "kindling-e2e-cloud-"));
  guest = await buildGuest(join(ROOT, "test/e2e/.cache"));
  const data = join(work, "data");
  put(join(data, "profiles/cloud.json"), JSON.stringify({ id: "cloud" }));
  for (const platform of ["ec2", "gce", "azure"])
    put(
      join(data, `groups/${platform}-fleet.json`),
      JSON.stringify({ id: `${platform}-fleet`, profile: "cloud", selector: { cloud: platform }, metadata: {} }),
    );
  serve = await startServe(work, data);
}, 600_000);

afterAll(() => {
  serve?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("cloud user data on real boots, verified", () => {
  it("EC2: over 16 KB, so gzip bytes, fetched through IMDSv2, gunzipped and applied", async () => {
    const { bytes, stderr } = userData("ec2");
    expect(stderr).toMatch(/strategy gzip/);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(gunzipSync(bytes).length).toBeGreaterThan(16_384);
    const imds = await startEc2Imds(bytes, "i-0123456789abcdef0");
    try {
      const seen = await boot("ec2", {
        direct: direct("ec2"),
        mac: "52:54:00:00:01:01",
        guestForwards: [{ address: METADATA, port: 80, hostPort: imds.port }],
      });
      expect(seen).toContain(`user-data ec2 ${bytes.length} bytes`);
      expect(seen).toContain(`user-data gunzipped to ${gunzipSync(bytes).length} bytes`);
      // IMDSv2 on the wire: the token first, then the user data with it.
      const [tokenRequest, userDataRequest] = imds.requests;
      expect(tokenRequest).toMatchObject({ method: "PUT", path: "/latest/api/token", status: 200 });
      expect(userDataRequest).toMatchObject({ method: "GET", path: "/latest/user-data", status: 200 });
      expect(userDataRequest?.token).toBeDefined();
    } finally {
      await imds.close();
    }
  }, 600_000);

  it("GCE: inline, fetched from the metadata server with Metadata-Flavor: Google", async () => {
    const { bytes, stderr } = userData("gce");
    expect(stderr).toMatch(/strategy inline/);
    const metadata = await startGceMetadata({ "user-data": bytes.toString("utf8") }, "4567890123456789");
    try {
      const seen = await boot("gce", {
        direct: direct("gce"),
        mac: "52:54:00:00:01:02",
        guestForwards: [{ address: METADATA, port: 80, hostPort: metadata.port }],
      });
      expect(seen).toContain(`user-data gce ${bytes.length} bytes`);
      expect(metadata.requests).toEqual([{ path: "/computeMetadata/v1/instance/attributes/user-data", flavor: "Google", status: 200 }]);
    } finally {
      await metadata.close();
    }
  }, 600_000);

  it("Azure: inline, read from CustomData in ovf-env.xml on the provisioning CD-ROM", async () => {
    const { bytes, stderr } = userData("azure");
    expect(stderr).toMatch(/strategy inline/);
    const iso = join(work, "azure-provisioning.iso");
    writeOvfIso(iso, ovfEnvironment("azure-node", bytes));
    const seen = await boot("azure", { direct: direct("azure"), mac: "52:54:00:00:01:03", cdrom: iso });
    expect(seen).toContain(`user-data azure ${bytes.length} bytes`);
  }, 600_000);

  it("kindling status shows the three cloud machines verified, each in its platform's group", () => {
    const r = serve.status("--format", "json");
    expect(r.code, r.out + r.err + serve.log()).toBe(0);
    const machines = JSON.parse(r.out).machines as { group: string; state: string; failed: number; passed: number }[];
    const byGroup = new Map(machines.map((m) => [m.group, m]));
    for (const platform of ["ec2", "gce", "azure"]) {
      const machine = byGroup.get(`${platform}-fleet`);
      expect(machine, r.out).toMatchObject({ state: "verified", failed: 0 });
      expect(machine!.passed).toBeGreaterThan(5);
    }
    const table = serve.status();
    console.log(table.out);
    for (const platform of ["ec2", "gce", "azure"]) expect(table.out).toMatch(new RegExp(`${platform}-fleet .* verified$`, "m"));
  });
});
