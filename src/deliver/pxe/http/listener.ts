/**
 * Requests off node's server into the route table: each answered by its
 * route (routes.ts), written by respond(), and logged in one line (method,
 * path, what its route's log shape says, time taken). No request can end the
 * server: whatever one throws is logged once and answered 500 (or, after its
 * headers, its connection closed).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Deps } from "./deps.js";
import { json } from "./reply.js";
import { requestFrom } from "./request.js";
import { respond } from "./respond.js";
import { handle } from "./routes.js";

const ms = (started: number) => Math.round((performance.now() - started) * 1000) / 1000;

export function requestListener(deps: Deps, scheme: "http" | "https"): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const fail = (err: unknown) => {
      const url = req.url ?? "/";
      const path = url.includes("?") ? url.slice(0, url.indexOf("?")) : url;
      deps.log({ event: "request-failed", method: req.method, path, error: err instanceof Error ? err.message : String(err) });
      if (res.headersSent) res.destroy();
      else respond(res, json(500, { error: "internal error; the server's log says why" }));
    };
    try {
      const request = requestFrom(req, scheme);
      handle(request, deps)
        .then(({ answer, log }) => {
          respond(res, answer);
          deps.log({ method: request.method, path: request.path, ...log, ms: ms(started) });
        })
        .catch(fail);
    } catch (err) {
      fail(err);
    }
  };
}
