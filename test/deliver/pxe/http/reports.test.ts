// POST /reports over real HTTP: signed reports kept per machine; bad
// signatures, replays, stale reports and unknown machines refused (the
// shape check itself: test/verify/report.test.ts).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../../../src/deliver/pxe/server.js";
import { DirectoryStore } from "../../../../src/deliver/pxe/store/directory.js";
import type { Report } from "../../../../src/verify/report.js";
import { reportKey, signReport } from "../../../../src/verify/report-signature.js";

const SECRET = "report-secret-for-tests-0123456789abcdef";
const TOKEN = "admin-token-for-tests-0123";
const MACHINE = "0123456789abcdef0123456789abcdef";
const servers: RunningServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function serve(reportSecret: string | null = SECRET) {
  const dir = mkdtempSync(join(tmpdir(), "kindling-reports-"));
  dirs.push(dir);
  for (const d of ["profiles", "groups"]) mkdirSync(join(dir, d));
  writeFileSync(join(dir, "profiles/p.json"), '{"id":"p"}');
  writeFileSync(join(dir, "groups/node1.json"), '{"id":"node1","profile":"p","selector":{"mac":"52:54:00:00:00:01"}}');
  const s = await startServer({
    store: new DirectoryStore(dir),
    port: 0,
    watch: false,
    adminToken: TOKEN,
    ...(reportSecret ? { reportSecret } : {}),
  });
  servers.push(s);
  return { s, dir };
}

function report(sentAt = new Date().toISOString(), failing = false): Report {
  return {
    version: 1,
    machine: { id: MACHINE, group: "node1", hostname: "node1" },
    bootId: "5f1c2a0e-9d3b-4f5e-8a7c-0b1d2e3f4a5b",
    configHash: "sha256-" + "a".repeat(64),
    sentAt,
    checks: [
      { kind: "file", subject: "/etc/hostname", property: "sha256", expected: "x", actual: failing ? "y" : "x", pass: !failing },
      { kind: "unit", subject: "app.service", property: "enabled", expected: "true", actual: "true", pass: true },
    ],
  };
}

async function post(s: RunningServer, body: string, group = "node1", signature = signReport(reportKey(SECRET, group), body)) {
  const r = await fetch(`${s.url}/reports`, {
    method: "POST",
    headers: { "x-kindling-group": group, "x-kindling-signature": signature, "content-type": "application/json" },
    body,
  });
  return { status: r.status, json: JSON.parse(await r.text()) };
}

describe("POST /reports", () => {
  it("keeps a signed report per machine and lists it for the admin", async () => {
    const { s, dir } = await serve();
    const body = JSON.stringify(report(undefined, true));
    expect(await post(s, body)).toEqual({ status: 201, json: { machine: MACHINE, checks: 2, failed: 1 } });
    // A group-wide key's report is kept under its group and machine id.
    expect(existsSync(join(dir, "reports", `${encodeURIComponent(`group=node1/${MACHINE}`)}.json`))).toBe(true);
    const list = await fetch(`${s.url}/admin/reports`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await list.json()).toEqual([
      {
        machine: MACHINE,
        group: "node1",
        hostname: "node1",
        sentAt: JSON.parse(body).sentAt,
        receivedAt: expect.any(String),
        checks: 2,
        failed: 1,
      },
    ]);
    const one = await fetch(`${s.url}/admin/reports/${MACHINE}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect((await one.json()).report).toEqual(JSON.parse(body));
    expect((await fetch(`${s.url}/admin/reports`)).status).toBe(401);
  });

  it("refuses bad signatures, replays, stale reports and unknown machines", async () => {
    const { s } = await serve();
    const body = JSON.stringify(report());
    expect((await post(s, body, "node1", "sha256=" + "0".repeat(64))).status).toBe(401);
    expect((await post(s, body, "node1", signReport(reportKey("another-secret-entirely-0123456789", "node1"), body))).status).toBe(401);
    expect((await post(s, body, "node1", "")).status).toBe(401);
    // signed for another group's key
    expect((await post(s, body, "node1", signReport(reportKey(SECRET, "node2"), body))).status).toBe(401);
    expect((await post(s, body, "node9")).status).toBe(404);
    expect((await post(s, body)).status).toBe(201);
    const replay = await post(s, body);
    expect(replay.status).toBe(409);
    expect(replay.json.error).toMatch(/replayed or out-of-order/);
    const stale = JSON.stringify(report(new Date(Date.now() - 11 * 60 * 1000).toISOString()));
    expect((await post(s, stale)).json.error).toMatch(/more than ten minutes/);
    const newer = JSON.stringify(report(new Date(Date.now() + 1000).toISOString()));
    expect((await post(s, newer)).status).toBe(201);
  });

  it("takes per-machine keys: the machine's label from its group's selector, and nothing else", async () => {
    const { s } = await serve();
    const label = "mac=52:54:00:00:00:01";
    const mine = (r: Report) => ({ ...r, machine: { ...r.machine, selector: label } });
    const send = (body: string, machine: string, key: string) =>
      fetch(`${s.url}/reports`, {
        method: "POST",
        headers: { "x-kindling-group": "node1", "x-kindling-machine": machine, "x-kindling-signature": signReport(key, body) },
        body,
      }).then(async (r) => ({ status: r.status, json: await r.json() }));
    const body = JSON.stringify(mine(report()));
    // The group-wide key does not sign for one machine.
    expect((await send(body, label, reportKey(SECRET, "node1"))).status).toBe(401);
    // A machine the group's selector does not name is refused, even with the key derived for it.
    const stranger = "mac=52:54:00:00:00:02";
    const strange = await send(
      JSON.stringify({ ...report(), machine: { ...report().machine, selector: stranger } }),
      stranger,
      reportKey(SECRET, "node1", stranger),
    );
    expect(strange.status).toBe(403);
    expect(strange.json.error).toMatch(/unknown machine mac=52:54:00:00:00:02 in group node1/);
    // The header and the body must name the same machine.
    expect((await send(JSON.stringify(report()), label, reportKey(SECRET, "node1", label))).status).toBe(422);
    // The MAC may be written in any of its forms; the key is the label as sent.
    expect((await send(body, label, reportKey(SECRET, "node1", label))).status).toBe(201);
    const hyphens = "mac=52-54-00-00-00-01";
    const later = JSON.stringify({
      ...report(new Date(Date.now() + 1000).toISOString()),
      machine: { ...report().machine, selector: hyphens },
    });
    expect((await send(later, hyphens, reportKey(SECRET, "node1", hyphens))).status).toBe(201);
  });

  it("refuses reports that do not follow the schema, and is off without a secret", async () => {
    const { s } = await serve();
    const bad = JSON.stringify({
      ...report(),
      checks: [{ kind: "disk", subject: "x", property: "y", expected: "", actual: "", pass: "yes" }],
    });
    const r = await post(s, bad);
    expect(r.status).toBe(422);
    expect(r.json.problems).toEqual([
      "$.checks.0.kind: must be one of file, directory, link, user, group, unit, hostname, kernel-argument, failed-units, ignition-result",
      "$.checks.0.pass: must be true or false",
    ]);
    const off = await serve(null);
    expect((await post(off.s, JSON.stringify(report()))).status).toBe(404);
  });
});
