/**
 * The ARM requests `kindling launch azure` sends, built from its flags
 * without touching the network: per VM, a network interface in --subnet
 * (unless --nic names an existing one) and the virtual machine itself, PUT
 * by name (so a re-run updates what is there and never makes a second one),
 * with the user data in osProfile.customData as base64.
 */
import type { LaunchRequest } from "../launch/launcher.js";

export const COMPUTE_API_VERSION = "2024-07-01";
export const NETWORK_API_VERSION = "2024-05-01";
export const ARM_ENDPOINT = "https://management.azure.com";
/** A small general-purpose size (2 vCPU, 4 GiB) offered in every region. */
export const DEFAULT_VM_SIZE = "Standard_B2s";
/** Fedora CoreOS and Flatcar's own user; ARM requires an admin user on Linux VMs. */
export const DEFAULT_ADMIN_USERNAME = "core";

/** One VM's requests: the NIC to create (none with --nic), then the VM. */
export interface VmPlan {
  name: string;
  location: string;
  nic: { id: string; url: string; body?: Record<string, unknown> };
  vm: { id: string; url: string; body: Record<string, unknown> };
}

const RESOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}[A-Za-z0-9_]$|^[A-Za-z0-9]$/;

/** The image reference for a URN (publisher:offer:sku:version) or a resource id (image, gallery image version, community or shared gallery). */
export function imageReference(image: string): Record<string, string> | { error: string } {
  if (/^\/CommunityGalleries\//i.test(image)) return { communityGalleryImageId: image };
  if (/^\/SharedGalleries\//i.test(image)) return { sharedGalleryImageId: image };
  if (/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\//i.test(image)) return { id: image };
  const urn = image.split(":");
  if (urn.length === 4 && urn.every((p) => p !== "")) {
    const [publisher, offer, sku, version] = urn as [string, string, string, string];
    return { publisher, offer, sku, version };
  }
  return {
    error: `invalid argument "${image}" for --image: a URN PUBLISHER:OFFER:SKU:VERSION or an image resource id (/subscriptions/…/providers/Microsoft.Compute/…)`,
  };
}

/** KEY=VALUE tags as an object, or a one-line error. */
function tagsOf(values: string[]): Record<string, string> | { error: string } {
  const tags: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf("=");
    if (eq < 1) return { error: `invalid argument "${v}" for --tag: KEY=VALUE` };
    tags[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return tags;
}

const str = (request: LaunchRequest, flag: string): string | undefined => {
  const v = request.flags[flag];
  return typeof v === "string" ? v : undefined;
};

/** Every VM's requests, or a one-line error for a missing or bad flag. */
export async function planVms(request: LaunchRequest): Promise<VmPlan[] | { error: string }> {
  const subscription = str(request, "subscription") ?? request.env.AZURE_SUBSCRIPTION_ID;
  if (!subscription) return { error: "give --subscription ID (or set AZURE_SUBSCRIPTION_ID)" };
  const group = str(request, "resource-group");
  if (!group) return { error: "give --resource-group NAME" };
  const location = str(request, "location");
  if (!location) return { error: "give --location (an Azure region such as westeurope)" };
  const image = str(request, "image");
  if (!image) return { error: "give --image PUBLISHER:OFFER:SKU:VERSION or an image resource id" };
  const reference = imageReference(image);
  if ("error" in reference) return { error: reference.error as string };
  const nic = str(request, "nic");
  const subnet = str(request, "subnet");
  if (nic === undefined && subnet === undefined) return { error: "give --subnet SUBNET-ID (a NIC is made per VM) or --nic NIC-ID" };
  if (nic !== undefined && subnet !== undefined) return { error: "give --subnet or --nic, not both" };
  if (nic !== undefined && request.count > 1)
    return { error: `--nic names one network interface; with --count ${request.count} give --subnet and a NIC is made per VM` };
  const keyFile = str(request, "ssh-public-key");
  if (!keyFile) return { error: "give --ssh-public-key FILE: ARM requires an SSH key for a Linux VM's admin user" };
  let keyData: string;
  try {
    keyData = Buffer.from(await request.readFile(keyFile))
      .toString("utf8")
      .trim();
  } catch (err) {
    return { error: `cannot read --ssh-public-key ${keyFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  if (!/^(ssh-|ecdsa-)/.test(keyData)) return { error: `${keyFile} is not an OpenSSH public key (ssh-rsa, ssh-ed25519, ecdsa-…)` };
  const tagValues = request.flags.tag;
  const tags = tagsOf(Array.isArray(tagValues) ? tagValues : typeof tagValues === "string" ? [tagValues] : []);
  if ("error" in tags) return { error: tags.error as string };
  const admin = str(request, "admin-username") ?? DEFAULT_ADMIN_USERNAME;
  const size = str(request, "size") ?? DEFAULT_VM_SIZE;

  const names = request.count === 1 ? [request.name] : Array.from({ length: request.count }, (_, i) => `${request.name}-${i + 1}`);
  const bad = names.find((n) => !RESOURCE_NAME.test(`${n}-nic`));
  if (bad !== undefined)
    return { error: `invalid --name "${request.name}": Azure names are letters, digits, -, _ and . (at most 64, with -N and -nic)` };
  const base = (request.endpoint ?? ARM_ENDPOINT).replace(/\/+$/, "");
  const groupId = `/subscriptions/${subscription}/resourceGroups/${group}`;
  const customData = Buffer.from(request.userData.bytes).toString("base64");
  const withTags = Object.keys(tags).length > 0 ? { tags } : {};

  return names.map((name): VmPlan => {
    const nicId = nic ?? `${groupId}/providers/Microsoft.Network/networkInterfaces/${name}-nic`;
    const vmId = `${groupId}/providers/Microsoft.Compute/virtualMachines/${name}`;
    return {
      name,
      location,
      nic: {
        id: nicId,
        url: `${base}${nicId}?api-version=${NETWORK_API_VERSION}`,
        ...(nic === undefined
          ? {
              body: {
                location,
                ...withTags,
                properties: {
                  ipConfigurations: [{ name: "ipconfig1", properties: { subnet: { id: subnet }, privateIPAllocationMethod: "Dynamic" } }],
                },
              },
            }
          : {}),
      },
      vm: {
        id: vmId,
        url: `${base}${vmId}?api-version=${COMPUTE_API_VERSION}`,
        body: {
          location,
          ...withTags,
          properties: {
            hardwareProfile: { vmSize: size },
            storageProfile: {
              imageReference: reference,
              osDisk: { createOption: "FromImage", deleteOption: "Delete", managedDisk: { storageAccountType: "StandardSSD_LRS" } },
            },
            osProfile: {
              computerName: name,
              adminUsername: admin,
              customData,
              linuxConfiguration: {
                disablePasswordAuthentication: true,
                ssh: { publicKeys: [{ path: `/home/${admin}/.ssh/authorized_keys`, keyData }] },
              },
            },
            networkProfile: {
              networkInterfaces: [{ id: nicId, properties: { primary: true, deleteOption: nic === undefined ? "Delete" : "Detach" } }],
            },
            diagnosticsProfile: { bootDiagnostics: { enabled: true } },
          },
        },
      },
    };
  });
}
