// kindling status against a real kindling serve over HTTP: the fleet's
// table, --json, and the exit status for healthy, failed and silent fleets.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { statusCommand } from "../../src/cli/status.js";
import { type RunningServer, startServer } from "../../src/deliver/pxe/server.js";
import { DirectoryStore } from "../../src/deliver/pxe/store/directory.js";
import type { Report } from "../../src/verify/report.js";
import { memoryIO } from "../helpers/io.js";

const TOKEN = "admin-token-for-tests-0123";
const servers: RunningServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function fleet() {
  const dir = mkdtempSync(join(tmpdir(), "kindling-status-"));
  dirs.push(dir);
  for (const d of ["profiles", "groups", "ignition"]) mkdirSync(join(dir, d));
  writeFileSync(join(dir, "profiles/live.json"), '{"id":"live","verify":true,"ignition_id":"node.bu"}');
  writeFileSync(join(dir, "ignition/node.bu"), "variant: fcos\nversion: 1.5.0\n");
  writeFileSync(join(dir, "groups/node1.json"), '{"id":"node1","profile":"live","selector":{"mac":"52:54:00:00:00:01"}}');
  writeFileSync(join(dir, "groups/node2.json"), '{"id":"node2","profile":"live","selector":{"mac":"52:54:00:00:00:02"}}');
  const store = new DirectoryStore(dir);
  const s = await startServer({
    store,
    port: 0,
    watch: false,
    adminToken: TOKEN,
    reportSecret: "report-secret-for-tests-0123456789abcdef",
  });
  servers.push(s);
  return { s, store };
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function report(n: number, failing: boolean): Report {
  return {
    version: 1,
    machine: { id: String(n).repeat(32), group: `node${n}`, hostname: `node${n}`, selector: `mac=52:54:00:00:00:0${n}` },
    bootId: "5f1c2a0e-9d3b-4f5e-8a7c-0b1d2e3f4a5b",
    configHash: "sha256-" + "a".repeat(64),
    sentAt: minutesAgo(1),
    checks: [
      { kind: "file", subject: "/etc/motd", property: "sha256", expected: "ab", actual: failing ? "cd" : "ab", pass: !failing },
      { kind: "hostname", subject: "hostname", property: "name", expected: `node${n}`, actual: `node${n}`, pass: true },
    ],
  };
}

async function status(s: RunningServer, ...args: string[]) {
  const m = memoryIO("", { KINDLING_ADMIN_TOKEN: TOKEN });
  const code = await statusCommand(["--server", s.url, ...args], m.io);
  return { code, out: m.stdout(), err: m.stderr() };
}

describe("kindling status", () => {
  it("exits 0 while every machine verified or is still within time", async () => {
    const { s, store } = await fleet();
    await store.putDelivery({
      machine: "mac=52:54:00:00:00:01",
      group: "node1",
      profile: "live",
      endpoint: "/script",
      deliveredAt: minutesAgo(3),
    });
    await store.putReport("1".repeat(32), { receivedAt: minutesAgo(1), report: report(1, false) });
    await store.putDelivery({
      machine: "mac=52:54:00:00:00:02",
      group: "node2",
      profile: "live",
      endpoint: "/script",
      deliveredAt: minutesAgo(2),
    });
    const r = await status(s);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^mac=52:54:00:00:00:01 +node1 +live +\S+ \S+ +\S+ \S+ +2 passed +verified$/m);
    expect(r.out).toMatch(/^mac=52:54:00:00:00:02 +node2 +live +\S+ \S+ +- +- +waiting$/m);
    expect(r.out).toContain("2 machines: 1 verified, 0 failed, 1 waiting, 0 silent");
    // The same fleet with a tighter deadline: node2 is silent.
    const tight = await status(s, "--within", "60s");
    expect(tight.code).toBe(1);
    expect(tight.out).toMatch(/^mac=52:54:00:00:00:02 .* silent$/m);
  });

  it("exits 1 and names the failed check when a machine failed one", async () => {
    const { s, store } = await fleet();
    await store.putDelivery({
      machine: "mac=52:54:00:00:00:02",
      group: "node2",
      profile: "live",
      endpoint: "/ignition",
      deliveredAt: minutesAgo(3),
    });
    await store.putReport("2".repeat(32), { receivedAt: minutesAgo(1), report: report(2, true) });
    const r = await status(s);
    expect(r.code).toBe(1);
    expect(r.out).toContain("mac=52:54:00:00:00:02: FAIL file /etc/motd sha256: expected ab, found cd");
    const json = await status(s, "--json");
    expect(json.code).toBe(1);
    expect(await status(s, "--format", "json")).toEqual(json); // --json is --format json's alias
    const parsed = JSON.parse(json.out);
    expect(parsed.healthy).toBe(false);
    expect(parsed.machines.map((m: { machine: string; state: string; failed: number }) => [m.machine, m.state, m.failed])).toEqual([
      ["mac=52:54:00:00:00:02", "failed", 1],
    ]);
  });

  it("flags a machine whose config was delivered twice before it reported, in the table and in --json", async () => {
    const { s } = await fleet();
    // Two fetches of node1's config, as a machine that rebooted (or someone else) makes them.
    for (let i = 0; i < 2; i++) expect((await fetch(`${s.url}/ignition?mac=52:54:00:00:00:01`)).status).toBe(200);
    const r = await status(s);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^mac=52:54:00:00:00:01 +node1 +live +\S+ \S+ +- +- +waiting$/m);
    expect(r.out).toMatch(
      /^mac=52:54:00:00:00:01: delivered twice \(also at \S+ \S+\) before a report came back: only the latest delivery's key verifies; if the machine did not fetch its config again itself, someone else did$/m,
    );
    expect(r.out).toContain("1 machines: 0 verified, 0 failed, 1 waiting, 0 silent; 1 delivered twice");
    const json = JSON.parse((await status(s, "--json")).out);
    expect(json.machines).toMatchObject([
      { machine: "mac=52:54:00:00:00:01", state: "waiting", deliveredTwice: true, earlierDeliveredAt: expect.any(String) },
    ]);
  });

  it("exits 3 when the server cannot be asked, 2 on usage errors", async () => {
    const { s } = await fleet();
    const wrong = memoryIO("", { KINDLING_ADMIN_TOKEN: "not-the-token" });
    expect(await statusCommand(["--server", s.url], wrong.io)).toBe(3);
    expect(wrong.stderr()).toMatch(/cannot read http:\/\/127\.0\.0\.1:\d+\/admin\/status: 401/);
    const url = s.url;
    await s.close();
    servers.length = 0;
    const down = memoryIO("", { KINDLING_ADMIN_TOKEN: TOKEN });
    expect(await statusCommand(["--server", url], down.io)).toBe(3);
    expect(down.stderr()).toContain(`cannot read ${url}/admin/status`);
    const none = memoryIO("", {});
    expect(await statusCommand(["--server", url], none.io)).toBe(2);
    expect(none.stderr()).toContain("the admin API needs a token");
    expect(await statusCommand(["--within", "soon"], memoryIO("", { KINDLING_ADMIN_TOKEN: TOKEN }).io)).toBe(2);
  });
});
