/**
 * The machine endpoints as one table, each a pure function of the request
 * and the current snapshot (testable without a socket). Selection goes
 * through the snapshot's index; rendered replies are cached per snapshot
 * generation, endpoint and group (plus the query where the profile lets
 * templates see it), so a store change invalidates everything at once.
 */
import { bootIpxe, grubScript, ipxeScript } from "./boot.js";
import type { Group, Profile } from "./model.js";
import { Metrics } from "./metrics.js";
import { type Reply, renderCloudConfig, renderGeneric, renderIgnition, renderMetadata, renderScriptConfig } from "./render.js";
import type { Snapshot } from "./snapshot.js";

export interface MachineRequest {
  path: string;
  query: Record<string, string>;
}

export interface Handled {
  reply: Reply;
  group?: string;
  profile?: string;
  cached?: boolean;
}

type Render = (snapshot: Snapshot, group: Group, profile: Profile, query: Record<string, string>) => Reply;

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
  "/metadata": (_s, group, profile, query) => renderMetadata(group, profile, query),
};

export const MACHINE_ENDPOINTS = ["/boot.ipxe", "/boot.ipxe.0", "/healthz", "/metrics", ...Object.keys(SELECTED)];

export class Routes {
  readonly metrics = new Metrics();
  private cache = new Map<string, Reply>();
  private cacheGeneration = -1;

  constructor(private readonly current: () => Snapshot | undefined) {}

  handle(req: MachineRequest): Handled {
    const handled = this.route(req);
    this.metrics.request(req.path, handled.reply.status);
    return handled;
  }

  private route(req: MachineRequest): Handled {
    const { path, query } = req;
    if (path === "/boot.ipxe" || path === "/boot.ipxe.0") return { reply: plain(200, bootIpxe()) };
    if (path === "/healthz") return { reply: this.current() ? plain(200, "ok\n") : plain(503, "no store loaded\n") };
    if (path === "/metrics") {
      const s = this.current();
      return { reply: { status: 200, contentType: "text/plain; version=0.0.4", body: this.metrics.renderText(s?.groups.size ?? 0, s?.generation ?? 0) } };
    }
    const render = SELECTED[path];
    if (!render) return { reply: plain(404, `no such endpoint ${path}\n`) };
    const snapshot = this.current();
    if (!snapshot) return { reply: plain(503, "no store loaded\n") };
    const group = snapshot.index.select(query);
    if (!group) {
      this.metrics.miss(path);
      return { reply: plain(404, `no group matches ${describeLabels(query)}\n`) };
    }
    const profile = snapshot.profiles.get(group.profile)!;
    if (snapshot.generation !== this.cacheGeneration) {
      this.cache = new Map();
      this.cacheGeneration = snapshot.generation;
    }
    const key = profile.allow_query ? `${path}\0${group.id}\0${JSON.stringify(Object.entries(query).sort())}` : `${path}\0${group.id}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.metrics.hit(path);
      return { reply: hit, group: group.id, profile: profile.id, cached: true };
    }
    this.metrics.render(path);
    const reply = render(snapshot, group, profile, query);
    this.cache.set(key, reply);
    return { reply, group: group.id, profile: profile.id, cached: false };
  }
}

function describeLabels(query: Record<string, string>): string {
  const entries = Object.entries(query);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(", ") : "a request without labels (and there is no default group)";
}
