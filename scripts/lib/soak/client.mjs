/**
 * Sending one request the way a fleet does: keep-alive connections from
 * many loopback source addresses (each machine keeps its own address, as
 * machines on a provisioning network have), the answer read whole, and the
 * outcome as {status, body, headers} or {error}. A GET that meets a
 * keep-alive socket the server had just closed is sent once more on a new
 * one (Node's documented advice for reused sockets) and counted as retried.
 */
import { Agent, request } from "node:http";

/** `count` addresses in 127.0.0.0/8 other than 127.0.0.1 (Linux routes all of it to lo). */
export function loopbackSources(count) {
  return Array.from({ length: count }, (_, i) => `127.${1 + (i >> 16)}.${(i >> 8) & 255}.${i & 255 || 1}`).filter(
    (a, i, all) => all.indexOf(a) === i,
  );
}

const hash = (s) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};

export class FleetClient {
  constructor(url, { sources = ["127.0.0.1"], maxSocketsPerSource = 16, timeoutMs = 10_000, idleMs = 4000 } = {}) {
    const u = new URL(url);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.timeoutMs = timeoutMs;
    this.sources = sources;
    // Idle sockets are closed before the server's keep-alive timeout (Node's is 5 s) would close them under a request.
    this.agents = sources.map(() => new Agent({ keepAlive: true, maxSockets: maxSocketsPerSource, timeout: idleMs }));
    this.retried = 0;
  }

  /** Sends `r` ({method, path, headers, body, binary, source}); resolves to {status, headers, body} or {error}. */
  send(r) {
    const i = hash(r.source ?? "") % this.sources.length;
    return this.once(r, i).then((out) => {
      if (!out.retry) return out;
      this.retried++;
      return this.once(r, i).then((again) => (again.retry ? { error: "the connection closed before an answer, twice" } : again));
    });
  }

  once(r, i) {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (v) => {
        if (!settled) {
          settled = true;
          resolve(v);
        }
      };
      const req = request(
        {
          host: this.host,
          port: this.port,
          method: r.method,
          path: r.path,
          headers: r.body ? { ...r.headers, "content-length": Buffer.byteLength(r.body) } : r.headers,
          agent: this.agents[i],
          localAddress: this.sources[i],
        },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            const raw = Buffer.concat(chunks);
            finish({ status: res.statusCode, headers: res.headers, body: r.binary ? raw : raw.toString("utf8") });
          });
          res.on("error", (err) => finish({ error: err.code ?? err.message }));
        },
      );
      req.setTimeout(this.timeoutMs, () =>
        req.destroy(Object.assign(new Error("timeout"), { code: `no answer within ${this.timeoutMs} ms` })),
      );
      req.on("error", (err) => {
        const stale = req.reusedSocket && (err.code === "ECONNRESET" || err.code === "EPIPE") && r.method === "GET";
        finish(stale ? { retry: true } : { error: err.code ?? err.message });
      });
      req.end(r.body);
    });
  }

  close() {
    for (const a of this.agents) a.destroy();
  }
}
