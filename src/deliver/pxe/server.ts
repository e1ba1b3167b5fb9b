/**
 * `kindling serve` over node:http: the routes table behind a socket, one
 * structured log line per request, and the store's snapshot swapped in
 * whole when it reloads (a reload that fails keeps the last good snapshot
 * and logs why).
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { TLSSocket } from "node:tls";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { type AdminOptions, handleAdmin } from "./http/admin.js";
import { type OpenAsset, serveAsset } from "./http/assets.js";
import { DEFAULT_LIMITS, RETRY_AFTER_SECONDS, type ServeLimits, Slots } from "./http/limits.js";
import { bodyProblemReply, readBody } from "./http/request-body.js";
import { receiveReport } from "./http/reports.js";
import { formatProblem, type StoreProblem } from "./store/model.js";
import type { Reply } from "./render/configs.js";
import { type Handled, Routes } from "./http/machine.js";
import { DeliveryLog } from "./store/deliveries.js";
import { ClientBudget, DEFAULT_CLIENT_BUDGET } from "./http/client-budget.js";
import { hostProblem } from "./http/request-values.js";
import { type Snapshot, TEMPLATE_REFS } from "./store/snapshot.js";
import type { Store } from "./store/store.js";

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
  tls?: { cert: Uint8Array; key: Uint8Array; clientCa?: Uint8Array };
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
  /** How asset files are opened (node:fs/promises' open); tests inject I/O failures through it. */
  openAsset?: OpenAsset;
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

