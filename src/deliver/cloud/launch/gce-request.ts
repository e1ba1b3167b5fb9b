/**
 * The Compute Engine instances.insert requests a `kindling launch gce` sends,
 * built from the command line without touching the network (what --dry-run
 * prints is exactly what is sent): one per instance, names NAME-1…NAME-N with
 * --count, the user data in the `user-data` metadata value, and a requestId
 * derived from the request itself, so that a retried or repeated insert is
 * answered with the first one's operation instead of a second instance.
 *
 * Defaults: machine type e2-small (2 shared vCPUs, 2 GB, enough for Fedora
 * CoreOS); image Fedora CoreOS stable for Ignition user data and Ubuntu 24.04
 * LTS for cloud-init (whose GCE datasource reads `user-data`); the project's
 * default network with an external address; the Compute Engine default
 * service account with the cloud-platform scope (IAM decides what it may do,
 * e.g. read a gs:// pointer's object).
 *
 * Metadata values are strings. User data that is not UTF-8 text (cloud-init's
 * gzip strategy) goes base64 with `user-data-encoding: base64`, which
 * cloud-init's GCE datasource decodes before unpacking the gzip. Ignition
 * user data is always JSON text.
 */
import { createHash } from "node:crypto";
import { COMPUTE_BASE, trimBase } from "../gcp/api.js";
import { CLOUD_PLATFORM_SCOPE } from "../gcp/credentials.js";
import { USER_DATA_LIMITS } from "../limits.js";
import type { LaunchRequest, PlannedCall } from "./launcher.js";

export const DEFAULT_MACHINE_TYPE = "e2-small";
export const IGNITION_IMAGE = "projects/fedora-coreos-cloud/global/images/family/fedora-coreos-stable";
export const CLOUD_INIT_IMAGE = "projects/ubuntu-os-cloud/global/images/family/ubuntu-2404-lts-amd64";

const RESOURCE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const ZONE = /^[a-z]+-[a-z]+[0-9]+-[a-z]$/;
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

/** One insert: the instance's name and the call. */
export interface PlannedInsert {
  name: string;
  call: PlannedCall & { body: Record<string, unknown> };
}

type Env = Readonly<Record<string, string | undefined>>;

/** The project from --project or the environment (GOOGLE_CLOUD_PROJECT, CLOUDSDK_CORE_PROJECT), as gcloud and the client libraries read it. */
export function projectFromFlagsOrEnv(flags: LaunchRequest["flags"], env: Env): string | undefined {
  const flag = flags.project;
  if (typeof flag === "string" && flag !== "") return flag;
  return env.GOOGLE_CLOUD_PROJECT || env.GCLOUD_PROJECT || env.CLOUDSDK_CORE_PROJECT || undefined;
}

/** A UUID made of the request's sha256 (version 8: custom), the same for the same request. */
export function requestIdOf(project: string, zone: string, body: unknown): string {
  const h = createHash("sha256").update(JSON.stringify({ project, zone, body })).digest("hex");
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The metadata items carrying the user data, or one line when it cannot fit. */
export function userDataItems(bytes: Uint8Array): { key: string; value: string }[] | { error: string } {
  let text: string | undefined;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = undefined;
  }
  if (text !== undefined && !(bytes[0] === 0x1f && bytes[1] === 0x8b)) return [{ key: "user-data", value: text }];
  const value = Buffer.from(bytes).toString("base64");
  const limit = USER_DATA_LIMITS.gce.bytes;
  if (value.length > limit)
    return {
      error: `the user data is ${bytes.length.toLocaleString("en-US")} binary bytes, ${value.length.toLocaleString("en-US")} in base64, over the ${limit.toLocaleString("en-US")} bytes of a GCE metadata value: pass --bucket gs://BUCKET with --presign SECONDS (the object strategy)`,
    };
  return [
    { key: "user-data", value },
    { key: "user-data-encoding", value: "base64" },
  ];
}

