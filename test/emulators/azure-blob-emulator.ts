/**
 * An EMULATOR of Azure Blob storage for tests: a real HTTP server on
 * 127.0.0.1 speaking the Blob REST wire protocol, path-style as Azurite
 * does (http://127.0.0.1:PORT/ACCOUNT/CONTAINER/BLOB): HEAD, PUT (BlockBlob,
 * If-None-Match: *) and GET Blob, Get User Delegation Key, bearer tokens,
 * and shared access signatures (user delegation and service SAS, sv
 * 2020-12-06 and later) verified by rebuilding the string-to-sign from the
 * query, as the service does. Errors are Blob storage's XML with
 * x-ms-error-code. Containers are private unless made public; 503s can be
 * injected per test.
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface Blob {
  bytes: Buffer;
  contentType: string;
  etag: string;
}

export interface BlobCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
}

export interface AzureBlobEmulator {
  /** The endpoint for one account: what --storage-endpoint takes in place of https://ACCOUNT.blob.core.windows.net. */
  endpoint(account: string): string;
  calls: BlobCall[];
  blobs: Map<string, Blob>;
  /** Creates a container; `publicRead` lets anyone read its blobs (public access level "blob"). */
  createContainer(account: string, container: string, publicRead?: boolean): void;
  /** Sets an account's key (base64), for service SAS. */
  setAccountKey(account: string, key: string): void;
  /** The next `times` requests with this method fail with 503 ServerBusy (Retry-After: 1). */
  inject503(method: string, times?: number): void;
  close(): Promise<void>;
}

const VERSION_MIN = "2020-12-06";

