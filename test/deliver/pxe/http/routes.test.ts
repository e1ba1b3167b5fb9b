// Every route of the table answered without a socket: a request made of
// plain values, deps over an in-memory store, and the answer (status, body,
// headers) and log line checked, one row per case.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type DepsOptions, makeDeps } from "../../../../src/deliver/pxe/http/deps.js";
import { type Answer, isRaw } from "../../../../src/deliver/pxe/http/reply.js";
import { requestOf } from "../../../../src/deliver/pxe/http/request.js";
import { handle } from "../../../../src/deliver/pxe/http/routes.js";
import { MemoryStore } from "../../../../src/deliver/pxe/store/memory.js";
import { ServedSnapshot } from "../../../../src/deliver/pxe/store/served-snapshot.js";
import { reportKey, signReport } from "../../../../src/verify/report-signature.js";

const SECRET = "report-secret-for-tests-0123456789abcdef";
const TOKEN = "admin-token-for-tests-0123";
const MACHINE = "0123456789abcdef0123456789abcdef";
const BU = "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: {{path}}\n      contents:\n        inline: {{hostname}}\n";

const FILES = {
  "profiles/node.json": JSON.stringify({
    id: "node",
    boot: { kernel: "/assets/k", initrd: [], args: ["ignition.firstboot"] },
    ignition_id: "node.bu",
    cloud_id: "node.yaml",
  }),
  "profiles/raw.json": JSON.stringify({ id: "raw", generic_id: "q.txt", allow_query: true }),
  "profiles/live.json": JSON.stringify({ id: "live", ignition_id: "node.bu", verify: true }),
  "groups/node1.json": JSON.stringify({
    id: "node1",
    profile: "node",
    selector: { mac: "52:54:00:00:00:01" },
    metadata: { hostname: "node1", path: "/etc/hostname" },
  }),
  "groups/relative.json": JSON.stringify({
    id: "relative",
    profile: "node",
    selector: { mac: "52:54:00:00:00:02" },
    metadata: { hostname: "r", path: "etc/hostname" },
  }),
  "groups/bare.json": JSON.stringify({ id: "bare", profile: "node", selector: { mac: "52:54:00:00:00:03" } }),
  "groups/raw.json": JSON.stringify({ id: "raw", profile: "raw", selector: { role: "raw" } }),
  "groups/live.json": JSON.stringify({
    id: "live",
    profile: "live",
    selector: { mac: "52:54:00:00:00:07" },
    metadata: { hostname: "live", path: "/etc/hostname" },
  }),
  "ignition/node.bu": BU,
  "cloud/node.yaml": "#cloud-config\nhostname: {{hostname}}\n",
  "generic/q.txt": "os={{request.query.os}}\n",
};

const assets = mkdtempSync(join(tmpdir(), "kindling-routes-assets-"));
mkdirSync(join(assets, "dir"));
writeFileSync(join(assets, "k"), "0123456789");
afterAll(() => rmSync(assets, { recursive: true, force: true }));

async function depsFor(options: Partial<DepsOptions> = {}, store = new MemoryStore(FILES)) {
  const lines: Record<string, unknown>[] = [];
  const served = await ServedSnapshot.load(store, (l) => lines.push(l));
  return {
    deps: makeDeps({ store, reportSecret: SECRET, adminToken: TOKEN, assets, clientBudget: 0, ...options }, served, (l) => lines.push(l)),
    store,
    lines,
  };
}

/** Now, once: a report and its signature are made of the same body. */
const NOW = new Date().toISOString();

function report(sentAt = NOW, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: 1,
    machine: { id: MACHINE, group: "raw" },
    bootId: "5f1c2a0e-9d3b-4f5e-8a7c-0b1d2e3f4a5b",
    configHash: "sha256-" + "a".repeat(64),
    sentAt,
    checks: [{ kind: "file", subject: "/x", property: "sha256", expected: "a", actual: "b", pass: false }],
    ...extra,
  });
}
const signed = (body: string, group = "raw", key = reportKey(SECRET, group)) => ({
  "x-kindling-group": group,
  "x-kindling-signature": signReport(key, body),
});
const auth = { authorization: `Bearer ${TOKEN}` };
const bodyOf = (a: Answer) => (isRaw(a) ? (a.body ?? "") : a.body);

interface Row {
  what: string;
  method?: string;
  url: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  options?: Partial<DepsOptions>;
  /** Run on the store before the request. */
  before?: (store: MemoryStore) => unknown;
  status: number;
  /** The body is this. */
  is?: string;
  /** The body contains this. */
  says?: string;
  header?: [string, string | number];
  log?: Record<string, unknown>;
}

