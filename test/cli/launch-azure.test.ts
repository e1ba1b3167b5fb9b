// kindling launch azure against the ARM emulator (test/emulators/arm-emulator.ts):
// the real launcher and ky, pointed at the emulator with --endpoint.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { launchCommand } from "../../src/cli/launch.js";
import type { Json } from "../../src/deliver/cloud/azure/arm-client.js";
import { transpile } from "../../src/transpile.js";
import { type ArmEmulator, startArmEmulator } from "../emulators/arm-emulator.js";
import { startAzureBlobEmulator } from "../emulators/azure-blob-emulator.js";
import { memoryIO } from "../helpers/io.js";

const SUB = "00000000-0000-0000-0000-0000000000aa";
const RG = "kindling-rg";
const SUBNET = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default`;
const config = "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/motd\n      contents:\n        inline: hello azure\n";

let arm: ArmEmulator;
let dir: string;
let keyFile: string;
beforeEach(async () => {
  arm = await startArmEmulator();
  dir = mkdtempSync(join(tmpdir(), "kindling-azure-"));
  keyFile = join(dir, "id.pub");
  writeFileSync(keyFile, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKindlingTestKey user@host\n");
  writeFileSync(join(dir, "config.bu"), config);
});
afterEach(() => arm.close());

const run = async (extra: string[], env: Record<string, string> = {}) => {
  const m = memoryIO("", env);
  const args = [
    "azure",
    "--name",
    "web",
    "--subscription",
    SUB,
    "--resource-group",
    RG,
    "--location",
    "westeurope",
    "--image",
    "kinvolk:flatcar-container-linux-free:stable:latest",
    "--subnet",
    SUBNET,
    "--ssh-public-key",
    keyFile,
    "--endpoint",
    arm.url,
    ...extra,
    join(dir, "config.bu"),
  ];
  const code = await launchCommand(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
};

const vmPuts = () => arm.calls.filter((c) => c.method === "PUT" && c.path.includes("/virtualMachines/"));

describe("kindling launch azure", () => {
  test("creates the VM with customData that decodes to the fitted config, waits, prints where it is", async () => {
    const r = await run(["--token", "arm-token", "--tag", "team=infra"]);
    expect(r.stderr).not.toContain("Error");
    expect(r.code).toBe(0);
    const [put] = vmPuts();
    expect(put!.path).toBe(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/web`);
    expect(put!.query.get("api-version")).toBe("2024-07-01");
    expect(put!.headers.authorization).toBe("Bearer arm-token");
    const body = put!.body as Json;
    expect(Buffer.from(body.properties.osProfile.customData, "base64").toString()).toBe(transpile(config).output);
    expect(body.properties.hardwareProfile.vmSize).toBe("Standard_B2s");
    expect(body.properties.storageProfile.imageReference).toEqual({
      publisher: "kinvolk",
      offer: "flatcar-container-linux-free",
      sku: "stable",
      version: "latest",
    });
    expect(body.properties.osProfile.linuxConfiguration.ssh.publicKeys[0].keyData).toContain("ssh-ed25519");
    expect(body.tags).toEqual({ team: "infra" });
    // The NIC was created in the subnet and the VM names it.
    const nicId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/networkInterfaces/web-nic`;
    expect(body.properties.networkProfile.networkInterfaces[0].id).toBe(nicId);
    expect(arm.nics.get(nicId.toLowerCase())).toBeDefined();
    // The async operation was polled and the VM read back.
    expect(arm.calls.some((c) => c.method === "GET" && c.path.includes("/operations/"))).toBe(true);
    const vm = arm.vms.get("web")!;
    expect(r.stdout).toMatch(
      new RegExp(
        `^ID\\s+NAME\\s+STATE\\s+PRIVATE-IP\\s+PUBLIC-IP\\s+ZONE\\n${vm.properties.vmId}\\s+web\\s+running\\s+10\\.0\\.0\\.\\d+\\s+-\\s+westeurope\\n$`,
      ),
    );
  });

  test("--count 2 makes web-1 and web-2, each with its own NIC", async () => {
    const r = await run(["--token", "arm-token", "--count", "2"]);
    expect(r.code).toBe(0);
    expect([...arm.vms.keys()].sort()).toEqual(["web-1", "web-2"]);
    expect(arm.nics.size).toBe(2);
    expect(r.stdout.trim().split("\n")).toHaveLength(3);
  });

  test("a re-run updates the same VMs by name, never makes more", async () => {
    expect((await run(["--token", "arm-token", "--count", "2"])).code).toBe(0);
    const ids = [...arm.vms.values()].map((v) => v.properties.vmId).sort();
    const again = await run(["--token", "arm-token", "--count", "2"]);
    expect(again.code).toBe(0);
    expect(arm.vms.size).toBe(2);
    expect(arm.nics.size).toBe(2);
    expect([...arm.vms.values()].map((v) => v.properties.vmId).sort()).toEqual(ids);
    expect(vmPuts()).toHaveLength(4);
  });

  test("a 429 with Retry-After and a 500 are retried", async () => {
    arm.inject("PUT", "/virtualMachines/web", 429, 1, "1");
    arm.inject("GET", "/operations/", 500, 1);
    const started = Date.now();
    const r = await run(["--token", "arm-token"]);
    expect(r.stderr).not.toContain("Error");
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(vmPuts()).toHaveLength(2);
  });

  test("retries are bounded: a server that keeps failing is one line, exit 1", async () => {
    arm.inject("PUT", "/networkInterfaces/", 500, 10);
    const r = await run(["--token", "arm-token"]);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("Error"))).toEqual([
      "Error: web: creating its network interface: HTTP 500 InternalServerError: An internal execution error occurred.",
    ]);
    expect(arm.calls.filter((c) => c.method === "PUT")).toHaveLength(5);
  }, 15_000);

  test("a provisioning failure is one line naming ARM's code, exit 1", async () => {
    arm.failProvisioning("web", "OSProvisioningTimedOut", "OS Provisioning for VM 'web' did not finish in the allotted time.");
    const r = await run(["--token", "arm-token"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/launch: user data [\d,]+ of 65,535 bytes/);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("Error"))).toEqual([
      "Error: web: provisioning Failed: OSProvisioningTimedOut: OS Provisioning for VM 'web' did not finish in the allotted time.",
    ]);
    expect(r.stdout).toBe("");
  });

  test("--dry-run prints the exact PUTs, customData summarised, and sends nothing", async () => {
    const r = await run(["--dry-run"]);
    expect(r.code).toBe(0);
    expect(arm.calls).toHaveLength(0);
    const calls = JSON.parse(r.stdout) as { method: string; target: string; body: Json }[];
    expect(calls.map((c) => `${c.method} ${c.target}`)).toEqual([
      `PUT ${arm.url}/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/networkInterfaces/web-nic?api-version=2024-05-01`,
      `PUT ${arm.url}/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/web?api-version=2024-07-01`,
    ]);
    expect(calls[1]!.body.properties.osProfile.customData).toMatchObject({ userData: expect.stringMatching(/bytes, strategy inline$/) });
    expect(r.stdout).not.toContain(Buffer.from(transpile(config).output!).toString("base64"));
  });

  test("an existing --nic with --count 2 is refused (one NIC cannot serve two VMs)", async () => {
    const m = memoryIO("", {});
    const nic = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/networkInterfaces/mine`;
    const code = await launchCommand(
      [
        "azure",
        "--name",
        "web",
        "--count",
        "2",
        "--subscription",
        SUB,
        "--resource-group",
        RG,
        "--location",
        "westeurope",
        "--image",
        "a:b:c:d",
        "--nic",
        nic,
        "--ssh-public-key",
        keyFile,
        "--dry-run",
        join(dir, "config.bu"),
      ],
      m.io,
    );
    expect(code).toBe(1);
    expect(m.stderr()).toContain("Error: --nic names one network interface; with --count 2 give --subnet");
  });

  test("an existing --nic with a public IP: both addresses are printed", async () => {
    const nic = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/networkInterfaces/mine`;
    const pip = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/publicIPAddresses/mine-ip`;
    arm.addPublicIp(pip, "20.1.2.3");
    arm.addNic(nic, "10.1.0.7", pip);
    const m = memoryIO("", {});
    const code = await launchCommand(
      [
        "azure",
        "--name",
        "web",
        "--subscription",
        SUB,
        "--resource-group",
        RG,
        "--location",
        "westeurope",
        "--image",
        "a:b:c:d",
        "--nic",
        nic,
        "--ssh-public-key",
        keyFile,
        "--endpoint",
        arm.url,
        "--token",
        "arm-token",
        join(dir, "config.bu"),
      ],
      m.io,
    );
    expect(m.stderr()).not.toContain("Error");
    expect(code).toBe(0);
    expect(m.stdout()).toMatch(/\s+web\s+running\s+10\.1\.0\.7\s+20\.1\.2\.3\s+westeurope\n$/);
  });

  test("the subscription comes from AZURE_SUBSCRIPTION_ID when --subscription is not given", async () => {
    const m = memoryIO("", { AZURE_SUBSCRIPTION_ID: SUB });
    const code = await launchCommand(
      [
        "azure",
        "--name",
        "web",
        "--resource-group",
        RG,
        "--location",
        "westeurope",
        "--image",
        "a:b:c:d",
        "--subnet",
        SUBNET,
        "--ssh-public-key",
        keyFile,
        "--dry-run",
        join(dir, "config.bu"),
      ],
      m.io,
    );
    expect(code).toBe(0);
    expect(m.stdout()).toContain(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/web?`);
  });

  test("an expired --token is one line, exit 1", async () => {
    await arm.close();
    arm = await startArmEmulator({ expiredTokens: ["old"] });
    const r = await run(["--token", "old"]);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("Error"))).toEqual([
      expect.stringMatching(
        /^Error: the Azure token was refused \(ExpiredAuthenticationToken: .*\): run az login again or pass a fresh --token$/,
      ),
    ]);
  });

  test("no credentials at all: one line naming az login, the AZURE_* variables and --token, exit 1", async () => {
    const r = await run([]);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("Error"))).toEqual([
      "Error: no Azure credentials found: run az login, set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or pass --token (a bucket with kindling launch: --storage-token)",
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(arm.calls).toHaveLength(0);
  }, 20_000);
  test("with a bucket, --token goes to ARM only and --storage-token to Blob storage only", async () => {
    const blob = await startAzureBlobEmulator();
    try {
      blob.createContainer("acct", "configs");
      const bucket = ["--strategy", "object", "--bucket", "https://acct.blob.core.windows.net/configs", "--presign", "600"];
      const storage = ["--storage-endpoint", blob.endpoint("acct")];
      const r = await run(["--token", "arm-token", ...bucket, ...storage, "--storage-token", "storage-token"]);
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.code).toBe(0);
      const bearers = (calls: { headers: { authorization?: string } }[]) => new Set(calls.map((c) => c.headers.authorization));
      expect(bearers(arm.calls)).toEqual(new Set(["Bearer arm-token"]));
      expect([...bearers(blob.calls)].filter((b) => b !== undefined)).toEqual(["Bearer storage-token"]);
      // Without --storage-token the bucket does not borrow the ARM token: it asks the credential chain, empty here.
      const refused = await run(["--token", "arm-token", ...bucket, ...storage]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/az login/);
      expect(vmPuts()).toHaveLength(1); // only the first launch reached ARM
    } finally {
      await blob.close();
    }
  });
});
