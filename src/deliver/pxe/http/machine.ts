/**
 * The machine endpoints as one table, each a pure function of the request
 * and the current snapshot (testable without a socket). Selection goes
 * through the snapshot's index; rendered replies are cached per snapshot
 * generation, endpoint and group (plus the query as sent where the reply
 * reads it), so a store change invalidates everything at once. The cache is
 * bounded by bytes (render/reply-cache.ts); what a client's requests make the
 * server create beyond what the store describes (a reply keyed by its query,
 * a config with a key of its own) is bounded per client (http/client-budget.ts).
 * A config with the verification agent for a group that names its machine
 * carries a key of its own, derived with a fresh nonce, so it is rendered
 * for each delivery and never cached.
 */
import { bootIpxe, grubScript, ipxeScript } from "../render/boot.js";
import { expectedKernelArguments } from "../render/expected-kernel-arguments.js";
import type { Group, Profile } from "../store/model.js";
import { Metrics } from "./metrics.js";
import { type Reply, renderCloudConfig, renderGeneric, renderIgnition, renderMetadata, renderScriptConfig, type RequestData, requestData } from "../render/configs.js";
import type { Snapshot } from "../store/snapshot.js";
import type { AgentSettings } from "../../../verify/agent.js";
import { randomBytes } from "node:crypto";
import { machineLabel } from "../select/machine-label.js";
import { reportKey } from "../../../verify/report-signature.js";
import { DEFAULT_CACHE_BYTES, ReplyCache } from "../render/reply-cache.js";
import type { ClientBudget } from "./client-budget.js";
import { labelProblem, templateQueryProblem } from "./request-values.js";

export interface MachineRequest {
  path: string;
  /** The labels: each query parameter's first value. */
  query: Record<string, string>;
  /** The query as sent (matchbox's request.raw_query). */
  rawQuery?: string;
  /** How the machine reached us (`http://host:port`), for the default report URL. */
  origin?: string;
  /** The client's address, which `budget` counts by; without one nothing is counted. */
  client?: string;
}

export interface Handled {
  reply: Reply;
  group?: string;
  profile?: string;
  cached?: boolean;
  /** A config with the verification agent went out: who got it, and the nonce of its key if it has its own (the server records it). */
  delivered?: { machine: string; group: string; profile: string; endpoint: string; nonce?: string };
}

export interface RoutesOptions {
  /** The secret report keys derive from; without it profiles with verify cannot be served. */
  reportSecret?: string;
  /** Give each delivery of a machine's config a key of its own (the server records deliveries). */
  perDeliveryKeys?: boolean;
  /** The reply cache's budget in bytes (default 64 MiB). */
  cacheBytes?: number;
  /** What one client may make the server create. */
  budget?: ClientBudget;
}

type Render = (snapshot: Snapshot, group: Group, profile: Profile, request: RequestData, verify?: AgentSettings) => Reply;

const plain = (status: number, body: string): Reply => ({ status, contentType: "text/plain; charset=utf-8", body });

function bootScript(kind: "ipxe" | "grub"): Render {
  return (_s, _g, profile) => {
    if (!profile.boot) return plain(404, `profile "${profile.id}" (${profile.file}) has no boot section\n`);
    const boot = { id: profile.id, ...(profile.name ? { name: profile.name } : {}), boot: profile.boot };
    try {
      return plain(200, kind === "ipxe" ? ipxeScript(boot) : grubScript(boot));
    } catch (err) {
      return plain(500, `${(err as Error).message}\n`);
    }
  };
}

/** Endpoints that select a group, and how each renders. */
const SELECTED: Record<string, Render> = {
  "/ipxe": bootScript("ipxe"),
  "/grub": bootScript("grub"),
  "/ignition": renderIgnition,
  "/cloud-config": renderCloudConfig,
  "/script": renderScriptConfig,
  "/generic": renderGeneric,
  "/metadata": (_s, group, _p, request) => renderMetadata(group, request),
};

/** Endpoints whose reply reads the query whatever the profile says. */
const READS_QUERY = new Set(["/metadata"]);

/** Endpoints that render the profile's templates (which see the query under allow_query). */
const TEMPLATED = new Set(["/ignition", "/cloud-config", "/script", "/generic"]);

/** The endpoints that serve a machine's config, and so carry the agent for a profile with `verify`. */
const VERIFIED = new Set(["/ignition", "/script", "/cloud-config"]);

export const MACHINE_ENDPOINTS = ["/boot.ipxe", "/boot.ipxe.0", "/healthz", "/metrics", ...Object.keys(SELECTED)];

export class Routes {
  readonly metrics = new Metrics();
  readonly cache: ReplyCache;
  private cacheGeneration = -1;

  constructor(
    private readonly current: () => Snapshot | undefined,
    private readonly options: RoutesOptions = {},
  ) {
    this.cache = new ReplyCache(options.cacheBytes ?? DEFAULT_CACHE_BYTES);
  }

  handle(req: MachineRequest): Handled {
    const handled = this.route(req);
    // any other path counts as "other": a client inventing paths must not grow the metrics
    this.metrics.request(MACHINE_ENDPOINTS.includes(req.path) ? req.path : "other", handled.reply.status);
    return handled;
  }

