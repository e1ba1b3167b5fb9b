// Report keys bound to the machine they were issued for: a report signed
// with one machine's key cannot speak for another machine, a clock far ahead
// cannot block later reports, and each delivery of a machine's config
// carries a key of its own, so a second fetch is flagged and the first
// fetch's key stops verifying.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_FUTURE_SKEW_MS } from "../../../../src/deliver/pxe/http/reports.js";
import { type RunningServer, startServer } from "../../../../src/deliver/pxe/server.js";
import { DirectoryStore } from "../../../../src/deliver/pxe/store/directory.js";
import type { Report } from "../../../../src/verify/report.js";
import { reportKey, signReport } from "../../../../src/verify/report-signature.js";
import { shippedAgent } from "../../../helpers/agent.js";

const SECRET = "report-secret-for-tests-0123456789abcdef";
const TOKEN = "admin-token-for-tests-0123";
const VICTIM = "b".repeat(32);
const servers: RunningServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const BU =
  'variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/hostname\n      contents:\n        inline: "{{hostname}}\\n"\n';

async function serve(broken = false) {
  const dir = mkdtempSync(join(tmpdir(), "kindling-keys-"));
  dirs.push(dir);
  const files: Record<string, string> = {
    "profiles/live.json": JSON.stringify({ id: "live", ignition_id: "node.bu", verify: true }),
    "groups/node1.json": JSON.stringify({
      id: "node1",
      profile: "live",
      selector: { mac: "52:54:00:00:00:01" },
      metadata: { hostname: "node1" },
    }),
    "groups/node2.json": JSON.stringify({
      id: "node2",
      profile: "live",
      selector: { mac: "52:54:00:00:00:02" },
      metadata: { hostname: "node2" },
    }),
    "ignition/node.bu": BU,
  };
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  const store = new DirectoryStore(dir);
  if (broken) store.putDelivery = async () => Promise.reject(new Error("disk full"));
  const s = await startServer({ store, port: 0, watch: false, adminToken: TOKEN, reportSecret: SECRET });
  servers.push(s);
  return s;
}

function report(id: string, n: number, sentAt = new Date().toISOString()): Report {
  return {
    version: 1,
    machine: { id, group: `node${n}`, hostname: `node${n}`, selector: `mac=52:54:00:00:00:0${n}` },
    bootId: "5f1c2a0e-9d3b-4f5e-8a7c-0b1d2e3f4a5b",
    configHash: "sha256-" + "a".repeat(64),
    sentAt,
    checks: [{ kind: "hostname", subject: "hostname", property: "name", expected: `node${n}`, actual: `node${n}`, pass: true }],
  };
}

/** POSTs a report as the agent does: for machine n (its group and label), signed with `key`. */
async function post(s: RunningServer, r: Report, n: number, key: string) {
  const body = JSON.stringify(r);
  const res = await fetch(`${s.url}/reports`, {
    method: "POST",
    headers: {
      "x-kindling-group": `node${n}`,
      "x-kindling-machine": `mac=52:54:00:00:00:0${n}`,
      "x-kindling-signature": signReport(key, body),
      "content-type": "application/json",
    },
    body,
  });
  return { status: res.status, json: await res.json() };
}

const admin = (s: RunningServer, path: string) =>
  fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) => r.json());

/** The key in the agent of the config served to machine n. */
async function fetchKey(s: RunningServer, n: number): Promise<string> {
  const r = await fetch(`${s.url}/ignition?mac=52:54:00:00:00:0${n}`);
  expect(r.status).toBe(200);
  const key = /^K_KEY='([0-9a-f]{64})'$/m.exec(shippedAgent(await r.json())!)?.[1];
  expect(key).toBeDefined();
  return key!;
}

