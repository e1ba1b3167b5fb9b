/**
 * An emulator of the Compute Engine REST API (compute/v1), speaking its real
 * wire protocol, for tests: instances.insert (requestId honoured: the same id
 * again answers the first operation and creates nothing; a name taken is 409
 * alreadyExists), instances.get and instances.delete, and zoneOperations
 * get and wait, each operation stepping PENDING → RUNNING → DONE one step per
 * call and each new instance PROVISIONING → STAGING → RUNNING per get.
 * Bearer tokens are checked; 429/503 answers and operation errors (quota …)
 * are injected per test. Test code only.
 */
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { authorized, type GoogleServer, type SeenRequest, sendError, sendJson, startGoogleServer } from "./google-http.js";

/** An instance as the emulator keeps it: the insert body, and what the API adds. */
export interface EmulatedInstance {
  id: string;
  name: string;
  project: string;
  zone: string;
  status: string;
  body: Record<string, unknown>;
  /** The requestId it was inserted with. */
  requestId?: string;
}

interface EmulatedOperation {
  name: string;
  project: string;
  zone: string;
  type: string;
  instance: string;
  status: "PENDING" | "RUNNING" | "DONE";
  error?: { code: string; message: string };
}

export interface GceEmulator extends GoogleServer {
  /** The compute base URL (--endpoint): http://127.0.0.1:PORT/compute/v1 */
  url: string;
  /** Instances by project/zone/name. */
  instances: Map<string, EmulatedInstance>;
  /** The next insert's operation ends DONE with this error (and no instance). */
  failNextOperation(code: string, message: string): void;
}

const NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STEPS = ["PENDING", "RUNNING", "DONE"] as const;
const INSTANCE_STEPS = ["PROVISIONING", "STAGING", "RUNNING"];

