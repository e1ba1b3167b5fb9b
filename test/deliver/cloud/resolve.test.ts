import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLATFORMS } from "../../../src/deliver/cloud/limits.js";
import { resolveConfig } from "../../../src/deliver/cloud/resolve.js";
import { fitUserData, LOCAL_STRATEGIES } from "../../../src/deliver/cloud/user-data.js";
import { validateIgnition } from "../../../src/ignition/validate.js";

const sha512 = (b: Uint8Array | string) => `sha512-${createHash("sha512").update(b).digest("hex")}`;
const dataUrl = (b: Uint8Array | string) => `data:;base64,${Buffer.from(b).toString("base64")}`;

/** A config writing `count` files under /etc/`dir`. */
function config(version: string, dir: string, count: number, extra: object = {}): string {
  const files = Array.from({ length: count }, (_, i) => ({ path: `/etc/${dir}/f${i}`, contents: { source: `data:,${dir}%20${i}` } }));
  return JSON.stringify({ ignition: { version, ...extra }, storage: { files } });
}

/** The config as validateIgnition decodes it, to compare configs whatever their key order. */
const decoded = (text: string) => validateIgnition(Buffer.from(text)).config;

describe("resolveConfig", () => {
  it("every strategy on every platform resolves back to the original config", async () => {
    let checked = 0;
    for (const size of [20, 400]) {
      const original = config("3.4.0", "app", size);
      for (const platform of PLATFORMS) {
        for (const strategy of LOCAL_STRATEGIES) {
          const fitted = fitUserData({ kind: "ignition", bytes: Buffer.from(original), version: "3.4.0" }, platform, strategy);
          if (!fitted.userData) continue;
          const resolved = await resolveConfig(fitted.userData.bytes);
          expect(resolved.diagnostics).toEqual([]);
          expect(resolved.version).toBe("3.4.0");
          expect(resolved.config).toEqual(decoded(original));
          checked++;
        }
      }
    }
    // 400 files (about 24 KB) fit EC2 only gzipped: 2 strategies × 3 platforms for the small config, 5 for the large.
    expect(checked).toBe(11);
  });

  it("merges each reference over the config in order, older specs converted", async () => {
    const first = config("3.2.0", "one", 2);
    const second = config("3.4.0", "two", 1);
    const parent = config("3.4.0", "base", 1, {
      config: { merge: [{ source: dataUrl(first), verification: { hash: sha512(first) } }, { source: dataUrl(second) }] },
    });
    const resolved = await resolveConfig(Buffer.from(parent));
    expect(resolved.diagnostics).toEqual([]);
    const paths = ((resolved.config!.storage as { files: { path: string }[] }).files ?? []).map((f) => f.path);
    expect(paths).toEqual(["/etc/base/f0", "/etc/one/f0", "/etc/one/f1", "/etc/two/f0"]);
    expect(resolved.config!.ignition).toEqual({ version: "3.4.0" });
  });

  it("refuses a reference whose hash does not match, naming both hashes", async () => {
    const child = config("3.4.0", "x", 1);
    const parent = config("3.4.0", "base", 0, { config: { replace: { source: dataUrl(child), verification: { hash: sha512("other") } } } });
    const { config: resolved, diagnostics } = await resolveConfig(Buffer.from(parent));
    expect(resolved).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ code: "cloud.resolve.hash", path: ["ignition", "config", "replace"] });
    expect(diagnostics[0]!.message).toContain(sha512("other"));
    expect(diagnostics[0]!.message).toContain(sha512(child));
  });

  it("refuses a newer child, an unknown scheme, and a config that references itself forever", async () => {
    const newer = config("3.5.0", "n", 1);
    const intoOlder = config("3.4.0", "base", 0, { config: { merge: [{ source: dataUrl(newer) }] } });
    expect((await resolveConfig(Buffer.from(intoOlder))).diagnostics[0]?.code).toBe("cloud.resolve.version");
    const tftp = config("3.4.0", "base", 0, { config: { replace: { source: "tftp://boot.example/key" } } });
    expect((await resolveConfig(Buffer.from(tftp))).diagnostics[0]?.code).toBe("cloud.resolve.scheme");
    let nested = config("3.4.0", "end", 1);
    for (let i = 0; i < 12; i++) nested = config("3.4.0", "base", 0, { config: { replace: { source: dataUrl(nested) } } });
    expect((await resolveConfig(Buffer.from(nested))).diagnostics[0]?.code).toBe("cloud.resolve.depth");
  });

  describe("over HTTP", () => {
    const child = config("3.4.0", "served", 3);
    let base = "";
    const server = createServer((request, response) => {
      if (request.url === "/child.ign.gz") {
        response.writeHead(200).end(gzipSync(child));
      } else response.writeHead(404).end("no such config");
    });
    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("fetches, gunzips and checks a reference served by a real HTTP server", async () => {
      const parent = config("3.4.0", "base", 0, {
        config: { replace: { source: `${base}/child.ign.gz`, compression: "gzip", verification: { hash: sha512(child) } } },
      });
      const resolved = await resolveConfig(Buffer.from(parent));
      expect(resolved.diagnostics).toEqual([]);
      expect(resolved.config).toEqual(decoded(child));
    });

    it("says which URL failed and how", async () => {
      const parent = config("3.4.0", "base", 0, { config: { replace: { source: `${base}/missing.ign` } } });
      const { diagnostics } = await resolveConfig(Buffer.from(parent));
      expect(diagnostics[0]!.message).toBe(`cannot fetch ${base}/missing.ign: HTTP 404`);
    });
  });
});