describe("report keys", () => {
  it("refuse a report signed with one machine's key that carries another machine's id, and leave the victim's report alone", async () => {
    const s = await serve();
    const victimKey = await fetchKey(s, 2);
    const genuine = report(VICTIM, 2);
    expect((await post(s, genuine, 2, victimKey)).status).toBe(201);
    const attackerKey = await fetchKey(s, 1);
    const forged = { ...report(VICTIM, 1, new Date(Date.now() + 1000).toISOString()), checks: [] };
    const refused = await post(s, forged, 1, attackerKey);
    expect(refused.status).toBe(403);
    expect(refused.json.error).toContain(`machine id ${VICTIM} already reports as mac=52:54:00:00:00:02`);
    const kept = await admin(s, `/admin/reports/${VICTIM}`);
    expect(kept.report).toEqual(genuine);
  });

  it("never let one machine's report replace another's, even under a machine id not seen before", async () => {
    const s = await serve();
    const k1 = await fetchKey(s, 1);
    const k2 = await fetchKey(s, 2);
    expect((await post(s, report("1".repeat(32), 1), 1, k1)).status).toBe(201);
    expect((await post(s, report("2".repeat(32), 2), 2, k2)).status).toBe(201);
    // Machine 1's key, signing a report that names machine 2 (header and body): refused.
    const r = report("3".repeat(32), 2, new Date(Date.now() + 1000).toISOString());
    expect((await post(s, r, 2, k1)).status).toBe(401);
    const rows = (await admin(s, "/admin/status")).machines as { machine: string; machineId: string }[];
    expect(rows.map((m) => [m.machine, m.machineId])).toEqual([
      ["mac=52:54:00:00:00:01", "1".repeat(32)],
      ["mac=52:54:00:00:00:02", "2".repeat(32)],
    ]);
  });

  it(`refuse a sentAt more than ${MAX_FUTURE_SKEW_MS / 60_000} minutes ahead of the server's clock, so it cannot block the genuine reports`, async () => {
    const s = await serve();
    const key = await fetchKey(s, 1);
    const ahead = await post(s, report("1".repeat(32), 1, new Date(Date.now() + 9 * 60_000).toISOString()), 1, key);
    expect(ahead.status).toBe(409);
    expect(ahead.json.error).toMatch(/ahead of the server's clock/);
    // Within the skew: accepted.
    expect((await post(s, report("1".repeat(32), 1, new Date(Date.now() + 60_000).toISOString()), 1, key)).status).toBe(201);
    // A genuine report after one from the future is not blocked for longer than the skew allows.
    const s2 = await serve();
    const key2 = await fetchKey(s2, 1);
    expect((await post(s2, report("1".repeat(32), 1, new Date(Date.now() + 9 * 60_000).toISOString()), 1, key2)).status).toBe(409);
    expect((await post(s2, report("1".repeat(32), 1), 1, key2)).status).toBe(201);
  });

  it("differ per delivery: the first delivery's key stops verifying when the config is fetched again, and status flags it", async () => {
    const s = await serve();
    const first = await fetchKey(s, 1);
    const second = await fetchKey(s, 1);
    expect(second).not.toBe(first);
    // Neither is the key derived without a delivery (transpile --verify's).
    expect([first, second]).not.toContain(reportKey(SECRET, "node1", "mac=52:54:00:00:00:01"));
    const stale = await post(s, report("1".repeat(32), 1), 1, first);
    expect(stale.status).toBe(401);
    expect(stale.json.error).toMatch(/delivered again/);
    const rows = (await admin(s, "/admin/status")).machines as { machine: string; deliveredTwice: boolean; machineId: string | null }[];
    expect(rows).toMatchObject([{ machine: "mac=52:54:00:00:00:01", deliveredTwice: true, machineId: null }]);
    expect((await post(s, report("1".repeat(32), 1), 1, second)).status).toBe(201);
    // A delivery after the machine reported (a reinstall) is not "twice": the earlier key was used.
    const third = await fetchKey(s, 1);
    const after = (await admin(s, "/admin/status")).machines as { machine: string; deliveredTwice: boolean }[];
    expect(after).toMatchObject([{ machine: "mac=52:54:00:00:00:01", deliveredTwice: false }]);
    expect((await post(s, report("1".repeat(32), 1, new Date(Date.now() + 1000).toISOString()), 1, third)).status).toBe(201);
  });

  it("do not change for a HEAD of the config, which delivers nothing", async () => {
    const s = await serve();
    const key = await fetchKey(s, 1);
    const head = await fetch(`${s.url}/ignition?mac=52:54:00:00:00:01`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect((await post(s, report("1".repeat(32), 1), 1, key)).status).toBe(201);
    expect((await admin(s, "/admin/status")).machines).toMatchObject([{ machine: "mac=52:54:00:00:00:01", deliveredTwice: false }]);
  });

  it("never go out unrecorded: a delivery the store cannot write is a 503, without the config", async () => {
    const s = await serve(true);
    const r = await fetch(`${s.url}/ignition?mac=52:54:00:00:00:01`);
    expect(r.status).toBe(503);
    expect(await r.text()).toBe("the delivery to mac=52:54:00:00:00:01 could not be recorded (disk full); try again\n");
  });

  it("keep the key derived without a delivery working for machines with no delivery on record (transpile --verify)", async () => {
    const s = await serve();
    expect((await post(s, report("2".repeat(32), 2), 2, reportKey(SECRET, "node2", "mac=52:54:00:00:00:02"))).status).toBe(201);
    // Once the server delivered that machine's config itself, only that delivery's key verifies.
    const served = await fetchKey(s, 2);
    const later = report("2".repeat(32), 2, new Date(Date.now() + 1000).toISOString());
    expect((await post(s, later, 2, reportKey(SECRET, "node2", "mac=52:54:00:00:00:02"))).status).toBe(401);
    expect((await post(s, later, 2, served)).status).toBe(201);
  });
});
