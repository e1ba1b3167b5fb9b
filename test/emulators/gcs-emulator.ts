/**
 * An emulator of Google Cloud Storage, speaking its real wire protocols, for
 * tests: the JSON API's objects.get (metadata, and `alt=media` for the
 * bytes) and the media upload (POST /upload/storage/v1/b/BUCKET/o?
 * uploadType=media&name=…, `ifGenerationMatch=0` answered 412 when the
 * object exists), bearer tokens checked; and the XML API's GET of a V4
 * signed URL (GOOG4-RSA-SHA256: the X-Goog-* parameters present, not
 * expired, and the signature verified against the service account key the
 * test registers). Failures (429, 503) are injected per test. Test code only.
 */
import { createHash, createPublicKey, createVerify, type KeyObject } from "node:crypto";
import type { ServerResponse } from "node:http";
import { authorized, type GoogleServer, type SeenRequest, sendError, sendJson, startGoogleServer } from "./google-http.js";

export interface StoredObject {
  bytes: Buffer;
  contentType: string;
  generation: string;
}

export interface GcsEmulator extends GoogleServer {
  /** The storage endpoint (--storage-endpoint): the JSON API lives under /storage/v1 and /upload/storage/v1 below it. */
  url: string;
  /** bucket → object name → object. */
  buckets: Map<string, Map<string, StoredObject>>;
  /** Signed URLs whose X-Goog-Credential names `email` are checked against this public key. */
  registerSigner(email: string, publicKeyPem: string): void;
}

/** RFC 3986 percent-encoding, as the V4 canonical query string wants it. */
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const xmlError = (res: ServerResponse, code: number, name: string, message: string) => {
  res.writeHead(code, { "content-type": "application/xml; charset=UTF-8" });
  res.end(`<?xml version='1.0' encoding='UTF-8'?><Error><Code>${name}</Code><Message>${message}</Message></Error>`);
};

