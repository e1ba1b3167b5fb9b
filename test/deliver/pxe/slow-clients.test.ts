// Slow and stuck clients, on raw sockets: a report upload whose body stops
// or trickles, and headers sent byte by byte (slowloris), are cut off within
// the server's timeouts; uploads beyond the bound get 503 with Retry-After;
// none of it stops the server answering. The timeouts are set small through
// the server's options; the test itself only waits for the close.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ServeLimits } from "../../../src/deliver/pxe/http/limits.js";
import { type RunningServer, startServer } from "../../../src/deliver/pxe/server.js";
import { DirectoryStore } from "../../../src/deliver/pxe/store/directory.js";
import { waitFor } from "../../helpers/wait-for.js";

const WAIT = { timeoutMs: 4000 };
let work: string;
let server: RunningServer | undefined;
const sockets: Socket[] = [];
const timers: NodeJS.Timeout[] = [];

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "kindling-slow-"));
  mkdirSync(join(work, "profiles"));
  mkdirSync(join(work, "groups"));
  writeFileSync(join(work, "profiles/p.json"), '{"id":"p"}');
  writeFileSync(join(work, "groups/d.json"), '{"id":"d","profile":"p"}');
});
afterEach(async () => {
  for (const t of timers.splice(0)) clearInterval(t);
  for (const s of sockets.splice(0)) s.destroy();
  await server?.close();
  server = undefined;
  rmSync(work, { recursive: true, force: true });
});

async function serve(limits: Partial<ServeLimits>): Promise<RunningServer> {
  server = await startServer({
    store: new DirectoryStore(work),
    port: 0,
    watch: false,
    reportSecret: "report-secret-for-tests-0123456789abcdef",
    limits,
  });
  return server;
}

/** A raw connection: what the server sent, and whether it closed. */
function client(): { socket: Socket; got: () => string; closed: () => boolean } {
  const url = new URL(server!.url);
  const socket = connect(Number(url.port), url.hostname);
  sockets.push(socket);
  let got = "";
  let closed = false;
  socket.on("data", (d) => (got += d));
  socket.on("close", () => (closed = true));
  socket.on("error", () => {});
  return { socket, got: () => got, closed: () => closed };
}

const reportHead = (length: number) =>
  `POST /reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Kindling-Group: d\r\nContent-Length: ${length}\r\n\r\n`;

/** Writes `text` one byte every `everyMs` until it is sent or the socket closes. */
function trickle(socket: Socket, text: string, everyMs: number): () => number {
  let sent = 0;
  const t = setInterval(() => {
    if (sent >= text.length || socket.destroyed) return clearInterval(t);
    socket.write(text[sent++]!);
  }, everyMs);
  timers.push(t);
  return () => sent;
}

async function healthy(s: RunningServer): Promise<boolean> {
  return (await fetch(`${s.url}/healthz`)).status === 200;
}

describe("report uploads", () => {
  it("whose body stops coming get 408 and a closed connection within the body timeout", async () => {
    const s = await serve({ bodyTimeoutMs: 300 });
    const c = client();
    c.socket.write(reportHead(100) + '{"version":1');
    await waitFor("the server to close the stuck upload", () => c.closed(), WAIT);
    expect(c.got()).toMatch(/^HTTP\/1\.1 408 /);
    expect(c.got()).toContain('"error"');
    expect(await healthy(s)).toBe(true);
  });

  it("whose body trickles in are cut off within the body timeout, long before the body is complete", async () => {
    const s = await serve({ bodyTimeoutMs: 300 });
    const c = client();
    c.socket.write(reportHead(1000));
    const sent = trickle(c.socket, "x".repeat(1000), 20);
    await waitFor("the server to cut the trickling upload off", () => c.closed(), WAIT);
    expect(sent()).toBeLessThan(1000);
    expect(await healthy(s)).toBe(true);
  });

  it("beyond the bound get 503 with Retry-After, and the bound frees as uploads end", async () => {
    const s = await serve({ maxReportUploads: 2, bodyTimeoutMs: 60_000 });
    const held = [client(), client()];
    for (const h of held) h.socket.write(reportHead(100) + "{");
    // the server counts an upload once its headers are in; a third request on a fresh socket tells when both are
    await waitFor(
      "two uploads under way",
      async () => {
        const probe = client();
        probe.socket.write(reportHead(2) + "{}");
        await waitFor("an answer", () => probe.got().includes("\r\n\r\n"), WAIT);
        return /^HTTP\/1\.1 503 /.test(probe.got()) ? probe.got() : undefined;
      },
      WAIT,
    ).then((refused) => {
      expect(refused).toMatch(/\r\nretry-after: \d+\r\n/i);
      expect(refused).toContain('"error"');
    });
    expect(await healthy(s)).toBe(true);
    held[0]!.socket.destroy();
    await waitFor(
      "a freed upload slot",
      async () => {
        const probe = client();
        probe.socket.write(reportHead(2) + "{}");
        await waitFor("an answer", () => probe.got().includes("\r\n\r\n"), WAIT);
        return !/^HTTP\/1\.1 503 /.test(probe.got());
      },
      WAIT,
    );
  });
});

describe("headers", () => {
  it("sent byte by byte (slowloris) are cut off within the headers timeout", async () => {
    const s = await serve({ headersTimeoutMs: 300 });
    const c = client();
    const head = `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: ${"a".repeat(500)}\r\n\r\n`;
    const sent = trickle(c.socket, head, 20);
    await waitFor("the server to cut the slow headers off", () => c.closed(), WAIT);
    expect(sent()).toBeLessThan(head.length);
    expect(c.got()).not.toMatch(/^HTTP\/1\.1 200 /);
    expect(await healthy(s)).toBe(true);
  });

  it("that never end are cut off, and the server keeps answering others meanwhile", async () => {
    const s = await serve({ headersTimeoutMs: 300 });
    const stuck = Array.from({ length: 20 }, () => client());
    for (const c of stuck) c.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    expect(await healthy(s)).toBe(true);
    await waitFor("the server to cut every stuck request off", () => stuck.every((c) => c.closed()), WAIT);
  });
});
