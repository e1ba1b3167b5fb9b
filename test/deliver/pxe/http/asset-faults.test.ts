// /assets/* when reading fails: no request can end the server. A file that
// cannot be opened is a 500 (JSON, naming nothing of the server's own
// paths); a read that fails or comes up short after the headers went out
// closes the connection; each failure is one log line; a client that goes
// away releases its file; concurrent downloads are bounded (503 with
// Retry-After beyond the bound) and a stalled one is dropped after the idle
// timeout. Failures the kernel gives only to non-root users or under a low
// descriptor limit (EACCES, EMFILE) are injected here through the server's
// file opener; test/system/serve-faults.test.ts has the real ones.

import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { request } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningServer, type ServeOptions, startServer } from "../../../../src/deliver/pxe/server.js";
import { DirectoryStore } from "../../../../src/deliver/pxe/store/directory.js";
import { waitFor } from "../../../helpers/wait-for.js";

let work: string;
let assets: string;
let server: RunningServer | undefined;
let lines: string[] = [];
const sockets: Socket[] = [];
/** Larger than any socket buffer, so a client that reads nothing holds its download open (sparse: no disk used). */
const BIG = 1 << 30;
/** Within the test's own 5 s, so a wait that never ends fails by name. */
const WAIT = { timeoutMs: 4000 };

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "kindling-asset-faults-"));
  const data = join(work, "data");
  mkdirSync(join(data, "profiles"), { recursive: true });
  writeFileSync(join(data, "profiles/p.json"), '{"id":"p"}');
  mkdirSync(join(data, "groups"));
  writeFileSync(join(data, "groups/d.json"), '{"id":"d","profile":"p"}');
  assets = join(work, "assets");
  mkdirSync(assets);
  writeFileSync(join(assets, "small.img"), Buffer.alloc(1000, 7));
  writeFileSync(join(assets, "big.img"), "");
  truncateSync(join(assets, "big.img"), BIG);
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server?.close();
  server = undefined;
  rmSync(work, { recursive: true, force: true });
});

async function serve(extra: Partial<ServeOptions> = {}): Promise<RunningServer> {
  // each server logs to its own list: a closing server's late lines never land in the next test's
  const own: string[] = [];
  lines = own;
  server = await startServer({
    store: new DirectoryStore(join(work, "data")),
    port: 0,
    watch: false,
    assets,
    log: (l) => own.push(l),
    ...extra,
  });
  return server;
}

