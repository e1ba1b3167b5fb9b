/**
 * What the handlers answer from: the snapshot being served, the store, and
 * the server's shared state (metrics, reply cache, renderer, client budget,
 * delivery log, bounds) and settings. Made once per server (`makeDeps`); a test
 * makes its own over an in-memory store.
 */

import { Renderer } from "../render/renderer.js";
import { DEFAULT_CACHE_BYTES, ReplyCache } from "../render/reply-cache.js";
import { DeliveryLog } from "../store/deliveries.js";
import type { StoreProblem } from "../store/model.js";
import type { Snapshot } from "../store/snapshot.js";
import type { Store } from "../store/store.js";
import type { OpenAsset } from "./assets.js";
import { ClientBudget, DEFAULT_CLIENT_BUDGET } from "./client-budget.js";
import { DEFAULT_LIMITS, type ServeLimits, Slots } from "./limits.js";
import type { LogLine } from "./log.js";
import { Metrics } from "./metrics.js";

export interface Deps {
  /** The snapshot being served now. */
  snapshot(): Snapshot;
  store: Store;
  /** Rebuilds the snapshot (after an admin write); resolves to the problems that kept the old one. */
  reload(): Promise<StoreProblem[]>;
  /** Writes a line to the server's log (log.ts): a request's, or an event's (a failure, a delivery not recorded). */
  log?: LogLine;
  metrics: Metrics;
  cache: ReplyCache;
  /** Where replies are rendered (on the event loop, or on render workers), and the renders under way. */
  renderer: Renderer;
  budget: ClientBudget;
  deliveries: DeliveryLog;
  limits: ServeLimits;
  /** Asset downloads and report uploads under way. */
  assetSlots: Slots;
  uploadSlots: Slots;
  /** The secret report keys derive from; without it POST /reports is off and profiles with verify cannot be served. */
  reportSecret?: string;
  /** The admin API's token, and whether it also needs a client certificate (mutual TLS); without it the admin API is off. */
  admin?: { token: string; clientCertificate: boolean };
  /** Where /assets/* serves from, and how files are opened; without it /assets/* is no endpoint. */
  assets?: { root: string; open?: OpenAsset };
}

export interface DepsOptions {
  store: Store;
  reportSecret?: string;
  adminToken?: string;
  /** The admin API needs a client certificate signed by the server's CA. */
  clientCertificate?: boolean;
  assets?: string;
  openAsset?: OpenAsset;
  cacheBytes?: number;
  clientBudget?: number;
  limits?: Partial<ServeLimits>;
  /** Render workers' renderer; without one, every render runs on the event loop. */
  renderer?: Renderer;
}

export function makeDeps(
  options: DepsOptions,
  served: { current(): Snapshot; reload(): Promise<StoreProblem[]> },
  log: LogLine | undefined,
): Deps {
  const limits: ServeLimits = { ...DEFAULT_LIMITS, ...options.limits };
  return {
    snapshot: () => served.current(),
    store: options.store,
    reload: () => served.reload(),
    ...(log ? { log } : {}),
    metrics: new Metrics(),
    cache: new ReplyCache(options.cacheBytes ?? DEFAULT_CACHE_BYTES),
    renderer: options.renderer ?? new Renderer(),
    budget: new ClientBudget(options.clientBudget ?? DEFAULT_CLIENT_BUDGET),
    deliveries: new DeliveryLog(options.store, (err) => log?.({ event: "delivery-not-recorded", error: err.message })),
    limits,
    assetSlots: new Slots(limits.maxAssetStreams),
    uploadSlots: new Slots(limits.maxReportUploads),
    ...(options.reportSecret ? { reportSecret: options.reportSecret } : {}),
    ...(options.adminToken ? { admin: { token: options.adminToken, clientCertificate: options.clientCertificate === true } } : {}),
    ...(options.assets ? { assets: { root: options.assets, ...(options.openAsset ? { open: options.openAsset } : {}) } } : {}),
  };
}
