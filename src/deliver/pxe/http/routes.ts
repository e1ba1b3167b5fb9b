/**
 * kindling serve's endpoints, one a line: method, path, handler, and the
 * shape of the request's log line. A request takes the first route whose
 * method and path fit (a path ending in /* takes everything under it, "*"
 * everything) and that is on; the last takes whatever is left. Each handler is a function
 * of the request and the server's deps (deps.ts) to an answer (reply.ts),
 * so it is tested without a socket.
 */
import { admin } from "./admin.js";
import { asset } from "./assets.js";
import type { Deps } from "./deps.js";
import type { LogFields } from "./log.js";
import {
  bootChain,
  cloudConfig,
  generic,
  grub,
  health,
  ignition,
  ipxe,
  machine,
  metadata,
  metrics,
  noSuchEndpoint,
  script,
} from "./machine.js";
import { type Answer, isRaw, type Selected } from "./reply.js";
import { reports } from "./reports.js";
import type { Request } from "./request.js";

export type Handler = (request: Request, deps: Deps) => Answer | Promise<Answer>;

/** What a request's log line says after its method and path (and before its time taken). */
type LogShape = (request: Request, answer: Answer) => LogFields;

export interface Route {
  methods: readonly string[];
  path: string;
  handler: Handler;
  log: LogShape;
  /** Whether the route is on, when that depends on the server's settings. */
  on?: (deps: Deps) => boolean;
}

const MACHINE: LogShape = (request, answer) => {
  const about: Partial<Selected> = isRaw(answer) ? {} : answer;
  return {
    selectors: request.query,
    group: about.group ?? null,
    profile: about.profile ?? null,
    status: answer.status,
    cached: about.cached ?? false,
  };
};
const REPORT: LogShape = (request, answer) => ({ group: request.headers["x-kindling-group"] ?? null, status: answer.status });
const ADMIN: LogShape = (_request, answer) => ({ admin: true, status: answer.status });
const ASSET: LogShape = (request, answer) => ({ status: answer.status, range: request.headers.range ?? null });

const GET = ["GET", "HEAD"];
const POST = ["POST"];
const ANY: readonly string[] = [];
const route = (methods: readonly string[], path: string, handler: Handler, log: LogShape, on?: Route["on"]): Route => ({
  methods,
  path,
  handler,
  log,
  ...(on ? { on } : {}),
});
const withAssets = (deps: Deps) => deps.assets !== undefined;

/** A handler whose answers /metrics counts under `endpoint` (the machine endpoints count themselves: machine.ts). */
const counted =
  (endpoint: string, handler: Handler): Handler =>
  async (request, deps) => {
    const answer = await handler(request, deps);
    deps.metrics.request(endpoint, answer.status);
    return answer;
  };

export const ROUTES: readonly Route[] = [
  route(POST, "/reports", counted("/reports", reports), REPORT),
  route(ANY, "/admin", admin, ADMIN),
  route(ANY, "/admin/*", admin, ADMIN),
  route(GET, "/assets/*", counted("/assets", asset), ASSET, withAssets),
  route(GET, "/boot.ipxe", machine(bootChain), MACHINE),
  route(GET, "/boot.ipxe.0", machine(bootChain), MACHINE),
  route(GET, "/healthz", machine(health), MACHINE),
  route(GET, "/metrics", machine(metrics), MACHINE),
  route(GET, "/ipxe", machine(ipxe), MACHINE),
  route(GET, "/grub", machine(grub), MACHINE),
  route(GET, "/ignition", machine(ignition), MACHINE),
  route(GET, "/cloud-config", machine(cloudConfig), MACHINE),
  route(GET, "/script", machine(script), MACHINE),
  route(GET, "/generic", machine(generic), MACHINE),
  route(GET, "/metadata", machine(metadata), MACHINE),
  route(ANY, "*", noSuchEndpoint, MACHINE),
];

function fits(route: Route, request: Request, deps: Deps): boolean {
  if (route.methods !== ANY && !route.methods.includes(request.method)) return false;
  const matches =
    route.path === "*" || (route.path.endsWith("/*") ? request.path.startsWith(route.path.slice(0, -1)) : request.path === route.path);
  return matches && (route.on === undefined || route.on(deps));
}

/** The route a request takes (the last takes every request, so there always is one). */
export function routeOf(request: Request, deps: Deps): Route {
  for (const route of ROUTES) if (fits(route, request, deps)) return route;
  throw new Error(`no route for ${request.method} ${request.path}`);
}

/** Answers a request by its route: the answer, and what its log line says of it. */
export async function handle(request: Request, deps: Deps): Promise<{ answer: Answer; log: LogFields }> {
  const route = routeOf(request, deps);
  const answer = await route.handler(request, deps);
  return { answer, log: route.log(request, answer) };
}
