/**
 * A fetch for HTTPS servers that the system's trust store does not know: a
 * private CA (`--ca`), and a client certificate for servers that ask for one
 * (kindling serve's admin API with --client-ca). Node's global fetch takes
 * neither without the undici package, so this speaks node:https and returns a
 * standard Response for ky. Plain http:// URLs go through node:http.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";

export interface TlsMaterial {
  ca?: Uint8Array;
  cert?: Uint8Array;
  key?: Uint8Array;
}

export function fetchWithTls(tls: TlsMaterial): typeof fetch {
  return async (input, init) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined;
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const r = send(
        url,
        {
          method: req.method,
          headers: Object.fromEntries(req.headers),
          signal: req.signal,
          ...(url.protocol === "https:"
            ? {
                ...(tls.ca ? { ca: Buffer.from(tls.ca) } : {}),
                ...(tls.cert ? { cert: Buffer.from(tls.cert) } : {}),
                ...(tls.key ? { key: Buffer.from(tls.key) } : {}),
              }
            : {}),
        },
        resolve,
      );
      r.on("error", reject);
      r.end(body);
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
    }
    const status = res.statusCode ?? 502;
    const nullBody = status === 204 || status === 304 || req.method === "HEAD";
    if (nullBody) res.resume();
    return new Response(nullBody ? null : (Readable.toWeb(res) as ReadableStream), {
      status,
      statusText: res.statusMessage ?? "",
      headers,
    });
  };
}
