/**
 * An EMULATOR of Amazon EC2's Query API, for tests only: a real HTTP server
 * on 127.0.0.1 speaking the real wire protocol (form-encoded POST bodies with
 * Action=…, SigV4 Authorization header, XML answers in the
 * 2016-11-15 namespace) so the real @aws-sdk/client-ec2 can be pointed at it
 * by endpoint. It knows RunInstances, DescribeInstances, TerminateInstances
 * and CreateTags; instances go pending → running after a couple of Describe
 * calls; a repeated ClientToken gives back the same reservation. Tests inject
 * throttling (503 RequestLimitExceeded), 500s and expired credentials.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

export interface EmulatedInstance {
  id: string;
  imageId: string;
  type: string;
  launchIndex: number;
  state: "pending" | "running" | "shutting-down" | "terminated";
  /** DescribeInstances calls that saw it pending so far. */
  describes: number;
  privateIp: string;
  publicIp?: string;
  zone: string;
  subnetId?: string;
  keyName?: string;
  securityGroups: string[];
  instanceProfile?: string;
  /** The UserData parameter as sent (base64). */
  userData?: string;
  clientToken?: string;
  tags: Map<string, string>;
}

export interface EmulatedReservation {
  id: string;
  clientToken?: string;
  instances: EmulatedInstance[];
}

/** One request as the emulator saw it. */
export interface SeenRequest {
  action: string;
  params: Record<string, string>;
  /** The access key id from the Authorization header's credential scope. */
  accessKeyId?: string;
  region?: string;
}