const ROWS: Row[] = [
  { what: "the iPXE chain script", url: "/boot.ipxe", status: 200, says: "#!ipxe\nchain ipxe?uuid=" },
  { what: "the chain script by its UEFI name", url: "/boot.ipxe.0", status: 200, says: "#!ipxe\n" },
  { what: "health", url: "/healthz", status: 200, is: "ok\n" },
  { what: "metrics", url: "/metrics", status: 200, says: "kindling_groups 5\n" },
  {
    what: "a profile's iPXE script",
    url: "/ipxe?mac=52:54:00:00:00:01",
    status: 200,
    says: "kernel /assets/k ignition.firstboot\n",
    log: { selectors: { mac: "52:54:00:00:00:01" }, group: "node1", profile: "node", status: 200, cached: false },
  },
  {
    what: "iPXE for a profile without boot",
    url: "/ipxe?role=raw",
    status: 404,
    is: 'profile "raw" (profiles/raw.json) has no boot section\n',
  },
  { what: "a profile's GRUB config", url: "/grub?mac=52:54:00:00:00:01", status: 200, says: "linuxefi /assets/k ignition.firstboot" },
  { what: "a machine's Ignition", url: "/ignition?mac=52:54:00:00:00:01", status: 200, says: '"path":"/etc/hostname"' },
  { what: "a machine's Ignition, HEAD", method: "HEAD", url: "/ignition?mac=52:54:00:00:00:01", status: 200 },
  {
    what: "Ignition for labels no group has",
    url: "/ignition?mac=52:54:00:00:00:99",
    status: 404,
    is: "no group matches mac=52:54:00:00:00:99\n",
    log: { selectors: { mac: "52:54:00:00:00:99" }, group: null, profile: null, status: 404, cached: false },
  },
  {
    what: "Ignition that renders invalid",
    url: "/ignition?mac=52:54:00:00:00:02",
    status: 422,
    says: "the Butane config rendered from ignition/node.bu is invalid",
  },
  {
    what: "Ignition whose template misses a key",
    url: "/ignition?mac=52:54:00:00:00:03",
    status: 500,
    says: 'line 5 uses "path", which the group\'s metadata and selectors do not define',
  },
  {
    what: "a label with a control character",
    url: "/ignition?mac=52:54:00:00:00:01&x=%0A",
    status: 400,
    says: "holds a control character",
  },
  {
    what: "a Host that cannot go in a URL",
    url: "/ignition?mac=52:54:00:00:00:01",
    headers: { host: "a b" },
    status: 400,
    is: 'the Host header "a b" is not HOST[:PORT]\n',
  },
  { what: "cloud-config", url: "/cloud-config?mac=52:54:00:00:00:01", status: 200, is: "#cloud-config\nhostname: node1\n" },
  { what: "the script", url: "/script?mac=52:54:00:00:00:01", status: 200, says: "#!/bin/sh\n" },
  { what: "a generic template reading the query", url: "/generic?role=raw&os=flatcar", status: 200, is: "os=flatcar\n" },
  {
    what: "a query a template must not see",
    url: "/generic?role=raw&os=%22",
    status: 400,
    says: "which kindling does not pass to templates",
  },
  { what: "metadata", url: "/metadata?mac=52:54:00:00:00:01", status: 200, says: "HOSTNAME=node1\n" },
  {
    what: "a machine's own config, delivery recorded",
    url: "/ignition?mac=52:54:00:00:00:07",
    status: 200,
    says: "/etc/kindling/verify.sh",
  },
  {
    what: "a machine's own config whose delivery cannot be recorded",
    url: "/ignition?mac=52:54:00:00:00:07",
    before: (s) => {
      s.putDelivery = () => Promise.reject(new Error("disk full"));
    },
    status: 503,
    is: "the delivery to mac=52:54:00:00:00:07 could not be recorded (disk full); try again\n",
    log: { selectors: { mac: "52:54:00:00:00:07" }, group: "live", profile: "live", status: 503, cached: false },
  },
  {
    what: "a verified profile while reports are off",
    url: "/ignition?mac=52:54:00:00:00:07",
    options: { reportSecret: undefined },
    status: 500,
    says: "kindling serve takes no reports",
  },
  {
    what: "a machine endpoint written to",
    method: "POST",
    url: "/ignition?mac=52:54:00:00:00:01",
    status: 405,
    is: "machine endpoints are read-only\n",
    header: ["allow", "GET, HEAD"],
  },
  { what: "a path that is no endpoint", url: "/nope", status: 404, is: "no such endpoint /nope\n" },
  {
    what: "a report",
    method: "POST",
    url: "/reports",
    body: report(),
    headers: signed(report()),
    status: 201,
    is: `{"machine":"${MACHINE}","checks":1,"failed":1}\n`,
    log: { group: "raw", status: 201 },
  },
  {
    what: "a report badly signed",
    method: "POST",
    url: "/reports",
    body: report(),
    headers: { ...signed(report()), "x-kindling-signature": "sha256=00" },
    status: 401,
    says: "bad or missing X-Kindling-Signature",
  },
  {
    what: "a report from a group the store lacks",
    method: "POST",
    url: "/reports",
    body: report(),
    headers: signed(report(), "nope"),
    status: 404,
    says: 'unknown group \\"nope\\"',
  },
  {
    what: "a report from a machine its group does not name",
    method: "POST",
    url: "/reports",
    body: report(),
    headers: { ...signed(report(), "node1"), "x-kindling-group": "node1", "x-kindling-machine": "mac=52:54:00:00:00:09" },
    status: 403,
    says: "unknown machine mac=52:54:00:00:00:09 in group node1",
  },
  {
    what: "a report that is not JSON",
    method: "POST",
    url: "/reports",
    body: "{",
    headers: signed("{"),
    status: 400,
    says: "the report is not JSON",
  },
  {
    what: "a report off the schema",
    method: "POST",
    url: "/reports",
    body: report(undefined, { version: 2 }),
    headers: signed(report(undefined, { version: 2 })),
    status: 422,
    says: "$.version: must be 1",
  },
  {
    what: "a report replayed",
    method: "POST",
    url: "/reports",
    body: report(),
    headers: signed(report()),
    before: (s) =>
      s.putReport(`group=raw/${MACHINE}`, {
        receivedAt: new Date().toISOString(),
        report: JSON.parse(report(new Date(Date.parse(NOW) + 1000).toISOString())),
      }),
    status: 409,
    says: "replayed or out-of-order",
  },
  {
    what: "a report too large",
    method: "POST",
    url: "/reports",
    body: "x".repeat((4 << 20) + 1),
    status: 413,
    says: "a report is at most 4194304 bytes",
    header: ["connection", "close"],
  },
  {
    what: "a report while reports are off",
    method: "POST",
    url: "/reports",
    body: report(),
    options: { reportSecret: undefined },
    status: 404,
    says: "reports are off",
  },
  {
    what: "the admin API while it is off",
    url: "/admin/groups",
    headers: auth,
    options: { adminToken: undefined },
    status: 404,
    says: "the admin API is off",
    log: { admin: true, status: 404 },
  },
  { what: "the admin API without the token", url: "/admin/groups", status: 401, header: ["www-authenticate", 'Bearer realm="kindling"'] },
  {
    what: "the admin API without a client certificate (mutual TLS)",
    url: "/admin/groups",
    headers: auth,
    options: { clientCertificate: true },
    status: 403,
    says: "needs a client certificate",
  },
  { what: "the groups listed", url: "/admin/groups", headers: auth, status: 200, is: '["bare","live","node1","raw","relative"]\n' },
  { what: "a group read", url: "/admin/groups/raw", headers: auth, status: 200, says: '"selector":{"role":"raw"}' },
  { what: "a group the store lacks", url: "/admin/groups/nope", headers: auth, status: 404, says: "no groups/nope.json" },
  {
    what: "a group written",
    method: "PUT",
    url: "/admin/groups/new",
    headers: auth,
    body: JSON.stringify({ id: "new", profile: "raw", selector: { role: "new" } }),
    status: 201,
    is: '{"written":"groups/new.json"}\n',
  },
  {
    what: "a group that would break the store",
    method: "PUT",
    url: "/admin/groups/new",
    headers: auth,
    body: JSON.stringify({ id: "new", profile: "nope" }),
    status: 422,
    says: "nothing was written",
  },
  {
    what: "a profile a group still names, deleted",
    method: "DELETE",
    url: "/admin/profiles/raw",
    headers: auth,
    status: 409,
    says: "would leave the store invalid",
  },
  {
    what: "a store file posted to",
    method: "POST",
    url: "/admin/groups/raw",
    headers: auth,
    status: 405,
    header: ["allow", "GET, PUT, DELETE"],
  },
  { what: "the fleet's status", url: "/admin/status", headers: auth, status: 200, says: '"machines":[]' },
  { what: "an asset", url: "/assets/k", status: 200, header: ["content-length", 10], log: { status: 200, range: null } },
  { what: "part of an asset", url: "/assets/k", headers: { range: "bytes=2-4" }, status: 206, header: ["content-range", "bytes 2-4/10"] },
  {
    what: "a range past the asset",
    url: "/assets/k",
    headers: { range: "bytes=20-" },
    status: 416,
    is: "range bytes=20- is outside the 10-byte asset\n",
  },
  { what: "an asset that is a directory", url: "/assets/dir", status: 404, is: "no asset dir\n" },
  { what: "an asset path out of the root", url: "/assets/../k", status: 400, says: "asset paths are relative" },
  {
    what: "an asset while assets are off",
    url: "/assets/k",
    options: { assets: undefined },
    status: 404,
    is: "no such endpoint /assets/k\n",
  },
];

