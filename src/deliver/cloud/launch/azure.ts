/**
 * `kindling launch azure`: virtual machines through Azure Resource Manager
 * with ky. Per VM: a network interface in --subnet (or the --nic given),
 * then the VM, both PUT by name (a re-run updates them, never duplicates),
 * the user data in osProfile.customData, each Azure-AsyncOperation polled
 * to its end; then the VM's power state and its NIC's addresses. The
 * bearer token is --token or the credential chain (azure/credentials.ts).
 */
import { ArmFailure, armGet, armPutAndWait, type Json } from "../azure/arm-client.js";
import { ARM_ENDPOINT, DEFAULT_ADMIN_USERNAME, DEFAULT_VM_SIZE, planVms, type VmPlan } from "../azure/arm-plan.js";
import { ARM_SCOPE, azureToken } from "../azure/credentials.js";
import { azureHttp } from "../azure/http.js";
import type { LaunchedInstance, Launcher, PlannedCall, Progress } from "./launcher.js";

/** VMs created at once (ARM throttles a subscription's writes). */
const PARALLEL = 4;

const usage = `  --subscription ID    the subscription (default: AZURE_SUBSCRIPTION_ID)
  --resource-group RG  the resource group the VMs and their NICs go in (required)
  --location L         the region, e.g. westeurope (required)
  --image I            PUBLISHER:OFFER:SKU:VERSION, or an image or gallery image version resource id
  --size S             the VM size (default ${DEFAULT_VM_SIZE})
  --subnet ID          a subnet resource id: one NIC is made per VM, named NAME-nic
  --nic ID             an existing NIC resource id instead (only with --count 1)
  --admin-username U   the admin user (default ${DEFAULT_ADMIN_USERNAME})
  --ssh-public-key F   the admin user's OpenSSH public key file (required by ARM)
  --tag KEY=VALUE      a tag on the VMs and NICs (repeatable)
  The user data goes in osProfile.customData (Ignition and cloud-init read it).
  Credentials: --token, else AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET,
  a managed identity, or az login.
`;

const flags = {
  subscription: { type: "string" },
  "resource-group": { type: "string" },
  location: { type: "string" },
  image: { type: "string" },
  size: { type: "string" },
  subnet: { type: "string" },
  nic: { type: "string" },
  "admin-username": { type: "string" },
  "ssh-public-key": { type: "string" },
  tag: { type: "string", multiple: true },
} as const;

/** Runs `work` over `items`, at most `limit` at a time, in order of the results. */
async function inPool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const powerState = (vm: Json): string => {
  const statuses = (vm.properties?.instanceView?.statuses ?? []) as { code?: string }[];
  const power = statuses.find((s) => s.code?.startsWith("PowerState/"))?.code;
  return power ? power.slice("PowerState/".length) : String(vm.properties?.provisioningState ?? "unknown").toLowerCase();
};

async function launchOne(http: ReturnType<typeof azureHttp>, plan: VmPlan, base: string, progress: Progress): Promise<LaunchedInstance> {
  const say = (text: string) => progress.step(`${plan.name}: ${text}`);
  if (plan.nic.body) {
    say("network interface");
    await armPutAndWait(http, plan.nic.url, plan.nic.body, `${plan.name}: creating its network interface`, (s) =>
      say(`network interface ${s}`),
    );
  }
  say("virtual machine");
  await armPutAndWait(http, plan.vm.url, plan.vm.body, plan.name, (s) => say(`virtual machine ${s}`));
  // Wait for the power state to say running (it usually does once provisioning succeeded).
  let vm: Json = {};
  for (let i = 0; i < 60; i++) {
    vm = await armGet(http, `${plan.vm.url}&$expand=instanceView`, `${plan.name}: reading the VM`);
    const state = powerState(vm);
    if (state !== "starting" && state !== "creating") break;
    say(state);
    await new Promise((r) => setTimeout(r, 5_000));
  }
  const nic = await armGet(http, plan.nic.url, `${plan.name}: reading its network interface`);
  const ipConfig = (nic.properties?.ipConfigurations?.[0]?.properties ?? {}) as Json;
  let publicIp: string | undefined;
  const publicId = ipConfig.publicIPAddress?.id as string | undefined;
  if (publicId) {
    const pip = await armGet(http, `${base}${publicId}?api-version=2024-05-01`, `${plan.name}: reading its public IP address`);
    publicIp = pip.properties?.ipAddress;
  }
  say(powerState(vm));
  return {
    id: String(vm.properties?.vmId ?? plan.vm.id),
    name: plan.name,
    state: powerState(vm),
    ...(ipConfig.privateIPAddress ? { privateIp: String(ipConfig.privateIPAddress) } : {}),
    ...(publicIp ? { publicIp } : {}),
    zone: String(vm.location ?? plan.location),
  };
}

export const azureLauncher: Launcher = {
  flags,
  usage,
  async plan(request) {
    const plans = await planVms(request);
    if ("error" in plans) return plans;
    const calls: PlannedCall[] = [];
    for (const p of plans) {
      if (p.nic.body) calls.push({ method: "PUT", target: p.nic.url, body: p.nic.body });
      calls.push({ method: "PUT", target: p.vm.url, body: p.vm.body });
    }
    return calls;
  },
  async launch(request, progress) {
    const plans = await planVms(request);
    if ("error" in plans) return plans;
    progress.step("signing in");
    const token = await azureToken(ARM_SCOPE, { env: request.env, ...(request.token !== undefined ? { token: request.token } : {}) });
    if ("error" in token) return token;
    const http = azureHttp({ authorization: `Bearer ${token.token}` });
    const base = (request.endpoint ?? ARM_ENDPOINT).replace(/\/+$/, "");
    try {
      return await inPool(plans, PARALLEL, (plan) => launchOne(http, plan, base, progress));
    } catch (err) {
      if (err instanceof ArmFailure) return { error: err.message };
      throw err;
    }
  },
};
