/**
 * `kindling launch gce`: Compute Engine through its REST API with ky. Each
 * instance is one instances.insert (gce-request.ts: user data in metadata,
 * requestId for idempotency); each zone operation is waited on
 * (zoneOperations.wait, again until DONE) and its error, if any, is the one
 * line the user sees; then instances.get until RUNNING gives the addresses.
 * Credentials: --token, else Application Default Credentials (gcp/).
 * An instance of the same name already there with the same user data (a
 * re-run after requestIds expire, an hour on) counts as launched.
 */
import type { KyInstance } from "ky";
import { describeApiError, googleApi, statusOf } from "../gcp/api.js";
import { findCredentialsFile, gcpCredentials, projectOfFile } from "../gcp/credentials.js";
import { type PlannedInsert, planInserts, projectFromFlagsOrEnv } from "./gce-request.js";
import type { LaunchedInstance, Launcher, Progress } from "./launcher.js";

/** How long a launch waits for operations and instances before giving up. */
const WAIT_LIMIT_MS = 15 * 60_000;

interface Operation {
  name: string;
  status: string;
  error?: { errors?: { code?: string; message?: string }[] };
}

interface Instance {
  id: string;
  name: string;
  status: string;
  metadata?: { items?: { key: string; value: string }[] };
  networkInterfaces?: { networkIP?: string; accessConfigs?: { natIP?: string }[] }[];
}

const NO_PROJECT = { error: "give the --project (or set GOOGLE_CLOUD_PROJECT)" };

export const gceLauncher: Launcher = {
  flags: {
    project: { type: "string" },
    zone: { type: "string" },
    "machine-type": { type: "string" },
    image: { type: "string" },
    network: { type: "string" },
    subnet: { type: "string" },
    tag: { type: "string", multiple: true },
    label: { type: "string", multiple: true },
    "service-account": { type: "string" },
  },
  usage: `  --project ID         the project (default: GOOGLE_CLOUD_PROJECT, CLOUDSDK_CORE_PROJECT, the credentials')
  --zone ZONE          the zone, e.g. us-central1-a (required)
  --machine-type T     the machine type (default e2-small)
  --image IMAGE        the boot image (default: Fedora CoreOS stable for Ignition,
                       Ubuntu 24.04 LTS for cloud-init), e.g. projects/P/global/images/family/F
  --network NET        the VPC network (default: the project's default network)
  --subnet SUBNET      the subnetwork, in the zone's region
  --tag TAG            a network tag (repeatable)
  --label KEY=VALUE    a label (repeatable)
  --service-account E  the instance's service account (default: Compute Engine's default),
                       with the cloud-platform scope
`,

  async plan(request) {
    let project = projectFromFlagsOrEnv(request.flags, request.env);
    if (project === undefined && request.token === undefined) {
      // A dry run reads no credentials, but the project a key file names is on disk.
      const file = await findCredentialsFile(request.env);
      if (file && !("error" in file)) project = projectOfFile(file);
    }
    if (project === undefined) return NO_PROJECT;
    const inserts = planInserts(request, project);
    return "error" in inserts ? inserts : inserts.map((i) => i.call);
  },

  async launch(request, progress) {
    // Bad flags are reported before any credentials are looked for (the project checked for real below).
    const precheck = planInserts(request, projectFromFlagsOrEnv(request.flags, request.env) ?? "project-to-be-found");
    if ("error" in precheck) return precheck;
    const credentials = await gcpCredentials({ ...(request.token !== undefined ? { token: request.token } : {}), env: request.env });
    if ("error" in credentials) return credentials;
    const project = projectFromFlagsOrEnv(request.flags, request.env) ?? credentials.projectId;
    if (project === undefined) return NO_PROJECT;
    const inserts = planInserts(request, project);
    if ("error" in inserts) return inserts;
    const token = await credentials.accessToken();
    if (typeof token !== "string") return token;
    const api = await googleApi(token);
    const zone = request.flags.zone as string;
    const zoneUrl = inserts[0]!.call.target.replace(/\/instances\?.*$/, "");

    const started: { name: string; operation?: Operation }[] = [];
    for (const insert of inserts) {
      progress.step(`${insert.name} inserting`);
      const sent = await sendInsert(api, zoneUrl, insert, zone);
      if ("error" in sent) return sent;
      started.push({ name: insert.name, ...(sent.operation ? { operation: sent.operation } : {}) });
    }
    const deadline = Date.now() + WAIT_LIMIT_MS;
    const launched: LaunchedInstance[] = [];
    for (const { name, operation } of started) {
      if (operation) {
        const done = await waitForOperation(api, zoneUrl, operation, name, zone, progress, deadline);
        if (done !== true) return done;
      }
      const running = await waitUntilRunning(api, zoneUrl, name, progress, deadline);
      if ("error" in running) return running;
      const nic = running.networkInterfaces?.[0];
      const natIP = nic?.accessConfigs?.[0]?.natIP;
      launched.push({
        id: running.id,
        name: running.name,
        state: running.status,
        zone,
        ...(nic?.networkIP ? { privateIp: nic.networkIP } : {}),
        ...(natIP ? { publicIp: natIP } : {}),
      });
    }
    return launched;
  },
};