  private route(req: MachineRequest): Handled {
    const { path, query } = req;
    if (path === "/boot.ipxe" || path === "/boot.ipxe.0") return { reply: plain(200, bootIpxe()) };
    if (path === "/healthz") return { reply: this.current() ? plain(200, "ok\n") : plain(503, "no store loaded\n") };
    if (path === "/metrics") {
      const s = this.current();
      return { reply: { status: 200, contentType: "text/plain; version=0.0.4", body: this.metrics.renderText(s?.groups.size ?? 0, s?.generation ?? 0, this.cache) } };
    }
    const render = SELECTED[path];
    if (!render) return { reply: plain(404, `no such endpoint ${path}\n`) };
    const sent = req.rawQuery ?? new URLSearchParams(query).toString();
    const badLabel = labelProblem(sent);
    if (badLabel) return { reply: plain(400, badLabel) };
    const snapshot = this.current();
    if (!snapshot) return { reply: plain(503, "no store loaded\n") };
    const group = snapshot.index.select(query);
    if (!group) {
      this.metrics.miss(path);
      return { reply: plain(404, `no group matches ${describeLabels(query)}\n`) };
    }
    const profile = snapshot.profiles.get(group.profile)!;
    if (snapshot.generation !== this.cacheGeneration) {
      this.cache.clear();
      this.cacheGeneration = snapshot.generation;
    }
    const rawQuery = req.rawQuery ?? "";
    const badValue = profile.allow_query && TEMPLATED.has(path) ? templateQueryProblem(sent) : undefined;
    if (badValue) return { reply: plain(400, badValue), group: group.id, profile: profile.id };
    const byQuery = profile.allow_query || READS_QUERY.has(path);
    let key = byQuery ? `${path}\0${group.id}\0${rawQuery}` : `${path}\0${group.id}`;
    let verify: Omit<AgentSettings, "key"> | undefined;
    if (profile.verify && VERIFIED.has(path)) {
      const settings = this.agentSettings(group, profile, req.origin);
      if (typeof settings === "string") return { reply: plain(500, settings), group: group.id, profile: profile.id };
      verify = settings;
      key += `\0${settings.url}`;
    }
    const done = { group: group.id, profile: profile.id };
    const machine = verify?.machine ?? "";
    // A machine's own config: a fresh key for each delivery, so rendered every time.
    if (verify && machine && this.options.perDeliveryKeys) {
      const refused = this.spend(req.client);
      if (refused) return { reply: refused, ...done };
      const nonce = randomBytes(16).toString("hex");
      this.metrics.render(path);
      const reply = render(snapshot, group, profile, requestData(query, rawQuery), { ...verify, key: reportKey(this.options.reportSecret!, group.id, machine, nonce) });
      return { reply, ...done, cached: false, ...(reply.status === 200 ? { delivered: { machine, group: group.id, profile: profile.id, endpoint: path, nonce } } : {}) };
    }
    const delivered = (reply: Reply) => (verify && reply.status === 200 ? { delivered: { machine, group: group.id, profile: profile.id, endpoint: path } } : {});
    const hit = this.cache.get(key);
    if (hit) {
      this.metrics.hit(path);
      return { reply: hit, ...done, cached: true, ...delivered(hit) };
    }
    // Replies keyed by the query are what a client can make without end: counted against its budget.
    const refused = byQuery ? this.spend(req.client) : undefined;
    if (refused) return { reply: refused, ...done };
    this.metrics.render(path);
    // The group's key is derived only when its config is rendered, not for every cached answer.
    const reply = render(snapshot, group, profile, requestData(query, rawQuery), verify && { ...verify, key: reportKey(this.options.reportSecret!, group.id, machine) });
    this.cache.set(key, reply);
    return { reply, ...done, cached: false, ...delivered(reply) };
  }

  /** Spends one of the client's budget; the 429 to answer when it is spent. */
  private spend(client: string | undefined): Reply | undefined {
    const budget = this.options.budget;
    const wait = client === undefined ? undefined : budget?.take(client);
    if (wait === undefined) return undefined;
    return { ...plain(429, `too many new replies for ${client}: at most ${budget!.perMinute} a minute per client address; try again in ${wait} s\n`), headers: { "retry-after": String(wait) } };
  }

  /** Where and how the agent of a machine of this profile reports (all but its key), or why it cannot. */
  private agentSettings(group: Group, profile: Profile, origin: string | undefined): Omit<AgentSettings, "key"> | string {
    const secret = this.options.reportSecret;
    if (!secret) return `profile "${profile.id}" (${profile.file}) asks for verification, but kindling serve takes no reports: start it with --report-secret-file FILE\n`;
    const own = typeof profile.verify === "object" ? profile.verify : {};
    const url = own.url ?? (origin ? `${origin}/reports` : undefined);
    if (!url) return `profile "${profile.id}" (${profile.file}) asks for verification, but the request has no Host header to report to; set verify.url\n`;
    const machine = machineLabel(group);
    return {
      url,
      group: group.id,
      machine,
      ...(own.retry_seconds ? { retrySeconds: own.retry_seconds } : {}),
      kernelArguments: expectedKernelArguments(profile.boot?.args ?? []),
    };
  }
}

function describeLabels(query: Record<string, string>): string {
  const entries = Object.entries(query);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(", ") : "a request without labels (and there is no default group)";
}