function get(path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(server!.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** A download on a raw socket: what arrives, whether the server closed it; with read: false it stops reading after the first chunk until readOn(). */
function download(path: string, { read = true } = {}): { socket: Socket; got: () => string; closed: () => boolean; readOn: () => void } {
  const url = new URL(server!.url);
  const socket = connect(Number(url.port), url.hostname, () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`));
  sockets.push(socket);
  let got = "";
  let closed = false;
  socket.on("data", (d) => {
    if (got.length < 1 << 16) got += d.toString("latin1");
    if (!read) socket.pause();
  });
  socket.on("close", () => (closed = true));
  socket.on("error", () => {});
  const readOn = () => {
    read = true;
    socket.resume();
  };
  return { socket, got: () => got, closed: () => closed, readOn };
}

const failures = () => lines.map((l) => JSON.parse(l)).filter((l) => l.event === "request-failed");

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: open '${assets}/small.img'`), { code });
}

/** The file descriptors this process has open on `file`. */
function openOn(file: string): number {
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;
}

describe("asset failures", () => {
  for (const code of ["EACCES", "EMFILE", "EIO"]) {
    it(`answer 500 when the file cannot be opened (${code}), log it once, and keep serving`, async () => {
      await serve({ openAsset: async () => Promise.reject(errno(code)) });
      const r = await get("/assets/small.img");
      expect(r.status).toBe(500);
      expect(r.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(r.body)).toEqual({ error: expect.any(String) });
      expect(r.body).not.toContain(work);
      expect(failures()).toEqual([expect.objectContaining({ path: "/assets/small.img", error: code })]);
      expect(lines.join("\n")).not.toContain(work);
      expect((await get("/healthz")).status).toBe(200);
    });
  }

  it("close the connection when the read fails after the headers went out, and log it once", async () => {
    await serve({
      openAsset: async (file, flags) => {
        const real = await open(file, flags);
        const handle: Pick<FileHandle, "stat" | "createReadStream" | "close"> = {
          stat: () => real.stat(),
          close: () => real.close(),
          createReadStream: () => {
            void real.close();
            let sent = false;
            return new Readable({
              read() {
                if (!sent) {
                  sent = true;
                  this.push(Buffer.alloc(100, 7));
                } else setImmediate(() => this.destroy(errno("EIO")));
              },
            }) as ReturnType<FileHandle["createReadStream"]>;
          },
        };
        return handle;
      },
    });
    const d = download("/assets/small.img");
    await waitFor("the server to close the failed download", () => d.closed(), WAIT);
    expect(d.got()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(d.got()).toContain("content-length: 1000\r\n");
    expect(d.got().split("\r\n\r\n")[1]!.length).toBeLessThan(1000);
    await waitFor("the failure's log line", () => failures().length > 0, WAIT);
    expect(failures()).toEqual([expect.objectContaining({ path: "/assets/small.img", error: "EIO" })]);
    expect((await get("/healthz")).status).toBe(200);
  });

  it("close the connection when the file shrank after its size was sent, instead of leaving the client waiting", async () => {
    const small = join(assets, "small.img");
    await serve({
      openAsset: async (file, flags) => {
        const real = await open(file, flags);
        return {
          stat: async () => {
            const st = await real.stat();
            truncateSync(small, 10);
            return st;
          },
          close: () => real.close(),
          createReadStream: (o) => real.createReadStream(o),
        };
      },
    });
    const d = download("/assets/small.img");
    await waitFor("the server to close the short download", () => d.closed(), WAIT);
    expect(d.got()).toContain("content-length: 1000\r\n");
    expect(d.got().split("\r\n\r\n")[1]).toBe("\u0007".repeat(10));
    await waitFor("the failure's log line", () => failures().length > 0, WAIT);
    expect(failures()).toEqual([expect.objectContaining({ path: "/assets/small.img" })]);
  });

  it("release the file when the client goes away mid-download", async () => {
    await serve();
    const big = join(assets, "big.img");
    const before = openOn(big);
    const d = download("/assets/big.img", { read: false });
    await waitFor("the download to start", () => d.got().startsWith("HTTP/1.1 200"), WAIT);
    expect(openOn(big)).toBe(before + 1);
    d.socket.destroy();
    await waitFor("the server to close the file", () => openOn(big) === before, WAIT);
    expect((await get("/healthz")).status).toBe(200);
  });
});

describe("concurrent asset downloads", () => {
  it("are bounded: beyond the bound, 503 with Retry-After, and a slot frees when a download ends", async () => {
    await serve({ limits: { maxAssetStreams: 2 } });
    const a = download("/assets/big.img", { read: false });
    const b = download("/assets/big.img", { read: false });
    await waitFor("two downloads under way", () => a.got().startsWith("HTTP/1.1 200") && b.got().startsWith("HTTP/1.1 200"), WAIT);
    const refused = await get("/assets/small.img");
    expect(refused.status).toBe(503);
    expect(refused.headers["retry-after"]).toMatch(/^\d+$/);
    expect(JSON.parse(refused.body).error).toContain("2");
    // machines' configs are not assets: they are still served
    expect((await get("/healthz")).status).toBe(200);
    a.socket.destroy();
    await waitFor("a freed slot", async () => (await get("/assets/small.img")).status === 200, WAIT);
  });

  it("drop a download that moves no bytes for the idle timeout, freeing its slot", async () => {
    await serve({ limits: { maxAssetStreams: 1, idleTimeoutMs: 300 } });
    const stalled = download("/assets/big.img", { read: false });
    await waitFor("the download to start", () => stalled.got().startsWith("HTTP/1.1 200"), WAIT);
    await waitFor("the server to give up the stalled download", () => failures().length > 0, WAIT);
    expect(failures()).toEqual([
      expect.objectContaining({ path: "/assets/big.img", error: "the connection closed before the asset was sent" }),
    ]);
    // the client, reading again, finds the connection closed
    stalled.readOn();
    await waitFor("the client to see the connection closed", () => stalled.closed(), WAIT);
    expect((await get("/assets/small.img")).status).toBe(200);
  });
});
