// A report server for the agent's sending tests: node:http on 127.0.0.1
// answering POST /reports with the real receiveReport (group known, HMAC
// signature under reportKey, schemas/report.json, clock, replays), after
// any canned answers queued first. It keeps every request it was sent.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createTcpServer, type Socket } from "node:net";
import { receiveReport } from "../../src/deliver/pxe/http/reports.js";
import type { Records } from "../../src/deliver/pxe/store/records.js";
import type { Snapshot } from "../../src/deliver/pxe/store/snapshot.js";
import type { StoredReport } from "../../src/verify/report.js";
import { reportKey } from "../../src/verify/report-signature.js";

export const SECRET = "the server's secret, for tests";
export const GROUP = "web";
export const GROUP_KEY = reportKey(SECRET, GROUP);

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
  status: number;
}

export interface ReportServer {
  url: string;
  port: number;
  received: Received[];
  stored: Map<string, StoredReport>;
  /** Answers to give before receiveReport's: [status, body]. */
  canned: [number, string][];
  close(): Promise<void>;
}

/** Reports kept by machine id (what the tests look up), whatever slot the server keeps them in. */
function memoryStore(stored: Map<string, StoredReport>): Records {
  const slots = new Map<string, StoredReport>();
  return {
    getReport: async (slot) => slots.get(slot),
    putReport: async (slot, s) => {
      slots.set(slot, s);
      stored.set(s.report.machine.id, s);
    },
    slotOf: async () => undefined,
    listReports: async () => [...slots.values()],
    getDelivery: async () => undefined,
    putDelivery: async () => {},
    markReported: async () => false,
    listDeliveries: async () => [],
  };
}

export async function startServer(port = 0): Promise<ReportServer> {
  const received: Received[] = [];
  const stored = new Map<string, StoredReport>();
  const canned: [number, string][] = [];
  const snapshot = {
    groups: new Map([[GROUP, { id: GROUP, profile: "p", selector: {}, metadata: {}, file: "groups/web.json" }]]),
  } as unknown as Snapshot;
  const store = memoryStore(stored);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      const next = canned.shift();
      const reply =
        next !== undefined
          ? { status: next[0], contentType: "application/json", body: next[1] }
          : req.method === "POST" && req.url === "/reports"
            ? await receiveReport({ headers: req.headers, client: req.socket.remoteAddress }, body, snapshot, { secret: SECRET, store })
            : { status: 404, contentType: "text/plain", body: "no such page\n" };
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, status: reply.status });
      res.writeHead(reply.status, { "content-type": reply.contentType });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/reports`,
    port: actual,
    received,
    stored,
    canned,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on (for now). */
export async function freePort(): Promise<number> {
  const s = await startServer();
  await s.close();
  return s.port;
}

export interface SilentServer {
  url: string;
  /** Connections accepted so far. */
  accepted: number;
  close(): Promise<void>;
}

/** A server that accepts every connection, reads what comes and never answers. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const state = { accepted: 0 };
  const server = createTcpServer((socket) => {
    state.accepted++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.resume();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/reports`,
    get accepted() {
      return state.accepted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Closing the connections ends a client still waiting, so no test leaves one behind.
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
