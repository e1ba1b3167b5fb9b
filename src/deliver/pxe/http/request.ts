/**
 * A request as the handlers see it: method, path, query, headers, who sent
 * it and how, and its body on demand (read within a size cap and a
 * deadline). Made from node's IncomingMessage by the server, or from plain
 * values (`requestOf`), so handlers are tested without a socket.
 */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { type BodyRead, readBody } from "./request-body.js";

export interface Request {
  method: string;
  path: string;
  /** The labels: each query parameter's first value (matchbox drops later ones). */
  query: Record<string, string>;
  /** The query as sent (matchbox's request.raw_query). */
  rawQuery: string;
  /** Lower-case names. */
  headers: IncomingHttpHeaders;
  /** The client's address, which budgets count by; undefined when unknown. */
  client: string | undefined;
  scheme: "http" | "https";
  /** With mutual TLS: whether the client presented a certificate the server's --client-ca signed. */
  trustedCertificate: boolean;
  /** The body, read whole within `limit` bytes and `timeoutMs` once asked for. */
  readBody(limit: number, timeoutMs?: number): Promise<BodyRead>;
}

/** The request's labels: each parameter's first value (matchbox drops later ones). */
export function parseQuery(raw: string): Record<string, string> {
  const query: Record<string, string> = {};
  if (!raw) return query;
  for (const [k, v] of new URLSearchParams(raw)) if (!Object.hasOwn(query, k)) query[k] = v;
  return query;
}

function target(url: string): { path: string; rawQuery: string } {
  const q = url.indexOf("?");
  return q < 0 ? { path: url, rawQuery: "" } : { path: url.slice(0, q), rawQuery: url.slice(q + 1) };
}

/** A request that came in on a connection. */
export function requestFrom(req: IncomingMessage, scheme: "http" | "https"): Request {
  const { path, rawQuery } = target(req.url ?? "/");
  return {
    method: req.method ?? "GET",
    path,
    query: parseQuery(rawQuery),
    rawQuery,
    headers: req.headers,
    client: req.socket.remoteAddress,
    scheme,
    trustedCertificate: (req.socket as TLSSocket).authorized === true,
    readBody: (limit, timeoutMs) => readBody(req, { limit, timeoutMs }),
  };
}

/** A request made of plain values (tests, embedding): `url` is the path and query as sent. */
export function requestOf(
  method: string,
  url: string,
  init: {
    headers?: IncomingHttpHeaders;
    body?: string | Uint8Array;
    client?: string;
    scheme?: "http" | "https";
    trustedCertificate?: boolean;
  } = {},
): Request {
  const { path, rawQuery } = target(url);
  const body = Buffer.from(init.body ?? "");
  return {
    method,
    path,
    query: parseQuery(rawQuery),
    rawQuery,
    headers: { host: "kindling.test", ...init.headers },
    client: init.client ?? "192.0.2.1",
    scheme: init.scheme ?? "http",
    trustedCertificate: init.trustedCertificate ?? false,
    readBody: async (limit) => (body.length > limit ? { problem: "too-large" } : { body }),
  };
}