export interface Ec2Emulator {
  endpoint: string;
  reservations: EmulatedReservation[];
  requests: SeenRequest[];
  /** Answer the next `n` requests (of `action`, or any) with 503 RequestLimitExceeded. */
  throttle(n: number, action?: string): void;
  /** Answer the next `n` requests (of `action`, or any) with 500 InternalError. */
  fail(n: number, action?: string): void;
  /** Requests signed with this access key id get 400 RequestExpired (as expired session credentials do). */
  expireKey(accessKeyId: string): void;
  /** Requests signed with this access key id get 403 UnauthorizedOperation. */
  denyKey(accessKeyId: string): void;
  /** How many Describe calls an instance stays pending (default 2). */
  pendingDescribes: number;
  close(): Promise<void>;
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const STATE_CODES = { pending: 0, running: 16, "shutting-down": 32, terminated: 48 } as const;

function stateXml(tag: string, state: EmulatedInstance["state"]): string {
  return `<${tag}><code>${STATE_CODES[state]}</code><name>${state}</name></${tag}>`;
}

function instanceXml(i: EmulatedInstance): string {
  const tags = [...i.tags].map(([k, v]) => `<item><key>${xml(k)}</key><value>${xml(v)}</value></item>`).join("");
  const groups = i.securityGroups.map((g) => `<item><groupId>${xml(g)}</groupId><groupName>${xml(g)}</groupName></item>`).join("");
  return [
    "<item>",
    `<instanceId>${i.id}</instanceId>`,
    `<imageId>${xml(i.imageId)}</imageId>`,
    stateXml("instanceState", i.state),
    `<privateDnsName>ip-${i.privateIp.replace(/\./g, "-")}.ec2.internal</privateDnsName>`,
    `<amiLaunchIndex>${i.launchIndex}</amiLaunchIndex>`,
    `<instanceType>${xml(i.type)}</instanceType>`,
    i.keyName ? `<keyName>${xml(i.keyName)}</keyName>` : "",
    `<placement><availabilityZone>${i.zone}</availabilityZone><tenancy>default</tenancy></placement>`,
    i.subnetId ? `<subnetId>${xml(i.subnetId)}</subnetId>` : "",
    `<privateIpAddress>${i.privateIp}</privateIpAddress>`,
    i.publicIp && i.state === "running" ? `<ipAddress>${i.publicIp}</ipAddress>` : "",
    `<groupSet>${groups}</groupSet>`,
    i.instanceProfile ? `<iamInstanceProfile><arn>${xml(i.instanceProfile)}</arn><id>AIPA0000</id></iamInstanceProfile>` : "",
    i.clientToken ? `<clientToken>${xml(i.clientToken)}</clientToken>` : "",
    `<tagSet>${tags}</tagSet>`,
    "</item>",
  ].join("");
}

const requestId = () =>
  randomBytes(16)
    .toString("hex")
    .replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, "$1-$2-$3-$4-$5");

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${xml(message)}</Message></Error></Errors><RequestID>${requestId()}</RequestID></Response>`;
}

/** The values of a list parameter: NAME.1, NAME.2, … */
function list(params: Record<string, string>, name: string): string[] {
  const out: string[] = [];
  for (let n = 1; params[`${name}.${n}`] !== undefined; n++) out.push(params[`${name}.${n}`]!);
  return out;
}

/** Starts an EC2 Query API emulator on 127.0.0.1 (a free port). */
export async function startEc2Emulator(options: { region?: string } = {}): Promise<Ec2Emulator> {
  const zone = `${options.region ?? "us-east-1"}a`;
  const reservations: EmulatedReservation[] = [];
  const requests: SeenRequest[] = [];
  const injected: { kind: "throttle" | "fail"; action?: string }[] = [];
  const expired = new Set<string>();
  const denied = new Set<string>();
  let next = 1;

  const emulator = {
    endpoint: "",
    reservations,
    requests,
    pendingDescribes: 2,
    throttle(n: number, action?: string) {
      for (let i = 0; i < n; i++) injected.push({ kind: "throttle", ...(action ? { action } : {}) });
    },
    fail(n: number, action?: string) {
      for (let i = 0; i < n; i++) injected.push({ kind: "fail", ...(action ? { action } : {}) });
    },
    expireKey: (key: string) => void expired.add(key),
    denyKey: (key: string) => void denied.add(key),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const allInstances = () => reservations.flatMap((r) => r.instances);

  function runInstances(p: Record<string, string>): string | { status: number; code: string; message: string } {
    const token = p.ClientToken;
    if (token !== undefined) {
      const again = reservations.find((r) => r.clientToken === token);
      if (again) {
        const same = again.instances[0]!;
        if (same.imageId !== p.ImageId || String(again.instances.length) !== p.MaxCount)
          return {
            status: 400,
            code: "IdempotentParameterMismatch",
            message:
              "The client token you have provided is associated with a resource that is already deleted or has different parameters.",
          };
        return reservationXml("RunInstancesResponse", again);
      }
    }
    if (!p.ImageId) return { status: 400, code: "MissingParameter", message: "The request must contain the parameter ImageId" };
    const min = Number(p.MinCount);
    const max = Number(p.MaxCount);
    if (!(min >= 1 && max >= min))
      return { status: 400, code: "InvalidParameterValue", message: "MinCount and MaxCount must be at least 1" };
    const tags = new Map<string, string>();
    for (let s = 1; p[`TagSpecification.${s}.ResourceType`] !== undefined; s++) {
      if (p[`TagSpecification.${s}.ResourceType`] !== "instance") continue;
      for (let t = 1; p[`TagSpecification.${s}.Tag.${t}.Key`] !== undefined; t++)
        tags.set(p[`TagSpecification.${s}.Tag.${t}.Key`]!, p[`TagSpecification.${s}.Tag.${t}.Value`] ?? "");
    }
    const reservation: EmulatedReservation = {
      id: `r-${randomBytes(8).toString("hex").slice(0, 17)}`,
      instances: [],
      ...(token ? { clientToken: token } : {}),
    };
    for (let i = 0; i < max; i++) {
      const n = next++;
      const profile = p["IamInstanceProfile.Arn"] ?? p["IamInstanceProfile.Name"];
      reservation.instances.push({
        id: `i-${n.toString(16).padStart(17, "0")}`,
        imageId: p.ImageId,
        type: p.InstanceType ?? "m1.small",
        launchIndex: i,
        state: "pending",
        describes: 0,
        privateIp: `10.0.${Math.floor(n / 250)}.${(n % 250) + 4}`,
        ...(p.SubnetId ? {} : { publicIp: `198.51.100.${(n % 250) + 1}` }),
        zone,
        ...(p.SubnetId ? { subnetId: p.SubnetId } : {}),
        ...(p.KeyName ? { keyName: p.KeyName } : {}),
        securityGroups: [...list(p, "SecurityGroupId"), ...list(p, "SecurityGroup")],
        ...(profile ? { instanceProfile: profile } : {}),
        ...(p.UserData !== undefined ? { userData: p.UserData } : {}),
        ...(token ? { clientToken: token } : {}),
        tags: new Map(tags),
      });
    }
    reservations.push(reservation);
    return reservationXml("RunInstancesResponse", reservation);
  }

  function reservationXml(root: string, r: EmulatedReservation, instances = r.instances): string {
    const body = `<reservationId>${r.id}</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>${instances.map(instanceXml).join("")}</instancesSet>`;
    return root === "item" ? `<item>${body}</item>` : `<${root} xmlns="${NS}"><requestId>${requestId()}</requestId>${body}</${root}>`;
  }

  function describeInstances(p: Record<string, string>): string | { status: number; code: string; message: string } {
    const ids = list(p, "InstanceId");
    const known = new Set(allInstances().map((i) => i.id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0)
      return { status: 400, code: "InvalidInstanceID.NotFound", message: `The instance IDs '${missing.join(", ")}' do not exist` };
    const items: string[] = [];
    for (const r of reservations) {
      const chosen = r.instances.filter((i) => ids.length === 0 || ids.includes(i.id));
      if (chosen.length === 0) continue;
      for (const i of chosen) {
        if (i.state === "pending" && ++i.describes >= emulator.pendingDescribes) i.state = "running";
        else if (i.state === "shutting-down") i.state = "terminated";
      }
      items.push(reservationXml("item", r, chosen));
    }
    return `<DescribeInstancesResponse xmlns="${NS}"><requestId>${requestId()}</requestId><reservationSet>${items.join("")}</reservationSet></DescribeInstancesResponse>`;
  }

  function terminateInstances(p: Record<string, string>): string | { status: number; code: string; message: string } {
    const ids = list(p, "InstanceId");
    const items: string[] = [];
    for (const id of ids) {
      const i = allInstances().find((x) => x.id === id);
      if (!i) return { status: 400, code: "InvalidInstanceID.NotFound", message: `The instance ID '${id}' does not exist` };
      const previous = i.state;
      if (i.state !== "terminated") i.state = "shutting-down";
      items.push(`<item><instanceId>${id}</instanceId>${stateXml("currentState", i.state)}${stateXml("previousState", previous)}</item>`);
    }
    return `<TerminateInstancesResponse xmlns="${NS}"><requestId>${requestId()}</requestId><instancesSet>${items.join("")}</instancesSet></TerminateInstancesResponse>`;
  }

  function createTags(p: Record<string, string>): string | { status: number; code: string; message: string } {
    const ids = list(p, "ResourceId");
    for (const id of ids) {
      const i = allInstances().find((x) => x.id === id);
      if (!i) return { status: 400, code: "InvalidID", message: `The ID '${id}' is not valid` };
      for (let t = 1; p[`Tag.${t}.Key`] !== undefined; t++) i.tags.set(p[`Tag.${t}.Key`]!, p[`Tag.${t}.Value`] ?? "");
    }
    return `<CreateTagsResponse xmlns="${NS}"><requestId>${requestId()}</requestId><return>true</return></CreateTagsResponse>`;
  }

  const ACTIONS: Record<string, (p: Record<string, string>) => string | { status: number; code: string; message: string }> = {
    RunInstances: runInstances,
    DescribeInstances: describeInstances,
    TerminateInstances: terminateInstances,
    CreateTags: createTags,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const answer = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId() });
      res.end(body);
    };
    if (req.method !== "POST") return answer(400, errorXml("InvalidAction", "The EC2 Query API takes POST requests here"));
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/ec2\/aws4_request/.exec(String(req.headers.authorization ?? ""));
    const action = params.Action ?? "";
    requests.push({ action, params, ...(scope ? { accessKeyId: scope[1]!, region: scope[2]! } : {}) });
    if (!scope || !String(req.headers.authorization).startsWith("AWS4-HMAC-SHA256 "))
      return answer(401, errorXml("AuthFailure", "AWS was not able to validate the provided access credentials"));
    if (expired.has(scope[1]!)) return answer(400, errorXml("RequestExpired", "Request has expired."));
    if (denied.has(scope[1]!))
      return answer(
        403,
        errorXml(
          "UnauthorizedOperation",
          `You are not authorized to perform this operation. User is not authorized to perform: ec2:${action}`,
        ),
      );
    const at = injected.findIndex((f) => f.action === undefined || f.action === action);
    if (at >= 0) {
      const [f] = injected.splice(at, 1);
      if (f!.kind === "throttle") return answer(503, errorXml("RequestLimitExceeded", "Request limit exceeded."));
      return answer(500, errorXml("InternalError", "An internal error has occurred"));
    }
    const run = ACTIONS[action];
    if (!run) return answer(400, errorXml("InvalidAction", `The action ${action} is not valid for this web service.`));
    const result = run(params);
    if (typeof result === "string") return answer(200, `<?xml version="1.0" encoding="UTF-8"?>\n${result}`);
    return answer(result.status, errorXml(result.code, result.message));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  emulator.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return emulator;
}