export async function startGcsEmulator(options: { buckets: string[]; validToken: (token: string) => boolean }): Promise<GcsEmulator> {
  const buckets = new Map(options.buckets.map((b) => [b, new Map<string, StoredObject>()]));
  const signers = new Map<string, KeyObject>();
  let generation = 1_700_000_000_000_000;

  const metadata = (bucket: string, name: string, o: StoredObject) => ({
    kind: "storage#object",
    id: `${bucket}/${name}/${o.generation}`,
    name,
    bucket,
    generation: o.generation,
    metageneration: "1",
    contentType: o.contentType,
    size: String(o.bytes.length),
    md5Hash: createHash("md5").update(o.bytes).digest("base64"),
  });

  const json = (req: SeenRequest, res: ServerResponse) => {
    if (!authorized(req, res, options.validToken)) return;
    const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(req.path);
    const object = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(req.path);
    const bucketName = decodeURIComponent((upload ?? object)?.[1] ?? "");
    const bucket = buckets.get(bucketName);
    if (!upload && !object) return sendError(res, 404, "Not Found", "notFound");
    if (!bucket) return sendError(res, 404, "The specified bucket does not exist.", "notFound");
    if (upload) {
      if (req.method !== "POST") return sendError(res, 405, "Method Not Allowed");
      if (req.query.get("uploadType") !== "media")
        return sendError(res, 400, "Upload requests must include an uploadType URL parameter", "invalid");
      const name = req.query.get("name");
      if (!name) return sendError(res, 400, "Required", "required");
      const match = req.query.get("ifGenerationMatch");
      const existing = bucket.get(name);
      if (match !== null && (match === "0" ? existing !== undefined : existing?.generation !== match))
        return sendError(res, 412, "At least one of the pre-conditions you specified did not hold.", "conditionNotMet");
      const stored = {
        bytes: req.body,
        contentType: String(req.headers["content-type"] ?? "application/octet-stream"),
        generation: String(generation++),
      };
      bucket.set(name, stored);
      return sendJson(res, 200, metadata(bucketName, name, stored));
    }
    const name = decodeURIComponent(object![2]!);
    if (req.method !== "GET") return sendError(res, 405, "Method Not Allowed");
    const stored = bucket.get(name);
    if (!stored) return sendError(res, 404, `No such object: ${bucketName}/${name}`, "notFound");
    if (req.query.get("alt") === "media") {
      res.writeHead(200, { "content-type": stored.contentType, "content-length": stored.bytes.length });
      return void res.end(stored.bytes);
    }
    sendJson(res, 200, metadata(bucketName, name, stored));
  };

  const signed = (req: SeenRequest, res: ServerResponse) => {
    const q = req.query;
    const names = ["X-Goog-Algorithm", "X-Goog-Credential", "X-Goog-Date", "X-Goog-Expires", "X-Goog-SignedHeaders", "X-Goog-Signature"];
    if (names.some((n) => !q.get(n)))
      return xmlError(
        res,
        400,
        "AuthorizationQueryParametersError",
        "Query-string authentication version 4 requires the X-Goog-* parameters.",
      );
    if (q.get("X-Goog-Algorithm") !== "GOOG4-RSA-SHA256") return xmlError(res, 400, "InvalidArgument", "Unsupported algorithm");
    const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(q.get("X-Goog-Date")!);
    if (!date) return xmlError(res, 400, "InvalidArgument", "Invalid X-Goog-Date");
    const [, y, mo, d, h, mi, s] = date;
    const start = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!);
    const expires = Number(q.get("X-Goog-Expires"));
    if (!(expires > 0 && expires <= 604800))
      return xmlError(res, 400, "InvalidArgument", "Max allowed expiration interval is seven days 604800");
    if (Date.now() > start + expires * 1000) return xmlError(res, 400, "ExpiredToken", "Invalid argument.");
    const [email, ...scope] = q.get("X-Goog-Credential")!.split("/");
    if (scope.join("/") !== `${y}${mo}${d}/auto/storage/goog4_request`)
      return xmlError(res, 400, "AuthorizationQueryParametersError", "Invalid credential scope");
    const key = signers.get(email!);
    if (key) {
      const query = [...q.entries()]
        .filter(([k]) => k !== "X-Goog-Signature")
        .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${k}=${v}`)
        .join("&");
      const signedHeaders = q.get("X-Goog-SignedHeaders")!.split(";");
      const headers = signedHeaders.map((h) => `${h}:${String(req.headers[h] ?? "").trim()}\n`).join("");
      const canonical = ["GET", req.path, query, headers, signedHeaders.join(";"), "UNSIGNED-PAYLOAD"].join("\n");
      const toSign = ["GOOG4-RSA-SHA256", q.get("X-Goog-Date"), scope.join("/"), createHash("sha256").update(canonical).digest("hex")].join(
        "\n",
      );
      const verify = createVerify("RSA-SHA256");
      verify.update(toSign);
      if (!verify.verify(key, Buffer.from(q.get("X-Goog-Signature")!, "hex")))
        return xmlError(
          res,
          403,
          "SignatureDoesNotMatch",
          "Access denied. The request signature we calculated does not match the signature you provided.",
        );
    } else return xmlError(res, 403, "AccessDenied", "Access denied: unknown service account.");
    const [, bucketName, ...rest] = req.path.split("/");
    const stored = buckets.get(decodeURIComponent(bucketName ?? ""))?.get(rest.map(decodeURIComponent).join("/"));
    if (!stored) return xmlError(res, 404, "NoSuchKey", "The specified key does not exist.");
    res.writeHead(200, { "content-type": stored.contentType, "content-length": stored.bytes.length });
    res.end(stored.bytes);
  };

  const server = await startGoogleServer((req, res) => {
    if (req.path.startsWith("/storage/v1/") || req.path.startsWith("/upload/storage/v1/")) return json(req, res);
    if (req.method === "GET") return signed(req, res);
    sendError(res, 404, "Not Found");
  });
  return {
    ...server,
    url: server.origin,
    buckets,
    registerSigner: (email, pem) => void signers.set(email, createPublicKey(pem)),
  };
}
