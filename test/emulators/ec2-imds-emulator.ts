/**
 * An emulator, for tests, of EC2's instance metadata service as IMDSv2
 * answers on the wire: `PUT /latest/api/token` with
 * `X-aws-ec2-metadata-token-ttl-seconds` (1 to 21600) gives a session token;
 * every GET needs it in `X-aws-ec2-metadata-token` (401 without or with a
 * stale one); a request carrying `X-Forwarded-For` is refused, as the real
 * service refuses proxied token requests. It serves the user data as raw
 * bytes and the instance id, and keeps every request it was sent.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ImdsRequest {
  method: string;
  path: string;
  token?: string;
  status: number;
}

export interface Ec2ImdsEmulator {
  port: number;
  requests: ImdsRequest[];
  close(): Promise<void>;
}

export async function startEc2Imds(userData: Uint8Array, instanceId: string): Promise<Ec2ImdsEmulator> {
  const tokens = new Map<string, number>(); // token → expiry (ms)
  const requests: ImdsRequest[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://imds").pathname;
    const send = (status: number, body: string | Uint8Array, type = "text/plain") => {
      const token = req.headers["x-aws-ec2-metadata-token"];
      requests.push({ method: req.method ?? "", path, status, ...(typeof token === "string" ? { token } : {}) });
      res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
      res.end(body);
    };
    req.resume();
    req.on("end", () => {
      if (req.headers["x-forwarded-for"] !== undefined) return send(403, "Forbidden");
      if (path === "/latest/api/token") {
        if (req.method !== "PUT") return send(405, "Method Not Allowed");
        const ttl = Number(req.headers["x-aws-ec2-metadata-token-ttl-seconds"]);
        if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21600) return send(400, "Bad Request");
        const token = randomBytes(24).toString("base64url");
        tokens.set(token, Date.now() + ttl * 1000);
        return send(200, token);
      }
      if (req.method !== "GET") return send(405, "Method Not Allowed");
      const token = req.headers["x-aws-ec2-metadata-token"];
      const expiry = typeof token === "string" ? tokens.get(token) : undefined;
      if (expiry === undefined || expiry < Date.now()) return send(401, "Unauthorized");
      if (path === "/latest/user-data") return send(200, userData, "application/octet-stream");
      if (path === "/latest/meta-data/instance-id") return send(200, instanceId);
      return send(404, "Not Found");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