export async function startGceEmulator(options: { validToken: (token: string) => boolean }): Promise<GceEmulator> {
  const instances = new Map<string, EmulatedInstance>();
  const operations = new Map<string, EmulatedOperation>();
  const byRequestId = new Map<string, string>();
  const operationErrors: { code: string; message: string }[] = [];
  let nextId = 4_000_000_000_000_000_000n;
  let base = "";

  const zoneUrl = (p: string, z: string) => `${base}/projects/${p}/zones/${z}`;
  const render = (op: EmulatedOperation) => ({
    kind: "compute#operation",
    id: String(op.name.length * 1000 + operations.size),
    name: op.name,
    zone: zoneUrl(op.project, op.zone),
    operationType: op.type,
    targetLink: `${zoneUrl(op.project, op.zone)}/instances/${op.instance}`,
    status: op.status,
    progress: op.status === "DONE" ? 100 : 0,
    selfLink: `${zoneUrl(op.project, op.zone)}/operations/${op.name}`,
    ...(op.status === "DONE" && op.error ? { error: { errors: [op.error] }, httpErrorStatusCode: 403, httpErrorMessage: "FORBIDDEN" } : {}),
  });
  const step = (op: EmulatedOperation) => {
    if (op.status === "DONE") return;
    op.status = STEPS[STEPS.indexOf(op.status) + 1]!;
    if (op.status === "DONE" && op.error) instances.delete(`${op.project}/${op.zone}/${op.instance}`);
    if (op.status === "DONE" && op.type === "delete") instances.delete(`${op.project}/${op.zone}/${op.instance}`);
  };
  const renderInstance = (i: EmulatedInstance) => {
    const nics = (i.body.networkInterfaces as Record<string, unknown>[] | undefined) ?? [{}];
    const n = Number(BigInt(i.id) % 200n) + 2;
    return {
      ...i.body,
      kind: "compute#instance",
      id: i.id,
      status: i.status,
      zone: zoneUrl(i.project, i.zone),
      machineType: `${zoneUrl(i.project, i.zone)}/${i.body.machineType}`,
      selfLink: `${zoneUrl(i.project, i.zone)}/instances/${i.name}`,
      networkInterfaces: nics.map((nic, k) => ({
        ...nic,
        name: `nic${k}`,
        networkIP: `10.128.0.${n}`,
        ...(Array.isArray(nic.accessConfigs)
          ? { accessConfigs: (nic.accessConfigs as object[]).map((a) => ({ ...a, natIP: `34.70.1.${n}` })) }
          : {}),
      })),
    };
  };
  const newOperation = (project: string, zone: string, type: string, instance: string): EmulatedOperation => {
    const op: EmulatedOperation = {
      name: `operation-${Date.now()}-${randomBytes(6).toString("hex")}`,
      project,
      zone,
      type,
      instance,
      status: "PENDING",
    };
    operations.set(op.name, op);
    return op;
  };

  const insert = (req: SeenRequest, res: ServerResponse, project: string, zone: string) => {
    const requestId = req.query.get("requestId") ?? undefined;
    if (requestId !== undefined && (!UUID.test(requestId) || /^[0-]+$/.test(requestId)))
      return sendError(res, 400, "Invalid value for field 'requestId': must be a valid UUID.", "invalid");
    if (requestId && byRequestId.has(requestId)) return sendJson(res, 200, render(operations.get(byRequestId.get(requestId)!)!));
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body.toString("utf8"));
    } catch {
      return sendError(res, 400, "Invalid JSON payload received.", "parseError");
    }
    const name = String(body.name ?? "");
    if (!NAME.test(name))
      return sendError(
        res,
        400,
        `Invalid value for field 'resource.name': '${name}'. Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'`,
        "invalid",
      );
    if (typeof body.machineType !== "string") return sendError(res, 400, "Invalid value for field 'resource.machineType': ''.", "invalid");
    const disks = body.disks as { boot?: boolean; initializeParams?: { sourceImage?: string } }[] | undefined;
    if (!disks?.some((d) => d.boot && d.initializeParams?.sourceImage))
      return sendError(res, 400, "Invalid value for field 'resource.disks': ''. Boot disk must be specified.", "invalid");
    const items = (body.metadata as { items?: { key: string; value: string }[] } | undefined)?.items ?? [];
    for (const item of items) {
      if (typeof item.value !== "string")
        return sendError(res, 400, `Invalid value for field 'resource.metadata.items[${item.key}].value'.`, "invalid");
      if (Buffer.byteLength(item.value) > 262_144)
        return sendError(res, 400, `Value for metadata key '${item.key}' exceeds 262144 bytes.`, "invalid");
    }
    const key = `${project}/${zone}/${name}`;
    if (instances.has(key))
      return sendError(res, 409, `The resource 'projects/${project}/zones/${zone}/instances/${name}' already exists`, "alreadyExists");
    instances.set(key, { id: String(nextId++), name, project, zone, status: "PROVISIONING", body, ...(requestId ? { requestId } : {}) });
    const op = newOperation(project, zone, "insert", name);
    const error = operationErrors.shift();
    if (error) op.error = error;
    if (requestId) byRequestId.set(requestId, op.name);
    sendJson(res, 200, render(op));
  };

  const server = await startGoogleServer((req, res) => {
    if (!authorized(req, res, options.validToken)) return;
    const m = /^\/compute\/v1\/projects\/([^/]+)\/zones\/([^/]+)\/(instances|operations)(?:\/([^/]+))?(\/wait)?$/.exec(req.path);
    if (!m) return sendError(res, 404, "The requested URL was not found on this server.", "notFound");
    const [, project, zone, collection, name, wait] = m as unknown as [
      string,
      string,
      string,
      string,
      string | undefined,
      string | undefined,
    ];
    if (collection === "instances") {
      if (req.method === "POST" && name === undefined) return insert(req, res, project, zone);
      const instance = name !== undefined ? instances.get(`${project}/${zone}/${name}`) : undefined;
      if (!instance)
        return sendError(res, 404, `The resource 'projects/${project}/zones/${zone}/instances/${name}' was not found`, "notFound");
      if (req.method === "GET") {
        const creating = [...operations.values()].some((o) => o.instance === instance.name && o.type === "insert" && o.status !== "DONE");
        if (!creating && instance.status !== "RUNNING") instance.status = INSTANCE_STEPS[INSTANCE_STEPS.indexOf(instance.status) + 1]!;
        return sendJson(res, 200, renderInstance(instance));
      }
      if (req.method === "DELETE") {
        instance.status = "STOPPING";
        return sendJson(res, 200, render(newOperation(project, zone, "delete", instance.name)));
      }
      return sendError(res, 405, "Method not allowed");
    }
    const op = name !== undefined ? operations.get(name) : undefined;
    if (!op || op.project !== project || op.zone !== zone)
      return sendError(res, 404, `The resource 'projects/${project}/zones/${zone}/operations/${name}' was not found`, "notFound");
    if ((wait && req.method !== "POST") || (!wait && req.method !== "GET")) return sendError(res, 405, "Method not allowed");
    step(op);
    sendJson(res, 200, render(op));
  });
  base = `${server.origin}/compute/v1`;
  return {
    ...server,
    url: base,
    instances,
    failNextOperation: (code, message) => void operationErrors.push({ code, message }),
  };
}
