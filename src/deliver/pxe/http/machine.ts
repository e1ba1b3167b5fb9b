/**
 * The machine endpoints: read-only, answered only to a well-formed Host,
 * each counted in /metrics under its path. Those that select a group go
 * through the snapshot's index; rendered replies are cached per snapshot
 * generation, endpoint and group (plus the query as sent where the reply
 * reads it), so a store change invalidates everything at once. The cache is
 * bounded by bytes (render/reply-cache.ts); what a client's requests make the
 * server create beyond what the store describes (a reply keyed by its query,
 * a config with a key of its own) is bounded per client (client-budget.ts).
 * A config with the verification agent for a group that names its machine
 * carries a key of its own, derived with a fresh nonce, so it is rendered
 * for each delivery and never cached; it goes out only once its delivery is
 * on record.
 */
import { randomBytes } from "node:crypto";
import type { AgentSettings } from "../../../verify/agent.js";
import { reportKey } from "../../../verify/report-signature.js";
import { bootIpxe } from "../render/boot.js";
import { requestData } from "../render/configs.js";
import { expectedKernelArguments } from "../render/expected-kernel-arguments.js";
import type { RenderKind } from "../render/renderers.js";
import { machineLabel } from "../select/machine-label.js";
import type { Group, Profile } from "../store/model.js";
import type { Delivery } from "../store/records.js";
import type { Deps } from "./deps.js";
import { type Answer, type Reply, type Selected, text } from "./reply.js";
import type { Request } from "./request.js";
import { hostProblem, labelProblem, templateQueryProblem } from "./request-values.js";

/** A machine endpoint's own answer, and the delivery it made (a config with the agent), which the server records. */
export interface Served extends Selected {
  delivered?: Pick<Delivery, "machine" | "group" | "profile" | "endpoint" | "nonce">;
}

export type MachineHandler = (request: Request, deps: Deps) => Served | Promise<Served>;

/** A reply for a selected group, in one shape (every answer of the hot path alike, so reading them stays fast). */
function served(reply: Reply, group: Group, profile: Profile, cached: boolean, delivered?: Served["delivered"]): Served {
  return {
    status: reply.status,
    contentType: reply.contentType,
    body: reply.body,
    headers: reply.headers,
    group: group.id,
    profile: profile.id,
    cached,
    delivered,
  };
}

/**
 * A machine endpoint: a Host that cannot go in a URL is refused (400,
 * uncounted); the answer is counted under the endpoint's path; a GET that
 * delivered a config with the agent is recorded first (a HEAD delivers
 * nothing), and a delivery that cannot be recorded is a 503 without the
 * config.
 */
export function machine(handler: MachineHandler): (request: Request, deps: Deps) => Answer | Promise<Answer> {
  return (request, deps) => {
    const badHost = hostProblem(request.headers.host);
    if (badHost) return text(400, badHost);
    const answer = handler(request, deps);
    return answer instanceof Promise ? answer.then((served) => counted(request, deps, served)) : counted(request, deps, answer);
  };
}

/** A machine endpoint's answer counted, and its delivery recorded first when it made one. */
function counted(request: Request, deps: Deps, served: Served): Answer | Promise<Answer> {
  deps.metrics.request(request.path, served.status);
  const delivered = served.delivered;
  if (!delivered || request.method !== "GET") return served;
  return deps.deliveries.record(delivered).then(
    () => served,
    (err: Error) => {
      deps.log?.({ event: "delivery-not-recorded", machine: delivered.machine, group: delivered.group, error: err.message });
      return {
        group: served.group,
        profile: served.profile,
        cached: served.cached,
        ...text(503, `the delivery to ${delivered.machine} could not be recorded (${err.message}); try again\n`),
      };
    },
  );
}

/**
 * Any other request, by the machine endpoints' rules: a method other than
 * GET or HEAD is refused (405, Allow first), a malformed Host too (400);
 * then there is no such endpoint (404, counted as "other": a client
 * inventing paths must not grow the metrics).
 */
export function noSuchEndpoint(request: Request, deps: Deps): Answer {
  if (request.method !== "GET" && request.method !== "HEAD") {
    const body = "machine endpoints are read-only\n";
    return {
      status: 405,
      head: { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body) },
      body,
    };
  }
  const badHost = hostProblem(request.headers.host);
  if (badHost) return text(400, badHost);
  deps.metrics.request("other", 404);
  return text(404, `no such endpoint ${request.path}\n`);
}

export const bootChain: MachineHandler = () => text(200, bootIpxe());

export const health: MachineHandler = () => text(200, "ok\n");

export const metrics: MachineHandler = (_request, deps) => {
  const s = deps.snapshot();
  return { status: 200, contentType: "text/plain; version=0.0.4", body: deps.metrics.renderText(s.groups.size, s.generation, deps.cache) };
};

/** How an endpoint that selects a group renders, and what its reply depends on. */
interface Rendering {
  kind: RenderKind;
  /** The reply reads the query whatever the profile says. */
  readsQuery?: boolean;
  /** The reply renders the profile's templates, which see the query where the profile allows it. */
  templated?: boolean;
  /** The reply is a machine's config: it carries the agent for a profile with verify. */
  verified?: boolean;
}