const list = (v: string | string[] | boolean | undefined): string[] =>
  v === undefined || typeof v === "boolean" ? [] : Array.isArray(v) ? v : [v];
const str = (v: string | string[] | boolean | undefined): string | undefined => (typeof v === "string" ? v : undefined);

/** The insert calls for `request` in `project`, or one line naming the flag at fault. */
export function planInserts(request: LaunchRequest, project: string): PlannedInsert[] | { error: string } {
  const { flags } = request;
  const zone = str(flags.zone);
  if (zone === undefined) return { error: "give the --zone to launch in (us-central1-a, europe-west1-b, …)" };
  if (!ZONE.test(zone)) return { error: `invalid argument "${zone}" for --zone: a zone like us-central1-a` };
  if (!RESOURCE_NAME.test(project) && !/^[a-z][-a-z0-9.:]{4,62}$/.test(project)) return { error: `invalid project "${project}"` };
  const names = request.count === 1 ? [request.name] : Array.from({ length: request.count }, (_, i) => `${request.name}-${i + 1}`);
  const badName = names.find((n) => !RESOURCE_NAME.test(n));
  if (badName !== undefined)
    return {
      error: `invalid instance name "${badName}": lowercase letters, digits and hyphens, starting with a letter, at most 63 characters`,
    };

  const labels: Record<string, string> = {};
  for (const label of list(flags.label)) {
    const m = /^([^=]+)=(.*)$/.exec(label);
    if (!m || !LABEL_KEY.test(m[1]!) || !LABEL_VALUE.test(m[2]!))
      return { error: `invalid argument "${label}" for --label: KEY=VALUE, lowercase letters, digits, _ and -` };
    labels[m[1]!] = m[2]!;
  }
  const tags = list(flags.tag);
  const badTag = tags.find((t) => !RESOURCE_NAME.test(t));
  if (badTag !== undefined) return { error: `invalid argument "${badTag}" for --tag: lowercase letters, digits and hyphens` };

  const items = userDataItems(request.userData.bytes);
  if ("error" in items) return items;
  const machineType = str(flags["machine-type"]) ?? DEFAULT_MACHINE_TYPE;
  const isIgnition = request.userData.bytes[0] === 0x7b; // "{"
  const image = str(flags.image) ?? (isIgnition ? IGNITION_IMAGE : CLOUD_INIT_IMAGE);
  const network = str(flags.network);
  const subnet = str(flags.subnet);
  const region = zone.slice(0, zone.lastIndexOf("-"));
  const nic: Record<string, unknown> = {
    ...(network !== undefined ? { network: network.includes("/") ? network : `global/networks/${network}` } : {}),
    ...(subnet !== undefined ? { subnetwork: subnet.includes("/") ? subnet : `regions/${region}/subnetworks/${subnet}` } : {}),
    accessConfigs: [{ type: "ONE_TO_ONE_NAT", name: "External NAT" }],
  };
  const base = trimBase(request.endpoint ?? COMPUTE_BASE);
  return names.map((name) => {
    const body: Record<string, unknown> = {
      name,
      machineType: machineType.includes("/") ? machineType : `zones/${zone}/machineTypes/${machineType}`,
      disks: [
        {
          boot: true,
          autoDelete: true,
          initializeParams: { sourceImage: image.includes("/") ? image : `projects/${project}/global/images/${image}` },
        },
      ],
      networkInterfaces: [nic],
      metadata: { items },
      ...(tags.length > 0 ? { tags: { items: tags } } : {}),
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      serviceAccounts: [{ email: str(flags["service-account"]) ?? "default", scopes: [CLOUD_PLATFORM_SCOPE] }],
    };
    const target = `${base}/projects/${project}/zones/${zone}/instances?requestId=${requestIdOf(project, zone, body)}`;
    return { name, call: { method: "POST", target, body } };
  });
}
