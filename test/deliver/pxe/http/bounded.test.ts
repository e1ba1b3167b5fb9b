// Unauthenticated GETs cannot grow the server without limit: a group that
// names no machine gets one delivery record and one group-wide key however
// many labels machines send; replies keyed by the query are capped per
// client and per minute (429 after), and the reply cache stays within its
// byte budget.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, type ServeOptions, startServer } from "../../../../src/deliver/pxe/server.js";
import { DirectoryStore } from "../../../../src/deliver/pxe/store/directory.js";
import { reportKey } from "../../../../src/verify/report-signature.js";
import { shippedAgent } from "../../../helpers/agent.js";
import { waitFor } from "../../../helpers/wait-for.js";

const SECRET = "report-secret-for-tests-0123456789abcdef";
const servers: RunningServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const BU = 'variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/motd\n      contents:\n        inline: "{{role}}\\n"\n';

async function serve(options: Partial<ServeOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "kindling-bounded-"));
  dirs.push(dir);
  const files: Record<string, string> = {
    "profiles/v.json": JSON.stringify({ id: "v", ignition_id: "node.bu", verify: true }),
    "profiles/q.json": JSON.stringify({ id: "q", generic_id: "echo.txt", allow_query: true }),
    "groups/v.json": JSON.stringify({ id: "v", profile: "v", selector: { role: "v" }, metadata: { role: "v" } }),
    "groups/q.json": JSON.stringify({ id: "q", profile: "q", selector: { role: "q" } }),
    "ignition/node.bu": BU,
    "generic/echo.txt": "{{request.raw_query}} " + "padding ".repeat(100) + "\n",
  };
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  const s = await startServer({ store: new DirectoryStore(dir), port: 0, watch: false, reportSecret: SECRET, ...options });
  servers.push(s);
  return { s, dir };
}

const deliveryFiles = (dir: string) =>
  existsSync(join(dir, "deliveries")) ? readdirSync(join(dir, "deliveries")).filter((f) => !f.startsWith(".")) : [];

/** GET from a given loopback address, so the server sees another client. */
function getFrom(localAddress: string, url: string): Promise<{ status: number; retryAfter: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { localAddress }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, retryAfter: res.headers["retry-after"] as string | undefined, body }));
    })
      .on("error", reject)
      .end();
  });
}

const metric = async (s: RunningServer, name: string) =>
  Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)$`, "m").exec(await (await fetch(`${s.url}/metrics`)).text())?.[1]);

describe("a verify profile on a group that names no machine", () => {
  it("records one delivery for the group and serves one cached config with the group's key, whatever labels machines send", async () => {
    const { s, dir } = await serve();
    const keys = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const r = await fetch(`${s.url}/ignition?role=v&uuid=${i.toString(16).padStart(8, "0")}-0000-4000-8000-000000000000`);
      expect(r.status).toBe(200);
      keys.add(/^K_KEY='([0-9a-f]{64})'$/m.exec(shippedAgent(await r.json())!)![1]!);
    }
    expect([...keys]).toEqual([reportKey(SECRET, "v")]);
    expect(await metric(s, "kindling_renders_total")).toBe(1);
    const files = await waitFor("the group's delivery to be recorded", () => deliveryFiles(dir).length > 0 && deliveryFiles(dir));
    expect(files).toEqual([`${encodeURIComponent("group=v")}.json`]);
  });
});

describe("replies keyed by the query", () => {
  it("are capped per client address and minute (429 with Retry-After), and other clients are still served", async () => {
    const { s } = await serve({ clientBudget: 20 });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await getFrom("127.0.0.1", `${s.url}/generic?role=q&x=${i}`)).status);
    expect(statuses.filter((x) => x === 200)).toHaveLength(20);
    const refused = await getFrom("127.0.0.1", `${s.url}/generic?role=q&x=new`);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(refused.body).toMatch(/at most 20 a minute/);
    // Cached answers cost nothing.
    expect((await getFrom("127.0.0.1", `${s.url}/generic?role=q&x=3`)).status).toBe(200);
    expect((await getFrom("127.0.0.2", `${s.url}/generic?role=q&x=new`)).status).toBe(200);
    // /metadata reads the query too.
    expect((await getFrom("127.0.0.1", `${s.url}/metadata?role=q&y=1`)).status).toBe(429);
  });

  it("stay within the cache's byte budget", async () => {
    const { s } = await serve({ cacheBytes: 32 * 1024, clientBudget: 0 });
    for (let i = 0; i < 300; i++) expect((await fetch(`${s.url}/generic?role=q&x=${i}`)).status).toBe(200);
    const bytes = await metric(s, "kindling_cache_bytes");
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(32 * 1024);
    expect(await metric(s, "kindling_cache_entries")).toBeLessThan(300);
  });
});
