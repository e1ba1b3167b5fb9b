/**
 * An EMULATOR of Amazon S3's REST API, for tests only: a real HTTP server on
 * 127.0.0.1 speaking the real wire protocol, path-style (`/BUCKET/KEY`), so
 * the real @aws-sdk/client-s3 can be pointed at it by endpoint (with
 * forcePathStyle). PUT, GET and HEAD of objects; requests must carry a SigV4
 * Authorization header, or be a presigned GET whose X-Amz-* query parameters
 * are all present and not expired; errors are S3's plain XML (NoSuchKey,
 * AccessDenied, SlowDown). Tests deny buckets and inject throttling and 500s.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StoredS3Object {
  body: Buffer;
  contentType?: string;
}

/** One request as the emulator saw it. */
export interface SeenS3Request {
  method: string;
  bucket: string;
  key: string;
  presigned: boolean;
  accessKeyId?: string;
}

export interface S3Emulator {
  endpoint: string;
  /** Objects by "BUCKET/KEY". */
  objects: Map<string, StoredS3Object>;
  requests: SeenS3Request[];
  /** Every request to this bucket gets 403 AccessDenied. */
  deny(bucket: string): void;
  /** Answer the next `n` requests with 503 SlowDown. */
  throttle(n: number): void;
  /** Answer the next `n` requests with 500 InternalError. */
  fail(n: number): void;
  /** Requests signed with this access key id get 400 ExpiredToken. */
  expireKey(accessKeyId: string): void;
  close(): Promise<void>;
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** 20240102T030405Z as a time. */
function amzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

const PRESIGN_PARAMS = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature"];

/** Starts an S3 emulator on 127.0.0.1 (a free port). */
export async function startS3Emulator(): Promise<S3Emulator> {
  const objects = new Map<string, StoredS3Object>();
  const requests: SeenS3Request[] = [];
  const denied = new Set<string>();
  const expired = new Set<string>();
  const injected: ("throttle" | "fail")[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? "/", "http://s3.local");
    const [, bucket = "", ...rest] = url.pathname.split("/");
    const key = decodeURIComponent(rest.join("/"));
    const method = req.method ?? "GET";
    const id = randomBytes(8).toString("hex").toUpperCase();
    const error = (status: number, code: string, message: string) => {
      res.writeHead(status, { "content-type": "application/xml", "x-amz-request-id": id });
      const resource = key ? `/${bucket}/${key}` : `/${bucket}`;
      res.end(
        method === "HEAD"
          ? undefined
          : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xml(message)}</Message><Resource>${xml(resource)}</Resource>${code === "NoSuchKey" ? `<Key>${xml(key)}</Key>` : ""}<RequestId>${id}</RequestId></Error>`,
      );
    };

    const presigned = url.searchParams.has("X-Amz-Signature");
    let accessKeyId: string | undefined;
    if (presigned) {
      const missing = PRESIGN_PARAMS.filter((p) => !url.searchParams.get(p));
      accessKeyId = /^([^/]+)\//.exec(url.searchParams.get("X-Amz-Credential") ?? "")?.[1];
      requests.push({ method, bucket, key, presigned, ...(accessKeyId ? { accessKeyId } : {}) });
      if (missing.length > 0) return error(403, "AccessDenied", `Query-string authentication requires ${missing.join(", ")}`);
      if (method !== "GET") return error(403, "AccessDenied", "This emulator takes presigned GETs only");
      const signedAt = amzDate(url.searchParams.get("X-Amz-Date")!);
      const seconds = Number(url.searchParams.get("X-Amz-Expires"));
      if (signedAt === undefined || !Number.isInteger(seconds) || seconds < 1 || seconds > 604800)
        return error(400, "AuthorizationQueryParametersError", "X-Amz-Date and X-Amz-Expires must be a SigV4 date and 1 to 604800 seconds");
      if (Date.now() > signedAt + seconds * 1000) return error(403, "AccessDenied", "Request has expired");
    } else {
      const scope = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/[^/]+\/s3\/aws4_request/.exec(String(req.headers.authorization ?? ""));
      accessKeyId = scope?.[1];
      requests.push({ method, bucket, key, presigned, ...(accessKeyId ? { accessKeyId } : {}) });
      if (!scope) return error(403, "AccessDenied", "Access Denied");
    }
    if (accessKeyId && expired.has(accessKeyId)) return error(400, "ExpiredToken", "The provided token has expired.");
    const injection = injected.shift();
    if (injection === "throttle") return error(503, "SlowDown", "Please reduce your request rate.");
    if (injection === "fail") return error(500, "InternalError", "We encountered an internal error. Please try again.");
    if (denied.has(bucket)) return error(403, "AccessDenied", "Access Denied");
    if (!bucket || !key) return error(400, "InvalidRequest", "This emulator serves objects only (/BUCKET/KEY)");

    const name = `${bucket}/${key}`;
    if (method === "PUT") {
      let body = Buffer.concat(chunks);
      if (String(req.headers["content-encoding"] ?? "").includes("aws-chunked")) body = unchunk(body);
      objects.set(name, { body, ...(req.headers["content-type"] ? { contentType: String(req.headers["content-type"]) } : {}) });
      res.writeHead(200, { etag: `"${randomBytes(16).toString("hex")}"`, "x-amz-request-id": id });
      return void res.end();
    }
    if (method === "GET" || method === "HEAD") {
      const object = objects.get(name);
      if (!object) return error(404, "NoSuchKey", "The specified key does not exist.");
      res.writeHead(200, {
        "content-type": object.contentType ?? "binary/octet-stream",
        "content-length": String(object.body.length),
        "x-amz-request-id": id,
      });
      return void res.end(method === "GET" ? object.body : undefined);
    }
    return error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    requests,
    deny: (bucket) => void denied.add(bucket),
    throttle: (n) => void injected.push(...Array<"throttle">(n).fill("throttle")),
    fail: (n) => void injected.push(...Array<"fail">(n).fill("fail")),
    expireKey: (key) => void expired.add(key),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The payload of an aws-chunked body (SIZE-HEX[;chunk-signature=…]\r\nDATA\r\n … 0\r\n trailers). */
function unchunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf("\r\n", at);
    if (eol < 0) break;
    const size = Number.parseInt(body.subarray(at, eol).toString("latin1").split(";")[0]!, 16);
    if (!(size > 0)) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
