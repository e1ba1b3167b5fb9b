// Faults with real parts: a three-member etcd cluster on loopback, two
// `kindling serve --etcd` replicas pointed at all three, and the etcd
// leader SIGKILLed while machines fetch configs and post reports (each
// report is an etcd read and write) over both replicas, 300 requests a
// second. Nothing a machine asks may fail, before, during or after the
// election; a change written through one replica's admin API after the new
// leader is elected must reach both. The leader killed is the member that
// holds a replica's watch stream (leadership is moved there first), so the
// watch's failover is exercised every run, not by chance. Over HTTP, a
// report's write is caught by the kill only when its read came before it,
// so the first case drives the store itself: forty writers and readers at
// once, every call of theirs in flight when the leader dies must still
// succeed. A missing etcd fails the tests.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FleetClient } from "../../scripts/lib/soak/client.mjs";
import { drive } from "../../scripts/lib/soak/drive.mjs";
import { machineGroup, makeFleet, writeFleet } from "../../scripts/lib/soak/fleet.mjs";
import { picker, requestMaker, rng } from "../../scripts/lib/soak/requests.mjs";
import { REPO, startServe } from "../../scripts/lib/soak/serve-process.mjs";
import { classify } from "../../scripts/lib/soak/verdict.mjs";
import { EtcdStore } from "../../src/deliver/pxe/store/etcd.js";
import { reportKey, signReport } from "../../src/verify/report-signature.js";
import { waitFor } from "../helpers/wait-for.js";
import { EtcdCluster } from "./etcd-cluster.js";

const TOKEN = "leader-kill-admin-token-0123456789";
const SECRET = "leader-kill-report-secret-0123456789abcdef";
let work: string;
let cluster: EtcdCluster | undefined;
let replicas: Awaited<ReturnType<typeof startServe>>[] = [];

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), "kindling-leader-kill-"));
  cluster = await EtcdCluster.start(join(work, "etcd"));
});