export async function startAzureBlobEmulator(options: { tokens?: string[] } = {}): Promise<AzureBlobEmulator> {
  const tokens = new Set(options.tokens ?? ["storage-token"]);
  const containers = new Map<string, { publicRead: boolean }>();
  const accountKeys = new Map<string, string>();
  const delegationKeys = new Map<string, { value: string; start: string; expiry: string }>();
  const blobs = new Map<string, Blob>();
  const calls: BlobCall[] = [];
  const injected: string[] = [];
  const oid = randomUUID();
  const tid = randomUUID();

  const error = (res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/xml", "x-ms-error-code": code, "x-ms-version": "2022-11-02", ...headers });
    res.end(
      `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}</Message></Error>`,
    );
  };

  /** Whether the SAS in `q` is valid for `account/container/blob` and allows `permission`; or the reason it is not. */
  const checkSas = (q: URLSearchParams, account: string, container: string, blob: string, permission: string): true | string => {
    const need = ["sp", "se", "sv", "sr", "sig"];
    for (const n of need) if (!q.get(n)) return `Signature fields not well formed: ${n} missing`;
    if (q.get("sv")! < VERSION_MIN) return "this emulator checks sv 2020-12-06 and later";
    if (q.get("sr") !== "b") return "Signed resource is not a blob";
    if (!q.get("sp")!.includes(permission)) return "This request is not authorized to perform this operation using this permission.";
    const now = Date.now();
    if (Date.parse(q.get("se")!) < now) return "Signed expiry time has passed.";
    if (q.get("st") && Date.parse(q.get("st")!) > now) return "Signed start time is in the future.";
    const resource = `/blob/${account}/${container}/${blob}`;
    let toSign: string;
    let key: string | undefined;
    if (q.get("skoid")) {
      const delegation = delegationKeys.get(`${q.get("skoid")}|${q.get("skt")}|${q.get("ske")}`);
      if (!delegation) return "The user delegation key in the signature is not known.";
      key = delegation.value;
      toSign = [
        q.get("sp"),
        q.get("st") ?? "",
        q.get("se"),
        resource,
        q.get("skoid"),
        q.get("sktid"),
        q.get("skt"),
        q.get("ske"),
        q.get("sks"),
        q.get("skv"),
        q.get("saoid") ?? "",
        q.get("suoid") ?? "",
        q.get("scid") ?? "",
        q.get("sip") ?? "",
        q.get("spr") ?? "",
        q.get("sv"),
        q.get("sr"),
        q.get("sst") ?? "",
        q.get("ses") ?? "",
        q.get("rscc") ?? "",
        q.get("rscd") ?? "",
        q.get("rsce") ?? "",
        q.get("rscl") ?? "",
        q.get("rsct") ?? "",
      ].join("\n");
    } else {
      key = accountKeys.get(account);
      if (!key) return "The account has no key for a service SAS.";
      toSign = [
        q.get("sp"),
        q.get("st") ?? "",
        q.get("se"),
        resource,
        q.get("si") ?? "",
        q.get("sip") ?? "",
        q.get("spr") ?? "",
        q.get("sv"),
        q.get("sr"),
        q.get("sst") ?? "",
        q.get("ses") ?? "",
        q.get("rscc") ?? "",
        q.get("rscd") ?? "",
        q.get("rsce") ?? "",
        q.get("rscl") ?? "",
        q.get("rsct") ?? "",
      ].join("\n");
    }
    const expected = createHmac("sha256", Buffer.from(key, "base64")).update(toSign, "utf8").digest("base64");
    return expected === q.get("sig") ? true : `Signature did not match. String to sign used was ${JSON.stringify(toSign)}`;
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = req.method ?? "GET";
    calls.push({ method, path: url.pathname, query: url.searchParams, headers: req.headers });
    const at = injected.indexOf(method);
    if (at >= 0) {
      injected.splice(at, 1);
      return error(res, 503, "ServerBusy", "The server is currently unable to receive requests. Please retry your request.", {
        "retry-after": "1",
      });
    }
    const [, account = "", container = "", ...rest] = url.pathname.split("/").map((s) => decodeURIComponent(s));
    const blobName = rest.join("/");
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (bearer !== undefined && !tokens.has(bearer))
      return error(res, 401, "InvalidAuthenticationInfo", "Server failed to authenticate the request.");
    if (bearer !== undefined && !req.headers["x-ms-version"])
      return error(res, 400, "MissingRequiredHeader", "An HTTP header that's mandatory for this request is not specified.");

    if (method === "POST" && container === "" && url.searchParams.get("comp") === "userdelegationkey") {
      if (bearer === undefined) return error(res, 403, "AuthenticationFailed", "Get User Delegation Key needs an OAuth token.");
      const start = /<Start>([^<]*)<\/Start>/.exec(body.toString())?.[1];
      const expiry = /<Expiry>([^<]*)<\/Expiry>/.exec(body.toString())?.[1];
      if (!start || !expiry) return error(res, 400, "InvalidXmlDocument", "XML specified is not syntactically valid.");
      if (Date.parse(expiry) - Date.now() > 7 * 24 * 3600 * 1000 + 60_000)
        return error(res, 400, "InvalidQueryParameterValue", "The expiry is more than seven days ahead.");
      const value = randomBytes(32).toString("base64");
      delegationKeys.set(`${oid}|${start}|${expiry}`, { value, start, expiry });
      res.writeHead(200, { "content-type": "application/xml" });
      return res.end(
        `<?xml version="1.0" encoding="utf-8"?><UserDelegationKey><SignedOid>${oid}</SignedOid><SignedTid>${tid}</SignedTid><SignedStart>${start}</SignedStart><SignedExpiry>${expiry}</SignedExpiry><SignedService>b</SignedService><SignedVersion>2022-11-02</SignedVersion><Value>${value}</Value></UserDelegationKey>`,
      );
    }
    const box = containers.get(`${account}/${container}`);
    if (!box || blobName === "") return error(res, 404, "ContainerNotFound", "The specified container does not exist.");
    const id = `${account}/${container}/${blobName}`;
    const write = method === "PUT";
    if (bearer === undefined) {
      if (url.searchParams.has("sig")) {
        const ok = checkSas(url.searchParams, account, container, blobName, write ? "c" : "r");
        if (ok !== true) return error(res, 403, "AuthenticationFailed", `Server failed to authenticate the request. ${ok}`);
      } else if (write || !box.publicRead) {
        // Anonymous requests to a private container are answered as if nothing were there.
        return error(res, 404, "ResourceNotFound", "The specified resource does not exist.");
      }
    }
    const found = blobs.get(id);
    if (method === "HEAD" || method === "GET") {
      if (!found) {
        if (method === "HEAD") {
          res.writeHead(404, { "x-ms-error-code": "BlobNotFound" });
          return res.end();
        }
        return error(res, 404, "BlobNotFound", "The specified blob does not exist.");
      }
      res.writeHead(200, {
        "content-type": found.contentType,
        "content-length": String(found.bytes.length),
        etag: found.etag,
        "x-ms-blob-type": "BlockBlob",
      });
      return res.end(method === "GET" ? found.bytes : undefined);
    }
    if (write) {
      if (req.headers["x-ms-blob-type"] !== "BlockBlob")
        return error(res, 400, "MissingRequiredHeader", "An HTTP header that's mandatory for this request is not specified.");
      if (found && req.headers["if-none-match"] === "*") return error(res, 409, "BlobAlreadyExists", "The specified blob already exists.");
      const etag = `"0x${randomBytes(8).toString("hex").toUpperCase()}"`;
      blobs.set(id, { bytes: body, contentType: req.headers["content-type"] ?? "application/octet-stream", etag });
      res.writeHead(201, { etag, "x-ms-request-server-encrypted": "true" });
      return res.end();
    }
    error(res, 405, "UnsupportedHttpVerb", "The resource doesn't support the specified HTTP verb.");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint: (account) => `${base}/${account}`,
    calls,
    blobs,
    createContainer(account, container, publicRead = false) {
      containers.set(`${account}/${container}`, { publicRead });
    },
    setAccountKey(account, key) {
      accountKeys.set(account, key);
    },
    inject503(method, times = 1) {
      for (let i = 0; i < times; i++) injected.push(method);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
