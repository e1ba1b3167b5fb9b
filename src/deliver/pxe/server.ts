/**
 * `kindling serve` over node:http: the routes table behind a socket, one
 * structured log line per request, and the store's snapshot swapped in
 * whole when it reloads (a reload that fails keeps the last good snapshot
 * and logs why).
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { TLSSocket } from "node:tls";
import type { AddressInfo } from "node:net";
import { type AdminOptions, handleAdmin, readBody, type WritableStore } from "./admin.js";
import { serveAsset } from "./assets.js";
import { receiveReport, type ReportStore } from "./reports.js";
import { formatProblem, type StoreProblem } from "./model.js";
import { type Handled, Routes } from "./routes.js";
import { DeliveryLog } from "./deliveries.js";
import { hostProblem } from "./request-values.js";
import { type Snapshot, TEMPLATE_REFS } from "./snapshot.js";

/** A store as the server sees it: a whole snapshot at a time, and word when it changes. */
export interface SnapshotSource {
  describe(): string;
  load(): Promise<{ snapshot?: Snapshot; problems: StoreProblem[] }>;
  /** Calls `onChange` with the store files that changed (as far as the store can tell); returns the stop function. */
  watch?(onChange: (changed: string[]) => void): () => void;
}

export interface ServeOptions {
  store: SnapshotSource;
  host?: string;
  port?: number;
  /** One line per request and per reload; undefined for none. */
  log?: (line: string) => void;
  /** Reload when the store changes (default true when the store can watch). */
  watch?: boolean;
  /** The directory /assets/* serves from; without it /assets answers 404. */
  assets?: string;
  /** The admin API's bearer token; without one the admin API is off. Needs a writable store. */
  adminToken?: string;
  /**
   * HTTPS. With `clientCa`, the admin API also needs a client certificate
   * signed by it (mutual TLS); machines never need one.
   */
  tls?: { cert: Uint8Array; key: Uint8Array; clientCa?: Uint8Array };
  /** The secret machines' report keys derive from; without it POST /reports is off. */
  reportSecret?: string;
}

export interface RunningServer {
  url: string;
  server: Server;
  routes: Routes;
  /** Rebuilds the snapshot now; resolves to the problems that kept the old one, if any. */
  reload(): Promise<StoreProblem[]>;
  close(): Promise<void>;
}

/** The request's labels: each parameter's first value (matchbox drops later ones). */
function parseQuery(raw: string): Record<string, string> {
  const query: Record<string, string> = {};
  if (!raw) return query;
  for (const [k, v] of new URLSearchParams(raw)) if (!Object.hasOwn(query, k)) query[k] = v;
  return query;
}

