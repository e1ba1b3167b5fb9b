/**
 * An EMULATOR of Azure Resource Manager for tests: a real HTTP server on
 * 127.0.0.1 speaking ARM's JSON wire protocol for the calls `kindling launch
 * azure` makes: PUT/GET Microsoft.Compute/virtualMachines (instanceView with
 * $expand), PUT/GET Microsoft.Network/networkInterfaces and
 * publicIPAddresses, 201 (create) or 200 (update) with an Azure-AsyncOperation
 * header whose operation goes InProgress → Succeeded (or Failed), bearer
 * tokens checked, errors in ARM's {error:{code,message}} shape. Failures
 * (429 with Retry-After, 500s, a provisioning failure) are injected per test.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: unknown;
}

interface Operation {
  status: "InProgress" | "Succeeded" | "Failed";
  pollsLeft: number;
  failure?: { code: string; message: string };
  onDone: (status: "Succeeded" | "Failed") => void;
}

// biome-ignore lint/suspicious/noExplicitAny: ARM JSON bodies, read field by field.
type Json = Record<string, any>;

interface Injected {
  match: (method: string, path: string) => boolean;
  status: number;
  retryAfter?: string;
  code: string;
}

export interface ArmEmulatorOptions {
  /** Tokens accepted as `Authorization: Bearer …` (default: "arm-token"). */
  tokens?: string[];
  /** Tokens answered with ExpiredAuthenticationToken. */
  expiredTokens?: string[];
  /** How many polls an operation stays InProgress (default 1). */
  pollsBeforeDone?: number;
  /** The Retry-After the PUT and InProgress polls send (default "0"). */
  retryAfter?: string;
}

export interface ArmEmulator {
  url: string;
  calls: RecordedCall[];
  /** The VMs by name, as stored (customData kept, though ARM never returns it). */
  vms: Map<string, Json>;
  nics: Map<string, Json>;
  /** Adds a public IP resource (for a pre-made NIC's ipConfiguration to name). */
  addPublicIp(id: string, address: string): void;
  /** Adds an existing NIC. */
  addNic(id: string, privateIp: string, publicIpId?: string): void;
  /** The next `times` calls matching `method` and a path containing `pathPart` fail with `status`. */
  inject(method: string, pathPart: string, status: number, times?: number, retryAfter?: string): void;
  /** The VM named `name` fails provisioning with this code. */
  failProvisioning(name: string, code: string, message: string): void;
  close(): Promise<void>;
}

const COMPUTE_API = "2024-07-01";