describe("the route table", () => {
  it.each(ROWS)("$what: $status", async (row) => {
    const { deps, store } = await depsFor(row.options);
    await row.before?.(store);
    const request = requestOf(row.method ?? "GET", row.url, {
      headers: row.headers ?? {},
      ...(row.body !== undefined ? { body: row.body } : {}),
    });
    const { answer, log } = await handle(request, deps);
    expect(answer.status).toBe(row.status);
    if (row.is !== undefined) expect(bodyOf(answer)).toBe(row.is);
    if (row.says !== undefined) expect(bodyOf(answer)).toContain(row.says);
    if (row.header) expect(isRaw(answer) ? answer.head[row.header[0]] : answer.headers?.[row.header[0]]).toBe(row.header[1]);
    if (row.log) expect(log).toEqual(row.log);
    // an answer is cleaned up after: a streamed body is released unread
    if (isRaw(answer)) answer.stream?.finished(null);
  });

  it("spends a client's budget on replies keyed by the query, then answers 429 with Retry-After", async () => {
    const { deps } = await depsFor({ clientBudget: 1 });
    expect((await handle(requestOf("GET", "/generic?role=raw&os=a"), deps)).answer.status).toBe(200);
    const { answer } = await handle(requestOf("GET", "/generic?role=raw&os=b"), deps);
    expect(answer.status).toBe(429);
    expect(isRaw(answer) ? undefined : answer.headers?.["retry-after"]).toMatch(/^\d+$/);
  });

  it("counts machine endpoints under their path and other paths as one, and serves a cached reply the second time", async () => {
    const { deps } = await depsFor();
    for (const url of ["/ignition?mac=52:54:00:00:00:01", "/ignition?mac=52:54:00:00:00:01", "/nope-1", "/nope-2"])
      await handle(requestOf("GET", url), deps);
    const { log } = await handle(requestOf("GET", "/ignition?mac=52:54:00:00:00:01"), deps);
    expect(log.cached).toBe(true);
    const text = deps.metrics.renderText(0, 0, deps.cache);
    expect(text).toContain('kindling_requests_total{endpoint="/ignition",status="200"} 3\n');
    expect(text).toContain('kindling_requests_total{endpoint="other",status="404"} 2\n');
    expect(text).toContain('kindling_renders_total{endpoint="/ignition"} 1\n');
  });

  it("records a machine's own delivery before its config goes out, and none for a HEAD", async () => {
    const { deps, store } = await depsFor();
    await handle(requestOf("HEAD", "/ignition?mac=52:54:00:00:00:07"), deps);
    expect(await store.listDeliveries()).toEqual([]);
    await handle(requestOf("GET", "/ignition?mac=52:54:00:00:00:07"), deps);
    expect(await store.listDeliveries()).toMatchObject([
      {
        machine: "mac=52:54:00:00:00:07",
        group: "live",
        profile: "live",
        endpoint: "/ignition",
        nonce: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    ]);
  });

  it("serves what the admin API wrote at once", async () => {
    const { deps } = await depsFor();
    const put = await handle(
      requestOf("PUT", "/admin/groups/new", {
        headers: auth,
        body: JSON.stringify({ id: "new", profile: "raw", selector: { role: "new" } }),
      }),
      deps,
    );
    expect(put.answer.status).toBe(201);
    expect(bodyOf((await handle(requestOf("GET", "/generic?role=new&os=x"), deps)).answer)).toBe("os=x\n");
  });
});
