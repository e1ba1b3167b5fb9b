/**
 * Requests off node's server into the route table: each answered by its
 * route (routes.ts), written by respond(), and logged in one line (method,
 * path, what its route's log shape says, time taken). No request can end the
 * server: whatever one throws is logged once and answered 500 (or, after its
 * headers, its connection closed).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Deps } from "./deps.js";
import { type Answer, json } from "./reply.js";
import { requestFrom } from "./request.js";
import { respond } from "./respond.js";
import { routeOf } from "./routes.js";

const ms = (started: number) => Math.round((performance.now() - started) * 1000) / 1000;

export function requestListener(deps: Deps, scheme: "http" | "https"): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const fail = (err: unknown) => {
      const url = req.url ?? "/";
      const path = url.includes("?") ? url.slice(0, url.indexOf("?")) : url;
      deps.log?.({ event: "request-failed", method: req.method, path, error: err instanceof Error ? err.message : String(err) });
      if (res.headersSent) res.destroy();
      else respond(res, json(500, { error: "internal error; the server's log says why" }));
    };
    try {
      const request = requestFrom(req, scheme);
      const route = routeOf(request, deps);
      const answered = (answer: Answer) => {
        respond(res, answer);
        deps.log?.({ method: request.method, path: request.path, ...route.log(request, answer), ms: ms(started) });
      };
      // most answers are ready at once (a cached config); the rest wait for the store or a body
      const answer = route.handler(request, deps);
      if (answer instanceof Promise) answer.then(answered).catch(fail);
      else answered(answer);
    } catch (err) {
      fail(err);
    }
  };
}
