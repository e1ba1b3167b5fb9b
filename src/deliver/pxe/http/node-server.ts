/**
 * node's HTTP or HTTPS server for kindling serve, with its bounds: how long
 * a request's headers and body may take, how long a connection may sit
 * idle; a malformed request is answered 400, 408 or 431 on its own
 * connection and logged; once listening, a failed accept (EMFILE when
 * descriptors run out) is logged and the server keeps listening. With a
 * client CA the server asks for a client certificate (the admin API needs
 * one; machines never do).
 */
import { createServer, type RequestListener, type Server } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { ServeLimits } from "./limits.js";
import type { LogLine } from "./log.js";

export interface TlsFiles {
  cert: Uint8Array;
  key: Uint8Array;
  clientCa?: Uint8Array;
}

export function nodeServer(listener: RequestListener, tls: TlsFiles | undefined, limits: ServeLimits, log: LogLine | undefined): Server {
  const options = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.headersTimeoutMs + limits.bodyTimeoutMs,
    // node checks both timeouts on this interval (30 s by default, which would stretch them)
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
  const server: Server = tls
    ? createTlsServer(
        {
          ...options,
          cert: Buffer.from(tls.cert),
          key: Buffer.from(tls.key),
          ...(tls.clientCa ? { ca: Buffer.from(tls.clientCa), requestCert: true, rejectUnauthorized: false } : {}),
        },
        listener,
      )
    : createServer(options, listener);
  // a connection that moves nothing for this long is closed (node's default for a socket timeout with no listener)
  server.setTimeout(limits.idleTimeoutMs);
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    log?.({ event: "client-error", error: err.code ?? err.message });
    const status =
      err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? "408 Request Timeout"
        : err.code === "HPE_HEADER_OVERFLOW"
          ? "431 Request Header Fields Too Large"
          : "400 Bad Request";
    if (socket.writable && (socket as Socket).bytesWritten === 0 && err.code !== "ECONNRESET")
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    socket.destroy();
  });
  return server;
}

/** Listens on `host:port`; resolves to the server's URL. */
export async function listen(
  server: Server,
  port: number,
  host: string,
  scheme: "http" | "https",
  log: LogLine | undefined,
): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  server.on("error", (err: NodeJS.ErrnoException) => log?.({ event: "server-error", error: err.code ?? err.message }));
  const address = server.address() as AddressInfo;
  return `${scheme}://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
}