export async function startArmEmulator(options: ArmEmulatorOptions = {}): Promise<ArmEmulator> {
  const tokens = new Set(options.tokens ?? ["arm-token"]);
  const expired = new Set(options.expiredTokens ?? []);
  const pollsBeforeDone = options.pollsBeforeDone ?? 1;
  const retryAfter = options.retryAfter ?? "0";
  const calls: RecordedCall[] = [];
  const vms = new Map<string, Json>();
  const nics = new Map<string, Json>();
  const publicIps = new Map<string, Json>();
  const operations = new Map<string, Operation>();
  const injected: Injected[] = [];
  const failures = new Map<string, { code: string; message: string }>();
  let nextIp = 4;
  let base = "";

  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    const text = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "x-ms-request-id": randomUUID(), ...headers });
    res.end(text);
  };
  const armError = (res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) =>
    send(res, status, { error: { code, message } }, headers);

  const startOperation = (location: string, op: Omit<Operation, "status" | "pollsLeft">) => {
    const id = randomUUID();
    operations.set(id, { status: "InProgress", pollsLeft: pollsBeforeDone, ...op });
    return `${base}/subscriptions/op/providers/Microsoft.Compute/locations/${location}/operations/${id}?api-version=${COMPUTE_API}`;
  };

  const instanceView = (vm: Json) => ({
    statuses: [
      { code: `ProvisioningState/${String(vm.properties.provisioningState).toLowerCase()}`, level: "Info" },
      ...(vm.properties.provisioningState === "Succeeded"
        ? [{ code: "PowerState/running", level: "Info", displayStatus: "VM running" }]
        : []),
    ],
  });

  /** The VM as ARM answers: no customData, no secrets. */
  const vmView = (vm: Json, expand: boolean) => {
    const { customData: _hidden, ...osProfile } = vm.properties.osProfile ?? {};
    return {
      ...vm,
      properties: { ...vm.properties, osProfile, ...(expand ? { instanceView: instanceView(vm) } : {}) },
    };
  };

  const putVm = (res: ServerResponse, id: string, name: string, body: Json) => {
    const props = body?.properties;
    if (!body?.location || !props?.hardwareProfile?.vmSize || !props?.storageProfile?.imageReference || !props?.osProfile?.adminUsername)
      return armError(res, 400, "InvalidParameter", "Required parameter is missing (location, vmSize, imageReference or adminUsername).");
    const nicId = props.networkProfile?.networkInterfaces?.[0]?.id;
    if (!nicId || !nics.has(String(nicId).toLowerCase())) return armError(res, 400, "NotFound", `Resource ${nicId} not found.`);
    const existing = vms.get(name);
    if (existing && existing.properties.osProfile.customData !== props.osProfile.customData)
      return armError(res, 409, "PropertyChangeNotAllowed", "Changing property 'customData' is not allowed.");
    const vm: Json = {
      id,
      name,
      type: "Microsoft.Compute/virtualMachines",
      location: body.location,
      tags: body.tags ?? {},
      properties: { ...props, vmId: existing?.properties.vmId ?? randomUUID(), provisioningState: existing ? "Updating" : "Creating" },
    };
    vms.set(name, vm);
    const failure = failures.get(name);
    const op = startOperation(body.location, {
      ...(failure ? { failure } : {}),
      onDone: (status) => {
        vm.properties.provisioningState = status;
      },
    });
    send(res, existing ? 200 : 201, vmView(vm, false), { "azure-asyncoperation": op, "retry-after": retryAfter });
  };

  const putNic = (res: ServerResponse, id: string, name: string, body: Json) => {
    const subnet = body?.properties?.ipConfigurations?.[0]?.properties?.subnet?.id;
    if (!body?.location || !subnet)
      return armError(res, 400, "InvalidRequestFormat", "Cannot parse the request: the ipConfiguration needs a subnet.");
    const existing = nics.get(id.toLowerCase());
    const ip = existing?.properties.ipConfigurations[0].properties.privateIPAddress ?? `10.0.0.${nextIp++}`;
    const nic: Json = {
      id,
      name,
      type: "Microsoft.Network/networkInterfaces",
      location: body.location,
      tags: body.tags ?? {},
      properties: {
        provisioningState: "Updating",
        ipConfigurations: [{ name: "ipconfig1", properties: { ...body.properties.ipConfigurations[0].properties, privateIPAddress: ip } }],
      },
    };
    nics.set(id.toLowerCase(), nic);
    const op = startOperation(body.location, {
      onDone: (status) => {
        nic.properties.provisioningState = status;
      },
    });
    send(res, existing ? 200 : 201, nic, { "azure-asyncoperation": op, "retry-after": retryAfter });
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://emulator");
    let body: unknown;
    try {
      body = raw === "" ? undefined : JSON.parse(raw);
    } catch {
      return armError(res, 400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
    }
    const method = req.method ?? "GET";
    const path = decodeURIComponent(url.pathname);
    calls.push({ method, path, query: url.searchParams, headers: req.headers, body });

    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (auth === undefined)
      return armError(res, 401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
    if (expired.has(auth))
      return armError(
        res,
        401,
        "ExpiredAuthenticationToken",
        "The access token expiry UTC time '1/1/2024 12:00:00 AM' is earlier than current UTC time.",
      );
    if (!tokens.has(auth)) return armError(res, 401, "InvalidAuthenticationToken", "The access token is invalid.");

    const inj = injected.findIndex((i) => i.match(method, path));
    if (inj >= 0) {
      const [i] = injected.splice(inj, 1);
      return armError(
        res,
        i!.status,
        i!.code,
        i!.status === 429 ? "The request is being throttled." : "An internal execution error occurred.",
        i!.retryAfter !== undefined ? { "retry-after": i!.retryAfter } : {},
      );
    }
    if (!url.searchParams.get("api-version"))
      return armError(
        res,
        400,
        "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.",
      );

    const opMatch = /\/operations\/([^/]+)$/.exec(path);
    if (opMatch && method === "GET") {
      const op = operations.get(opMatch[1]!);
      if (!op) return armError(res, 404, "OperationNotFound", "The operation was not found.");
      if (op.status === "InProgress") {
        if (op.pollsLeft > 0) op.pollsLeft--;
        else {
          op.status = op.failure ? "Failed" : "Succeeded";
          op.onDone(op.status);
        }
      }
      if (op.status === "InProgress") return send(res, 200, { status: "InProgress" }, { "retry-after": retryAfter });
      return send(res, 200, { status: op.status, ...(op.failure ? { error: op.failure } : {}) });
    }

    const vm = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)$/i.exec(path);
    if (vm) {
      const name = vm[1]!;
      if (url.searchParams.get("api-version") !== COMPUTE_API)
        return armError(res, 400, "InvalidApiVersionParameter", `The api-version '${url.searchParams.get("api-version")}' is invalid.`);
      if (method === "PUT") return putVm(res, path, name, body as Json);
      if (method === "GET") {
        const found = vms.get(name);
        if (!found)
          return armError(res, 404, "ResourceNotFound", `The Resource 'Microsoft.Compute/virtualMachines/${name}' was not found.`);
        return send(res, 200, vmView(found, url.searchParams.get("$expand") === "instanceView"));
      }
    }
    const nic = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/networkInterfaces\/([^/]+)$/i.exec(path);
    if (nic) {
      if (method === "PUT") return putNic(res, path, nic[1]!, body as Json);
      if (method === "GET") {
        const found = nics.get(path.toLowerCase());
        if (!found)
          return armError(res, 404, "ResourceNotFound", `The Resource 'Microsoft.Network/networkInterfaces/${nic[1]}' was not found.`);
        return send(res, 200, found);
      }
    }
    if (/\/providers\/Microsoft\.Network\/publicIPAddresses\//i.test(path) && method === "GET") {
      const found = publicIps.get(path.toLowerCase());
      if (!found) return armError(res, 404, "ResourceNotFound", "The public IP address was not found.");
      return send(res, 200, found);
    }
    armError(res, 404, "InvalidResourceType", `The resource type could not be found for ${method} ${path}.`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    calls,
    vms,
    nics,
    addPublicIp(id, address) {
      publicIps.set(id.toLowerCase(), { id, properties: { ipAddress: address, provisioningState: "Succeeded" } });
    },
    addNic(id, privateIp, publicIpId) {
      nics.set(id.toLowerCase(), {
        id,
        name: id.split("/").pop(),
        properties: {
          provisioningState: "Succeeded",
          ipConfigurations: [
            {
              name: "ipconfig1",
              properties: { privateIPAddress: privateIp, ...(publicIpId ? { publicIPAddress: { id: publicIpId } } : {}) },
            },
          ],
        },
      });
    },
    inject(method, pathPart, status, times = 1, after) {
      for (let i = 0; i < times; i++)
        injected.push({
          match: (m, p) => m === method && p.includes(pathPart),
          status,
          code: status === 429 ? "TooManyRequests" : "InternalServerError",
          ...(after !== undefined ? { retryAfter: after } : {}),
        });
    },
    failProvisioning(name, code, message) {
      failures.set(name, { code, message });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