afterEach(async () => {
  for (const r of replicas) await r.stop();
  replicas = [];
  await cluster?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Forty lanes of writes and reads through one store until `stop()`; every failure, with how long the call took. */
function storeTraffic(store: EtcdStore, stop: () => boolean) {
  const failures: string[] = [];
  const counter = { calls: 0 };
  const done = Promise.all(
    Array.from({ length: 40 }, async (_, lane) => {
      for (let n = 0; !stop(); n++) {
        const started = Date.now();
        const file = `reports/lane-${lane}.json`;
        try {
          await store.write(file, Buffer.from(JSON.stringify({ lane, n })));
          const back = await store.getReport(`lane-${lane}`);
          if ((back as unknown as { n: number } | undefined)?.n !== n)
            failures.push(`lane ${lane}: read back ${JSON.stringify(back)} after writing ${n}`);
          counter.calls += 2;
        } catch (err) {
          failures.push(`lane ${lane}, call ${n}, after ${Date.now() - started} ms: ${(err as Error).message.split("\n")[0]}`);
        }
      }
    }),
  ).then(() => failures);
  return { counter, done };
}

async function leaderKilledUnderLoad() {
  const c = cluster!;
  const fleet = makeFleet({ machines: 60, shared: 2, reporters: 32, assets: {} });
  writeFleet(fleet, { data: join(work, "data"), assets: join(work, "assets") });
  writeFileSync(join(work, "token"), TOKEN);
  writeFileSync(join(work, "secret"), SECRET);
  const endpoints = c.endpoints.join(",");
  const imported = spawnSync(process.execPath, [join(REPO, "dist/cli.js"), "store", "import", join(work, "data"), "--etcd", endpoints], {
    encoding: "utf8",
  });
  expect(imported.status, imported.stderr).toBe(0);

  // Two replicas; each has made its watch once it has reloaded after its first load.
  const generations = [0, 0];
  for (const i of [0, 1]) {
    replicas.push(
      await startServe({
        args: ["--etcd", endpoints, "--admin-token-file", join(work, "token"), "--report-secret-file", join(work, "secret")],
        onEvent: (e: { event: string; generation?: number }) => {
          if (e.event === "reload") generations[i] = e.generation!;
        },
      }),
    );
  }
  await waitFor("both replicas to watch etcd (a reload after the first load)", () => generations.every((g) => g >= 2), {
    timeoutMs: 20_000,
  });
  const watched = await waitFor("two watch streams in the cluster", async () => {
    const counts = await Promise.all(c.members.map((m) => c.watchStreams(m)));
    return counts.reduce((a, n) => a + n, 0) >= 2 && c.members.find((_, i) => counts[i]! > 0);
  });
  await c.moveLeader(watched);
  const doomed = (await c.leader())!;
  expect(doomed.name).toBe(watched.name);

  // Load over both replicas, 300 requests a second: /ignition and /ipxe, unknown machines, and reports
  // from 32 machines (75 a second: each is an etcd read and write, which the election must not fail).
  const clients = replicas.map((r) => new FleetClient(r.url, { sources: ["127.0.0.1"], timeoutMs: 20_000 }));
  const random = rng(12);
  const make = requestMaker({
    fleet,
    reporters: fleet.reporters.map((r) => ({ ...r, key: reportKey(SECRET, r.id, r.label) })),
    sign: signReport,
    assets: new Map(),
    random,
  });
  const nextKind = picker({ ignition: 60, ipxe: 10, report: 25, unknown: 5 }, random);
  let sends = 0;
  let answered = 0;
  let stopping = false;
  const load = drive({
    send: (r: unknown) => clients[sends++ % 2]!.send(r).finally(() => answered++),
    next: () => make[nextKind() as "ignition"](),
    run: { rate: 300 },
    stop: () => stopping,
  });

  try {
    await waitFor("500 answers before the kill", () => answered >= 500, { timeoutMs: 30_000 });
    await c.kill(doomed);
    const killedAt = answered;
    const next = await waitFor(
      "a new leader among the two left",
      async () => {
        const l = await c.leader().catch(() => undefined);
        return l && l.id !== doomed.id && l;
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    expect(next.name).not.toBe(doomed.name);
    await waitFor("600 more answers after the election", () => answered >= killedAt + 600, { timeoutMs: 60_000 });

    // A change through replica 0's admin API, after the election, reaches both replicas.
    const hostname = "m7-e1.soak.test";
    const put = await fetch(`${replicas[0]!.url}/admin/groups/m7`, {
      method: "PUT",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(machineGroup(7, fleet.profiles, hostname)),
    });
    expect(put.status, await put.text()).toBe(200);
    for (const r of replicas) {
      await waitFor(
        `${r.url} to serve the change`,
        async () => (await (await fetch(`${r.url}/metadata?mac=${fleet.machines[7]!.mac}`)).text()).includes(`HOSTNAME=${hostname}\n`),
        { timeoutMs: 20_000 },
      );
    }
  } finally {
    stopping = true;
  }
  const stats = await load;
  for (const client of clients) client.close();
  const counts = classify(stats.counts);
  expect(stats.failures).toEqual([]);
  expect(counts.valid.bad).toEqual({});
  expect(counts.unknown.bad).toEqual({});
  expect(counts.valid.ok).toBeGreaterThan(1000);
  expect(stats.counts["report 201"]).toBeGreaterThan(100);
}

describe("etcd leader killed under load (real three-member cluster)", () => {
  it("the store's writes and reads in flight when the leader dies still succeed", async () => {
    const c = cluster!;
    const store = new EtcdStore({ endpoints: c.endpoints });
    let stopping = false;
    let killed = false;
    try {
      const traffic = storeTraffic(store, () => stopping);
      await waitFor("400 calls before the kill", () => traffic.counter.calls >= 400, { timeoutMs: 30_000 });
      const doomed = (await c.leader())!;
      // The kill lands among calls in flight: every lane is mid-call all the time.
      await c.kill(doomed);
      killed = true;
      await waitFor(
        "a new leader among the two left",
        async () => {
          const l = await c.leader().catch(() => undefined);
          return l && l.id !== doomed.id;
        },
        { timeoutMs: 30_000, intervalMs: 50 },
      );
      let writes = 0;
      const probe = new EtcdStore({ endpoints: c.endpoints.filter((_, i) => c.members[i] !== doomed) });
      try {
        await waitFor(
          "two rounds of writes after the election",
          async () => {
            await probe.write("reports/probe.json", Buffer.from(String(++writes)));
            return writes >= 2;
          },
          { timeoutMs: 30_000 },
        );
      } finally {
        probe.close();
      }
      stopping = true;
      expect(await traffic.done).toEqual([]);
    } finally {
      stopping = true;
      expect(killed).toBe(true);
      store.close();
    }
  }, 120_000);

  it("answers every machine through the election, and both replicas follow the new leader", leaderKilledUnderLoad, 180_000);
});
