/**
 * An emulator, for tests, of Google Compute Engine's metadata server as it
 * answers on the wire: paths under `/computeMetadata/v1/`, each request must
 * carry `Metadata-Flavor: Google` (403 without), a request with
 * `X-Forwarded-For` is refused, and every answer carries
 * `Metadata-Flavor: Google`. It serves the instance's custom metadata
 * attributes (`instance/attributes/KEY`) and its id, and keeps every request.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface MetadataRequest {
  path: string;
  flavor?: string;
  status: number;
}

export interface GceMetadataEmulator {
  port: number;
  requests: MetadataRequest[];
  close(): Promise<void>;
}

export async function startGceMetadata(attributes: Record<string, string>, instanceId: string): Promise<GceMetadataEmulator> {
  const requests: MetadataRequest[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://metadata").pathname;
    const send = (status: number, body: string) => {
      const flavor = req.headers["metadata-flavor"];
      requests.push({ path, status, ...(typeof flavor === "string" ? { flavor } : {}) });
      res.writeHead(status, { "metadata-flavor": "Google", "content-type": "application/text", "content-length": Buffer.byteLength(body) });
      res.end(body);
    };
    req.resume();
    req.on("end", () => {
      if (req.headers["x-forwarded-for"] !== undefined) return send(403, "Forbidden");
      if (req.headers["metadata-flavor"] !== "Google") return send(403, "Missing Metadata-Flavor:Google header.");
      if (req.method !== "GET") return send(405, "Method Not Allowed");
      const base = "/computeMetadata/v1/";
      if (!path.startsWith(base)) return send(404, "Not Found");
      const key = path.slice(base.length);
      if (key === "instance/id") return send(200, instanceId);
      if (key.startsWith("instance/attributes/")) {
        const value = attributes[key.slice("instance/attributes/".length)];
        return value === undefined ? send(404, "Not Found") : send(200, value);
      }
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
