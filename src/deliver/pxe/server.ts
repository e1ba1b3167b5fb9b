/**
 * `kindling serve`: the parts put together. The store's snapshot
 * (store/served-snapshot.ts) and the server's deps (http/deps.ts) behind
 * node's server (http/node-server.ts), whose requests go through the route
 * table (http/routes.ts, http/listener.ts); the store's changes reload the
 * snapshot. Configs render on worker threads (render/render-pool.ts) so
 * the event loop stays free for answers.
 */
import type { Server } from "node:http";
import type { OpenAsset } from "./http/assets.js";
import { makeDeps } from "./http/deps.js";
import type { ServeLimits } from "./http/limits.js";
import { requestListener } from "./http/listener.js";
import { logWriter } from "./http/log.js";
import type { Metrics } from "./http/metrics.js";
import { listen, nodeServer, type TlsFiles } from "./http/node-server.js";
import { startRenderPool } from "./render/render-pool.js";
import { Renderer } from "./render/renderer.js";
import type { StoreProblem } from "./store/model.js";
import { ServedSnapshot } from "./store/served-snapshot.js";
import type { Store } from "./store/store.js";

/** What `startServer` serves from and how: the store, where to listen, the log, assets, the admin token, TLS, the report secret and the bounds. */
export interface ServeOptions {
  store: Store;
  host?: string;
  port?: number;
  /** One line per request and per reload; undefined for none. */
  log?: (line: string) => void;
  /** Reload when the store changes (default true). */
  watch?: boolean;
  /** The directory /assets/* serves from; without it /assets answers 404. */
  assets?: string;
  /** The admin API's bearer token; without one the admin API is off. */
  adminToken?: string;
  /**
   * HTTPS. With `clientCa`, the admin API also needs a client certificate
   * signed by it (mutual TLS); machines never need one.
   */
  tls?: TlsFiles;
  /** The secret machines' report keys derive from; without it POST /reports is off. */
  reportSecret?: string;
  /** The reply cache's budget in bytes (default 64 MiB). */
  cacheBytes?: number;
  /**
   * What one client address may make the server create a minute: replies
   * keyed by its query, configs with a key of their own, machines' first
   * reports (default 300; 0 for no limit).
   */
  clientBudget?: number;
  /** Bounds on what clients may hold (downloads, uploads, timeouts); each defaults to DEFAULT_LIMITS'. */
  limits?: Partial<ServeLimits>;
  /**
   * Threads that render configs off the event loop (default: one per CPU
   * beyond the first, 1 to 4); 0 renders on the event loop.
   */
  renderThreads?: number;
  /** The render workers' code (default render/render-worker.js beside this module; tests run from sources pass a build of it). */
  renderWorker?: string | URL;
  /** How asset files are opened (node:fs/promises' open); tests inject I/O failures through it. */
  openAsset?: OpenAsset;
}

/** A server that is listening: its URL, node's server, its metrics, and how to reload or close it. */
export interface RunningServer {
  url: string;
  server: Server;
  metrics: Metrics;
  /** Rebuilds the snapshot now; resolves to the problems that kept the old one, if any. */
  reload(): Promise<StoreProblem[]>;
  close(): Promise<void>;
}

/**
 * Starts `kindling serve` over a store.
 *
 * @param options the store and the server's settings
 * @returns the running server, once it listens
 * @throws an Error listing the store's problems (and carrying them as `problems`) when the store does not load
 * @example
 *   const server = await startServer({ store: new DirectoryStore("/srv/kindling"), port: 8080 });
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const log = logWriter(options.log);
  const served = await ServedSnapshot.load(options.store, log);
  const renderer = new Renderer(startRenderPool(options.renderThreads, options.renderWorker, log));
  const deps = makeDeps({ ...options, clientCertificate: options.tls?.clientCa !== undefined, renderer }, served, log);
  const scheme = options.tls ? "https" : "http";
  const server = nodeServer(requestListener(deps, scheme), options.tls, deps.limits, log);
  const url = await listen(server, options.port ?? 8080, options.host ?? "127.0.0.1", scheme, log).catch(async (err: Error) => {
    await renderer.close();
    throw err;
  });
  const stopWatching = options.watch !== false ? options.store.watch(() => void served.reload()) : undefined;
  return {
    url,
    server,
    metrics: deps.metrics,
    reload: () => served.reload(),
    close: () =>
      new Promise<void>((resolve) => {
        stopWatching?.();
        server.close(() => void renderer.close().then(resolve));
        server.closeAllConnections();
      }),
  };
}
