// /assets/* over real HTTP: files streamed whole or by range, and every way
// out of the assets root refused.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../../../src/deliver/pxe/server.js";
import { DirectoryStore } from "../../../../src/deliver/pxe/store/directory.js";

let server: RunningServer;
let work: string;
const IMAGE = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

function raw(
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "kindling-assets-"));
  const data = join(work, "data");
  mkdirSync(join(data, "profiles"), { recursive: true });
  writeFileSync(join(data, "profiles/p.json"), '{"id":"p"}');
  mkdirSync(join(data, "groups"));
  writeFileSync(join(data, "groups/d.json"), '{"id":"d","profile":"p"}');
  const assets = join(work, "assets");
  mkdirSync(join(assets, "fcos"), { recursive: true });
  writeFileSync(join(assets, "fcos/initramfs.img"), IMAGE);
  writeFileSync(join(assets, "empty"), "");
  writeFileSync(join(work, "secret"), "secret\n");
  symlinkSync(join(work, "secret"), join(assets, "escape"));
  symlinkSync("fcos/initramfs.img", join(assets, "current.img"));
  server = await startServer({ store: new DirectoryStore(data), port: 0, watch: false, assets });
});
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

describe("/assets", () => {
  it("streams a file whole, with its length, and HEAD without a body", async () => {
    const r = await raw("/assets/fcos/initramfs.img");
    expect(r.status).toBe(200);
    expect(r.body.equals(IMAGE)).toBe(true);
    expect(r.headers["content-length"]).toBe("1000");
    expect(r.headers["accept-ranges"]).toBe("bytes");
    const head = await raw("/assets/fcos/initramfs.img", {}, "HEAD");
    expect([head.status, head.headers["content-length"], head.body.length]).toEqual([200, "1000", 0]);
    expect((await raw("/assets/empty")).body.length).toBe(0);
    expect((await raw("/assets/current.img")).body.equals(IMAGE)).toBe(true);
  });

  it("answers ranges: start-end, start-, the last N bytes, and 416 outside the file", async () => {
    const a = await raw("/assets/fcos/initramfs.img", { range: "bytes=10-19" });
    expect([a.status, a.headers["content-range"], a.body.equals(IMAGE.subarray(10, 20))]).toEqual([206, "bytes 10-19/1000", true]);
    const b = await raw("/assets/fcos/initramfs.img", { range: "bytes=990-" });
    expect([b.status, b.headers["content-range"], b.body.equals(IMAGE.subarray(990))]).toEqual([206, "bytes 990-999/1000", true]);
    const c = await raw("/assets/fcos/initramfs.img", { range: "bytes=-5" });
    expect([c.status, c.body.equals(IMAGE.subarray(995))]).toEqual([206, true]);
    const d = await raw("/assets/fcos/initramfs.img", { range: "bytes=2000-" });
    expect([d.status, d.headers["content-range"]]).toEqual([416, "bytes */1000"]);
    expect((await raw("/assets/fcos/initramfs.img", { range: "bytes=1-2,5-6" })).status).toBe(416);
  });

  it("never leaves the assets root", async () => {
    for (const path of [
      "/assets/../secret",
      "/assets/fcos/../../secret",
      "/assets/%2e%2e/secret",
      "/assets/fcos%2f..%2f..%2fsecret",
      "/assets//etc/passwd",
      "/assets/%00",
      "/assets/..%5csecret",
      "/assets/escape",
      "/assets/fcos",
      "/assets/missing",
      "/assets/%zz",
    ]) {
      const r = await raw(path);
      expect([400, 404], path).toContain(r.status);
      expect(r.body.toString(), path).not.toContain("secret\n");
    }
  });
});
