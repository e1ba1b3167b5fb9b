/**
 * What the Google API emulators (gce-, gcs-, oauth-emulator.ts) share: an
 * HTTP server on 127.0.0.1:0, request bodies, Google's JSON error shape
 * ({"error":{"code","message","status","errors":[{reason}]}}), the bearer
 * token check, and failures injected per test (429, 503 …) before the real
 * handler runs. Test code only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the emulator saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type Handler = (req: SeenRequest, res: ServerResponse) => void | Promise<void>;

/** Google's status words for the HTTP codes the emulators answer with. */
const STATUS: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  412: "FAILED_PRECONDITION",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

export function sendJson(res: ServerResponse, code: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(code, { "content-type": "application/json; charset=UTF-8", "content-length": body.length });
  res.end(body);
}

export function sendError(res: ServerResponse, code: number, message: string, reason = "error"): void {
  sendJson(res, code, { error: { code, message, status: STATUS[code] ?? "UNKNOWN", errors: [{ message, domain: "global", reason }] } });
}

/** A running emulator: its base URL, what it saw, failures to inject, and how to stop it. */
export interface GoogleServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  requests: SeenRequest[];
  /** The next `count` requests (matching `path` when given) answer `code` with Google's error body. */
  failNext(count: number, code: number, path?: RegExp): void;
  close(): Promise<void>;
}

export async function startGoogleServer(handler: Handler): Promise<GoogleServer> {
  const requests: SeenRequest[] = [];
  const failures: { code: number; path?: RegExp }[] = [];
  const server: Server = createServer(async (message: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of message) chunks.push(chunk as Buffer);
    const url = new URL(message.url ?? "/", "http://emulator");
    const req: SeenRequest = {
      method: message.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      body: Buffer.concat(chunks),
      headers: message.headers,
      ...(message.headers.authorization ? { authorization: message.headers.authorization } : {}),
    };
    requests.push(req);
    const failure = failures.findIndex((f) => !f.path || f.path.test(req.path));
    if (failure >= 0) {
      const { code } = failures.splice(failure, 1)[0]!;
      sendError(
        res,
        code,
        code === 429 ? "Rate Limit Exceeded" : "The service is currently unavailable.",
        code === 429 ? "rateLimitExceeded" : "backendError",
      );
      return;
    }
    try {
      await handler(req, res);
    } catch (err) {
      sendError(res, 500, `emulator: ${(err as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    failNext(count, code, path) {
      for (let i = 0; i < count; i++) failures.push({ code, ...(path ? { path } : {}) });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The bearer token of a request, if any. */
export function bearerOf(req: SeenRequest): string | undefined {
  return /^Bearer (.+)$/i.exec(req.authorization ?? "")?.[1];
}

/** Answers 401 as Google does and gives false unless the request carries a token `valid` accepts. */
export function authorized(req: SeenRequest, res: ServerResponse, valid: (token: string) => boolean): boolean {
  const token = bearerOf(req);
  if (token !== undefined && valid(token)) return true;
  sendError(
    res,
    401,
    "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
    "authError",
  );
  return false;
}