/** Loads the store (refusing to start on problems) and listens. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const first = await options.store.load();
  if (!first.snapshot) {
    const err = new Error(`the store (${options.store.describe()}) has problems:\n${first.problems.map(formatProblem).join("\n")}`);
    (err as Error & { problems?: StoreProblem[] }).problems = first.problems;
    throw err;
  }
  let snapshot: Snapshot = first.snapshot;
  const tls = options.tls;
  const routes = new Routes(() => snapshot, { reportSecret: options.reportSecret });
  const log = options.log;
  // One warning per unused template, when it becomes unused; not again on every reload.
  let unused = new Set<string>();
  const warnUnused = (s: Snapshot) => {
    for (const file of s.unused) {
      if (unused.has(file)) continue;
      const key = TEMPLATE_REFS.find(([, kind]) => file.startsWith(`${kind}/`))![0];
      log?.(JSON.stringify({ time: new Date().toISOString(), event: "unused-template", file, message: `${file}: no profile names it (${key}), so it is not loaded or checked` }));
    }
    unused = new Set(s.unused);
  };
  warnUnused(snapshot);
  const recordsStore = options.store as Partial<ReportStore>;
  const deliveries = recordsStore.putDelivery
    ? new DeliveryLog(recordsStore as ReportStore, (err) => log?.(JSON.stringify({ time: new Date().toISOString(), event: "delivery-not-recorded", error: err.message })))
    : undefined;

  const loadNext = async (): Promise<StoreProblem[]> => {
    const next = await options.store.load();
    if (next.snapshot) {
      snapshot = next.snapshot;
      log?.(JSON.stringify({ time: new Date().toISOString(), event: "reload", generation: snapshot.generation, groups: snapshot.groups.size }));
      warnUnused(snapshot);
      return [];
    }
    log?.(JSON.stringify({ time: new Date().toISOString(), event: "reload-refused", problems: next.problems.map(formatProblem) }));
    return next.problems;
  };
  // One reload at a time, in order: a slow load never replaces a newer snapshot.
  let queue: Promise<unknown> = Promise.resolve();
  const reload = (): Promise<StoreProblem[]> => {
    const next = queue.then(loadNext, loadNext);
    queue = next;
    return next;
  };


  const writable = options.store as Partial<WritableStore>;
  const admin: AdminOptions | undefined =
    options.adminToken && writable.write && writable.remove && writable.readAll
      ? { token: options.adminToken, store: writable as WritableStore, reload, ...(options.tls?.clientCa ? { clientCertificate: (req: IncomingMessage) => (req.socket as TLSSocket).authorized === true } : {}) }
      : undefined;

  const handler: RequestListener = (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    if (path === "/reports" && req.method === "POST") {
      const reports = options.store as Partial<ReportStore>;
      void (async () => {
        const error = (status: number, message: string) => ({ status, contentType: "application/json", body: JSON.stringify({ error: message }) + "\n" });
        const body = await readBody(req, 4 << 20);
        if (!body) return error(413, "a report is at most 4 MiB");
        if (!options.reportSecret || !reports.putReport) return error(404, "reports are off; start kindling serve with --report-secret-file FILE");
        return receiveReport(req, body, snapshot, { secret: options.reportSecret, store: reports as ReportStore });
      })()
        .catch((err: Error) => ({ status: 500, contentType: "text/plain; charset=utf-8", body: `internal error: ${err.message}\n` }))
        .then((reply) => {
          res.writeHead(reply.status, { "content-type": reply.contentType, "content-length": Buffer.byteLength(reply.body) });
          res.end(reply.body);
          routes.metrics.request("/reports", reply.status);
          log?.(JSON.stringify({ time: new Date().toISOString(), method: req.method, path, group: req.headers["x-kindling-group"] ?? null, status: reply.status, ms: Math.round((performance.now() - started) * 1000) / 1000 }));
        });
      return;
    }
    if (path === "/admin" || path.startsWith("/admin/")) {
      void handleAdmin(req, path, admin)
        .catch((err: Error) => ({ status: 500, contentType: "text/plain; charset=utf-8", body: `internal error: ${err.message}\n`, headers: undefined }))
        .then((reply) => {
          res.writeHead(reply.status, { "content-type": reply.contentType, "content-length": Buffer.byteLength(reply.body), ...(reply.headers ?? {}) });
          res.end(reply.body);
          log?.(JSON.stringify({ time: new Date().toISOString(), method: req.method, path, admin: true, status: reply.status, ms: Math.round((performance.now() - started) * 1000) / 1000 }));
        });
      return;
    }
    const rawQuery = q < 0 ? "" : url.slice(q + 1);
    const query = parseQuery(rawQuery);
    let handled: Handled;
    if (path.startsWith("/assets/") && options.assets && (req.method === "GET" || req.method === "HEAD")) {
      const answer = serveAsset(options.assets, path.slice("/assets/".length), req, res);
      routes.metrics.request("/assets", answer.status);
      log?.(JSON.stringify({ time: new Date().toISOString(), method: req.method, path, status: answer.status, range: req.headers.range ?? null, ms: Math.round((performance.now() - started) * 1000) / 1000 }));
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      handled = { reply: { status: 405, contentType: "text/plain; charset=utf-8", body: "machine endpoints are read-only\n" } };
      res.setHeader("allow", "GET, HEAD");
    } else {
      try {
        const host = req.headers.host;
        const badHost = hostProblem(host);
        const origin = host && !badHost ? `${tls ? "https" : "http"}://${host}` : undefined;
        handled = badHost ? { reply: { status: 400, contentType: "text/plain; charset=utf-8", body: badHost } } : routes.handle({ path, query, rawQuery, origin });
        if (handled.delivered) deliveries?.record(handled.delivered);
      } catch (err) {
        handled = { reply: { status: 500, contentType: "text/plain; charset=utf-8", body: `internal error: ${(err as Error).message}\n` } };
      }
    }
    const { reply } = handled;
    res.writeHead(reply.status, { "content-type": reply.contentType, "content-length": Buffer.byteLength(reply.body) });
    res.end(req.method === "HEAD" ? undefined : reply.body);
    if (log) {
      log(
        JSON.stringify({
          time: new Date().toISOString(),
          method: req.method,
          path,
          selectors: query,
          group: handled.group ?? null,
          profile: handled.profile ?? null,
          status: reply.status,
          cached: handled.cached ?? false,
          ms: Math.round((performance.now() - started) * 1000) / 1000,
        }),
      );
    }
  };
  const server: Server = tls
    ? createTlsServer({ cert: Buffer.from(tls.cert), key: Buffer.from(tls.key), ...(tls.clientCa ? { ca: Buffer.from(tls.clientCa), requestCert: true, rejectUnauthorized: false } : {}) }, handler)
    : createServer(handler);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, options.host ?? "127.0.0.1", () => resolve());
  });
  const stopWatching = options.watch !== false && options.store.watch ? options.store.watch(() => void reload()) : undefined;
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `${tls ? "https" : "http"}://${host}:${address.port}`,
    server,
    routes,
    reload,
    close: () =>
      new Promise<void>((resolve) => {
        stopWatching?.();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