export const ipxe = selected({ kind: "ipxe" });
export const grub = selected({ kind: "grub" });
export const ignition = selected({ kind: "ignition", templated: true, verified: true });
export const cloudConfig = selected({ kind: "cloudConfig", templated: true, verified: true });
export const script = selected({ kind: "script", templated: true, verified: true });
export const generic = selected({ kind: "generic", templated: true });
export const metadata = selected({ kind: "metadata", readsQuery: true });

/** An endpoint that answers for the group the request's labels select. */
function selected(how: Rendering): MachineHandler {
  return (request, deps) => {
    const { path, query, rawQuery } = request;
    const badLabel = labelProblem(rawQuery);
    if (badLabel) return text(400, badLabel);
    const snapshot = deps.snapshot();
    const group = snapshot.index.select(query);
    if (!group) {
      deps.metrics.miss(path);
      return text(404, `no group matches ${describeLabels(query)}\n`);
    }
    const profile = snapshot.profiles.get(group.profile)!;
    deps.cache.follow(snapshot.generation);
    const badValue = profile.allow_query && how.templated ? templateQueryProblem(rawQuery) : undefined;
    if (badValue) return served(text(400, badValue), group, profile, false);
    const byQuery = profile.allow_query || how.readsQuery === true;
    let key = byQuery ? `${path}\0${group.id}\0${rawQuery}` : `${path}\0${group.id}`;
    let verify: Omit<AgentSettings, "key"> | undefined;
    if (profile.verify && how.verified) {
      const settings = agentSettings(
        deps.reportSecret,
        group,
        profile,
        request.headers.host ? `${request.scheme}://${request.headers.host}` : undefined,
      );
      if (typeof settings === "string") return served(text(500, settings), group, profile, false);
      verify = settings;
      key += `\0${settings.url}`;
    }
    const machine = verify?.machine ?? "";
    // A machine's own config: a fresh key for each delivery, so rendered every time.
    if (verify && machine) {
      const refused = spend(deps, request.client);
      if (refused) return served(refused, group, profile, false);
      const nonce = randomBytes(16).toString("hex");
      deps.metrics.render(path);
      const rendering = deps.renderer.render(snapshot, how.kind, group, profile, requestData(query, rawQuery), {
        ...verify,
        key: reportKey(deps.reportSecret!, group.id, machine, nonce),
      });
      const own = (reply: Reply) =>
        served(
          reply,
          group,
          profile,
          false,
          reply.status === 200 ? { machine, group: group.id, profile: profile.id, endpoint: path, nonce } : undefined,
        );
      return rendering instanceof Promise ? rendering.then(own) : own(rendering);
    }
    const delivered = (reply: Reply) =>
      verify && reply.status === 200 ? { machine, group: group.id, profile: profile.id, endpoint: path } : undefined;
    const hit = deps.cache.get(key);
    if (hit) {
      deps.metrics.hit(path);
      return served(hit, group, profile, true, delivered(hit));
    }
    // The same reply already being rendered (a machine retrying, the group's other machines): wait for it.
    const joined = deps.renderer.joining(snapshot.generation, key);
    if (joined) {
      deps.metrics.hit(path);
      return joined.then((reply) => served(reply, group, profile, true, delivered(reply)));
    }
    // Replies keyed by the query are what a client can make without end: counted against its budget.
    const refused = byQuery ? spend(deps, request.client) : undefined;
    if (refused) return served(refused, group, profile, false);
    deps.metrics.render(path);
    // The group's key is derived only when its config is rendered, not for every cached answer.
    const rendering = deps.renderer.render(
      snapshot,
      how.kind,
      group,
      profile,
      requestData(query, rawQuery),
      verify && { ...verify, key: reportKey(deps.reportSecret!, group.id, machine) },
      key,
    );
    const done = (reply: Reply) => {
      // cached only while the snapshot it was rendered from is still the one served
      deps.cache.setFor(snapshot.generation, key, reply);
      return served(reply, group, profile, false, delivered(reply));
    };
    return rendering instanceof Promise ? rendering.then(done) : done(rendering);
  };
}

/** Spends one of the client's budget; the 429 to answer when it is spent. */
function spend(deps: Deps, client: string | undefined): Reply | undefined {
  const wait = client === undefined ? undefined : deps.budget.take(client);
  if (wait === undefined) return undefined;
  return text(
    429,
    `too many new replies for ${client}: at most ${deps.budget.perMinute} a minute per client address; try again in ${wait} s\n`,
    { "retry-after": String(wait) },
  );
}

/** Where and how the agent of a machine of this profile reports (all but its key), or why it cannot. */
function agentSettings(
  secret: string | undefined,
  group: Group,
  profile: Profile,
  origin: string | undefined,
): Omit<AgentSettings, "key"> | string {
  if (!secret)
    return `profile "${profile.id}" (${profile.file}) asks for verification, but kindling serve takes no reports: start it with --report-secret-file FILE\n`;
  const own = typeof profile.verify === "object" ? profile.verify : {};
  const url = own.url ?? (origin ? `${origin}/reports` : undefined);
  if (!url)
    return `profile "${profile.id}" (${profile.file}) asks for verification, but the request has no Host header to report to; set verify.url\n`;
  const machine = machineLabel(group);
  return {
    url,
    group: group.id,
    machine,
    ...(own.retry_seconds ? { retrySeconds: own.retry_seconds } : {}),
    kernelArguments: expectedKernelArguments(profile.boot?.args ?? []),
  };
}

function describeLabels(query: Record<string, string>): string {
  const entries = Object.entries(query);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(", ") : "a request without labels (and there is no default group)";
}