/** Sends one insert: its operation, nothing to wait for when the same instance is already there, or one line. */
async function sendInsert(
  api: KyInstance,
  zoneUrl: string,
  insert: PlannedInsert,
  zone: string,
): Promise<{ operation?: Operation } | { error: string }> {
  try {
    return { operation: await api.post(insert.call.target, { json: insert.call.body }).json<Operation>() };
  } catch (err) {
    if (statusOf(err) !== 409) return { error: `creating instance ${insert.name} in ${zone}: ${await describeApiError(err)}` };
  }
  // The name is taken: ours from an earlier run (same user data), or someone else's.
  try {
    const there = await api.get(`${zoneUrl}/instances/${insert.name}`).json<Instance>();
    const wanted = JSON.stringify((insert.call.body.metadata as { items: unknown[] }).items);
    const found = JSON.stringify((there.metadata?.items ?? []).filter((i) => i.key === "user-data" || i.key === "user-data-encoding"));
    if (found === wanted) return {};
    return { error: `instance ${insert.name} already exists in ${zone} with other user data: delete it or choose another --name` };
  } catch (err) {
    return { error: `instance ${insert.name} already exists in ${zone}: ${await describeApiError(err)}` };
  }
}

/** Waits (zoneOperations.wait, again until DONE): true, or the operation's error in one line. */
async function waitForOperation(
  api: KyInstance,
  zoneUrl: string,
  first: Operation,
  name: string,
  zone: string,
  progress: Progress,
  deadline: number,
): Promise<true | { error: string }> {
  let operation = first;
  while (operation.status !== "DONE") {
    progress.step(`${name} ${operation.status.toLowerCase()}`);
    if (Date.now() > deadline)
      return {
        error: `creating instance ${name} in ${zone}: operation ${operation.name} is still ${operation.status}; see gcloud compute operations describe ${operation.name} --zone ${zone}`,
      };
    try {
      operation = await api.post(`${zoneUrl}/operations/${operation.name}/wait`).json<Operation>();
    } catch (err) {
      return { error: `waiting for instance ${name} in ${zone}: ${await describeApiError(err)}` };
    }
  }
  const errors = operation.error?.errors ?? [];
  if (errors.length === 0) return true;
  const first1 = errors[0]!;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  const text = `${first1.code ?? "ERROR"}: ${first1.message ?? "no message"}`.replace(/\s+/g, " ");
  return { error: `creating instance ${name} in ${zone} failed: ${text}${more}` };
}

/** instances.get until RUNNING, with a growing pause between looks. */
async function waitUntilRunning(
  api: KyInstance,
  zoneUrl: string,
  name: string,
  progress: Progress,
  deadline: number,
): Promise<Instance | { error: string }> {
  let pause = 250;
  for (;;) {
    let instance: Instance;
    try {
      instance = await api.get(`${zoneUrl}/instances/${name}`).json<Instance>();
    } catch (err) {
      return { error: `reading instance ${name}: ${await describeApiError(err)}` };
    }
    progress.step(`${name} ${instance.status}`);
    if (instance.status === "RUNNING") return instance;
    if (["STOPPING", "STOPPED", "TERMINATED", "SUSPENDING", "SUSPENDED"].includes(instance.status))
      return { error: `instance ${name} is ${instance.status}, not running: see gcloud compute instances get-serial-port-output ${name}` };
    if (Date.now() > deadline) return { error: `instance ${name} is still ${instance.status}` };
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, 5_000);
  }
}