/** Writes a reply; never throws: a reply that cannot be written closes the connection. */
function send(res: ServerResponse, reply: Reply, headers: Record<string, string | number> = {}, length = Buffer.byteLength(reply.body)): void {
  try {
    res.writeHead(reply.status, { "content-type": reply.contentType, "content-length": length, ...headers });
    res.end(reply.body);
  } catch {
    res.destroy();
  }
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
  const log = options.log;
  const deliveries = new DeliveryLog(options.store, (err) => log?.(JSON.stringify({ time: new Date().toISOString(), event: "delivery-not-recorded", error: err.message })));
  const budget = new ClientBudget(options.clientBudget ?? DEFAULT_CLIENT_BUDGET);
  const routes = new Routes(() => snapshot, { reportSecret: options.reportSecret, perDeliveryKeys: true, cacheBytes: options.cacheBytes, budget });
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

  const loadNext = async (): Promise<StoreProblem[]> => {
    // a store that cannot be read is a refused reload, never an unhandled rejection
    const next = await options.store.load().catch((err: Error) => ({ snapshot: undefined, problems: [{ file: options.store.describe(), message: `cannot be read: ${err.message}` }] }));
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


  const limits: ServeLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const admin: AdminOptions | undefined =
    options.adminToken
      ? { token: options.adminToken, store: options.store, reload, bodyTimeoutMs: limits.bodyTimeoutMs, ...(options.tls?.clientCa ? { clientCertificate: (req: IncomingMessage) => (req.socket as TLSSocket).authorized === true } : {}) }
      : undefined;

  const assetSlots = new Slots(limits.maxAssetStreams);
  const uploadSlots = new Slots(limits.maxReportUploads);
  const logLine = (fields: Record<string, unknown>) => log?.(JSON.stringify({ time: new Date().toISOString(), ...fields }));
  const ms = (started: number) => Math.round((performance.now() - started) * 1000) / 1000;
  const errorReply = (status: number, message: string): Reply => ({ status, contentType: "application/json", body: JSON.stringify({ error: message }) + "\n" });

  /** POST /reports: bounded uploads, each body within its size cap and deadline; `close` when the body was not read to its end. */
  const receive = async (req: IncomingMessage): Promise<{ reply: Reply; headers?: Record<string, string | number> }> => {
    if (!options.reportSecret) {
      return { reply: errorReply(404, "reports are off; start kindling serve with --report-secret-file FILE"), headers: { connection: "close" } };
    }
    const release = uploadSlots.take();
    if (!release) {
      return { reply: errorReply(503, `too many reports are being uploaded at once (at most ${uploadSlots.size}); retry in ${RETRY_AFTER_SECONDS} s`), headers: { "retry-after": RETRY_AFTER_SECONDS, connection: "close" } };
    }
    try {
      const limit = 4 << 20;
      const read = await readBody(req, { limit, timeoutMs: limits.bodyTimeoutMs });
      if (!("body" in read)) {
        const refused = bodyProblemReply(read.problem, "a report", limit, limits.bodyTimeoutMs);
        return { reply: errorReply(refused.status, refused.message), headers: { connection: "close" } };
      }
      const reply = await receiveReport(req, read.body, snapshot, { secret: options.reportSecret, store: options.store, budget });
      return { reply, headers: reply.headers };
    } finally {
      release();
    }
  };

  const dispatch = async (req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string, started: number): Promise<void> => {
    if (path === "/reports" && req.method === "POST") {
      const { reply, headers } = await receive(req);
      send(res, reply, headers);
      routes.metrics.request("/reports", reply.status);
      logLine({ method: req.method, path, group: req.headers["x-kindling-group"] ?? null, status: reply.status, ms: ms(started) });
      return;
    }
    if (path === "/admin" || path.startsWith("/admin/")) {
      const reply = await handleAdmin(req, path, admin);
      send(res, reply, reply.headers);
      logLine({ method: req.method, path, admin: true, status: reply.status, ms: ms(started) });
      return;
    }
    if (path.startsWith("/assets/") && options.assets && (req.method === "GET" || req.method === "HEAD")) {
      const answer = await serveAsset(path.slice("/assets/".length), req, res, {
        root: options.assets,
        slots: assetSlots,
        ...(options.openAsset ? { open: options.openAsset } : {}),
        onFailure: (reason) => logLine({ event: "request-failed", method: req.method, path, error: reason }),
      });
      routes.metrics.request("/assets", answer.status);
      logLine({ method: req.method, path, status: answer.status, range: req.headers.range ?? null, ms: ms(started) });
      return;
    }
    const query = parseQuery(rawQuery);
    let handled: Handled;
    const host = req.headers.host;
    const badHost = hostProblem(host);
    if (req.method !== "GET" && req.method !== "HEAD") {
      handled = { reply: { status: 405, contentType: "text/plain; charset=utf-8", body: "machine endpoints are read-only\n" } };
      res.setHeader("allow", "GET, HEAD");
    } else if (badHost) {
      handled = { reply: { status: 400, contentType: "text/plain; charset=utf-8", body: badHost } };
    } else {
      handled = routes.handle({ path, query, rawQuery, origin: host ? `${tls ? "https" : "http"}://${host}` : undefined, client: req.socket.remoteAddress });
      // A HEAD delivers nothing: no record, and the key on record stays the one that verifies.
      const delivered = req.method === "GET" ? handled.delivered : undefined;
      // A config whose key is its own goes out only once its delivery (and nonce) is on record.
      if (delivered) {
        await deliveries.record(delivered).catch((err: Error) => {
          logLine({ event: "delivery-not-recorded", machine: delivered.machine, group: delivered.group, error: err.message });
          handled = { ...handled, reply: { status: 503, contentType: "text/plain; charset=utf-8", body: `the delivery to ${delivered.machine} could not be recorded (${err.message}); try again\n` } };
        });
      }
    }
    const { reply } = handled;
    send(res, req.method === "HEAD" ? { ...reply, body: "" } : reply, reply.headers ?? {}, Buffer.byteLength(reply.body));
    logLine({ method: req.method, path, selectors: query, group: handled.group ?? null, profile: handled.profile ?? null, status: reply.status, cached: handled.cached ?? false, ms: ms(started) });
  };

  // No request can end the server: whatever one throws is logged once and answered 500 (or, after its headers, its connection closed).
  const handler: RequestListener = (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const fail = (err: unknown) => {
      logLine({ event: "request-failed", method: req.method, path, error: err instanceof Error ? err.message : String(err) });
      if (res.headersSent) res.destroy();
      else send(res, errorReply(500, "internal error; the server's log says why"));
    };
    try {
      dispatch(req, res, path, q < 0 ? "" : url.slice(q + 1), started).catch(fail);
    } catch (err) {
      fail(err);
    }
  };
  const serverOptions = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.headersTimeoutMs + limits.bodyTimeoutMs,
    // node checks both timeouts on this interval (30 s by default, which would stretch them)
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
  const server: Server = tls
    ? createTlsServer({ ...serverOptions, cert: Buffer.from(tls.cert), key: Buffer.from(tls.key), ...(tls.clientCa ? { ca: Buffer.from(tls.clientCa), requestCert: true, rejectUnauthorized: false } : {}) }, handler)
    : createServer(serverOptions, handler);
  // a connection that moves nothing for this long is closed (node's default for a socket timeout with no listener)
  server.setTimeout(limits.idleTimeoutMs);
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    logLine({ event: "client-error", error: err.code ?? err.message });
    const status = err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? "408 Request Timeout" : err.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
    if (socket.writable && (socket as Socket).bytesWritten === 0 && err.code !== "ECONNRESET") socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, options.host ?? "127.0.0.1", () => resolve());
  });
  // once listening, a failed accept (EMFILE when descriptors run out) is logged; the server keeps listening
  server.on("error", (err: NodeJS.ErrnoException) => logLine({ event: "server-error", error: err.code ?? err.message }));
  const stopWatching = options.watch !== false ? options.store.watch(() => void reload()) : undefined;
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
