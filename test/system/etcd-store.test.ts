// The etcd store against a real etcd (Debian's etcd-server): a data
// directory imported, served over real HTTP, admin writes landing in etcd,
// a second replica following through the watch, and an etcd restart keeping
// everything. A missing etcd fails these tests; it never skips them.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createConnection, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/deliver/pxe/server.js";
import { EtcdStore } from "../../src/deliver/pxe/store/etcd.js";
import { reportKey, signReport } from "../../src/verify/report-signature.js";
import { shippedAgent } from "../helpers/agent.js";
import { waitFor } from "../helpers/wait-for.js";

const root = join(import.meta.dirname, "../..");
const TOKEN = "etcd-test-token-0123456789abcdef";
let work: string;
let etcd: ChildProcess | undefined;
let clientPort = 0;
let peerPort = 0;
const stores: EtcdStore[] = [];
const servers: RunningServer[] = [];

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

async function startEtcd(): Promise<void> {
  try {
    execFileSync("etcd", ["--version"], { stdio: "pipe" });
  } catch {
    throw new Error("etcd is needed for these tests: apt-get install etcd-server");
  }
  const url = `http://127.0.0.1:${clientPort}`;
  etcd = spawn(
    "etcd",
    [
      "--name",
      "t",
      "--data-dir",
      join(work, "etcd"),
      "--listen-client-urls",
      url,
      "--advertise-client-urls",
      url,
      "--listen-peer-urls",
      `http://127.0.0.1:${peerPort}`,
      "--initial-advertise-peer-urls",
      `http://127.0.0.1:${peerPort}`,
      "--initial-cluster",
      `t=http://127.0.0.1:${peerPort}`,
    ],
    { stdio: "ignore" },
  );
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("etcd did not start");
}

async function stopEtcd(): Promise<void> {
  if (!etcd) return;
  const exited = new Promise((r) => etcd!.once("exit", r));
  etcd.kill("SIGTERM");
  await exited;
  etcd = undefined;
}

const store = (prefix = "/kindling/") => {
  const s = new EtcdStore({ endpoints: [`http://127.0.0.1:${clientPort}`], prefix, timeoutMs: 3000 });
  stores.push(s);
  return s;
};

async function importDir(target: EtcdStore, dir: string): Promise<void> {
  for (const folder of readdirSync(dir, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const f of readdirSync(join(dir, folder.name))) await target.write(`${folder.name}/${f}`, readFileSync(join(dir, folder.name, f)));
  }
}

async function serve(s: EtcdStore): Promise<RunningServer> {
  const server = await startServer({ store: s, port: 0, adminToken: TOKEN });
  servers.push(server);
  return server;
}

const hostnameOf = async (server: RunningServer, mac: string) => {
  const r = await fetch(`${server.url}/ignition?mac=${mac}`);
  if (r.status !== 200) return `HTTP ${r.status}`;
  const file = JSON.parse(await r.text()).storage.files.find((f: { path: string }) => f.path === "/etc/hostname");
  return decodeURIComponent(file.contents.source.replace(/^data:,/, ""));
};

async function eventually<T>(probe: () => Promise<T>, wanted: T, ms = 8000): Promise<T> {
  let last = await probe();
  for (const until = Date.now() + ms; last !== wanted && Date.now() < until; ) {
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  return last;
}

/**
 * A TCP proxy in front of etcd, for one replica: `cut()` drops its
 * connections and refuses new ones (a replica cut off from etcd), `mend()`
 * lets it through again.
 */
async function etcdProxy(target: number) {
  let open = true;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    if (!open) return void client.destroy();
    const upstream = createConnection(target, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => {});
      s.on("close", () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    port: (server.address() as { port: number }).port,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    mend() {
      open = true;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      }),
  };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "kindling-etcd-"));
  clientPort = await freePort();
  peerPort = await freePort();
  await startEtcd();
  await importDir(store(), join(root, "examples/matchbox"));
});

afterAll(async () => {
  for (const s of servers) await s.close();
  for (const s of stores) s.close();
  await stopEtcd();
  rmSync(work, { recursive: true, force: true });
});

describe("the etcd store (real etcd)", () => {
  it("kindling store import and kindling serve --etcd, as users run them", async () => {
    const cli = join(root, "dist/cli.js");
    const endpoint = `http://127.0.0.1:${clientPort}`;
    const imported = spawnSync(
      process.execPath,
      [cli, "store", "import", join(root, "examples/matchbox"), "--etcd", endpoint, "--etcd-prefix", "/cli/"],
      { encoding: "utf8" },
    );
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain("wrote /cli/groups/node1.json\n");
    const child = spawn(
      process.execPath,
      [cli, "serve", "--etcd", endpoint, "--etcd-prefix", "/cli/", "--listen", "127.0.0.1:0", "--log", "none"],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr!.on("data", (d) => {
        stderr += d;
        const m = /listening on (http:\/\/\S+)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
    expect(stderr).toContain(`(etcd ${endpoint} prefix /cli/)`);
    expect((await fetch(`${url}/ignition?mac=52:54:00:a1:9c:ae`)).status).toBe(200);
    const exited = new Promise((r) => child.on("exit", r));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("serves the imported example cluster over HTTP", async () => {
    const server = await serve(store());
    expect(await hostnameOf(server, "52:54:00:a1:9c:ae")).toBe("node1.example.com");
    expect(await hostnameOf(server, "52-54-00-b2-4d-1f")).toBe("node2.example.com");
  });

  it("takes admin writes into etcd, and a second replica follows through the watch", async () => {
    const a = await serve(store());
    const b = await serve(store());
    const group = JSON.parse(readFileSync(join(root, "examples/matchbox/groups/node1.json"), "utf8"));
    group.metadata.hostname = "renamed.example.com";
    const put = await fetch(`${a.url}/admin/groups/node1`, {
      method: "PUT",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(group),
    });
    expect(put.status).toBe(200);
    expect(await hostnameOf(a, "52:54:00:a1:9c:ae")).toBe("renamed.example.com");
    expect(await eventually(() => hostnameOf(b, "52:54:00:a1:9c:ae"), "renamed.example.com")).toBe("renamed.example.com");
    // a change made straight in etcd (another tool, another replica) reaches both
    group.metadata.hostname = "direct.example.com";
    await store().write("groups/node1.json", Buffer.from(JSON.stringify(group)));
    expect(await eventually(() => hostnameOf(a, "52:54:00:a1:9c:ae"), "direct.example.com")).toBe("direct.example.com");
    expect(await eventually(() => hostnameOf(b, "52:54:00:a1:9c:ae"), "direct.example.com")).toBe("direct.example.com");
  });

  const secret = "etcd-report-secret-0123456789abcdef0123";
  /** A server over the etcd store that takes reports, and its snapshot generation (reports and deliveries must not move it). */
  async function reportServer() {
    const s = store();
    const server = await startServer({ store: s, port: 0, adminToken: TOKEN, reportSecret: secret });
    servers.push(server);
    const generation = () =>
      fetch(`${server.url}/metrics`).then(async (r) => Number(/kindling_store_generation (\d+)/.exec(await r.text())![1]));
    // The store reloads once when its watch is made (catching up on changes since the first load).
    await eventually(async () => (await generation()) >= 2, true);
    return { s, server, generation };
  }

  it("keeps first-boot reports in etcd without reloading the snapshot for them", async () => {
    const { server, generation } = await reportServer();
    const before = await generation();
    const body = JSON.stringify({
      version: 1,
      machine: { id: "f".repeat(32), group: "node2" },
      bootId: "0".repeat(32),
      configHash: "sha256-" + "b".repeat(64),
      sentAt: new Date().toISOString(),
      checks: [],
    });
    const posted = await fetch(`${server.url}/reports`, {
      method: "POST",
      headers: { "x-kindling-group": "node2", "x-kindling-signature": signReport(reportKey(secret, "node2"), body) },
      body,
    });
    expect(posted.status).toBe(201);
    expect((await store().listReports()).map((r) => r.report.machine.id)).toEqual(["f".repeat(32)]);
    await new Promise((r) => setTimeout(r, 400));
    expect(await generation()).toBe(before);
  });

  it("keeps deliveries in etcd too, and joins them with reports in GET /admin/status", async () => {
    const { s, server, generation } = await reportServer();
    const before = await generation();
    const label = "mac=52:54:00:b2:4d:1f";
    await s.putDelivery({
      machine: label,
      group: "node2",
      profile: "fedora-coreos-live",
      endpoint: "/ignition",
      deliveredAt: new Date(Date.now() - 5000).toISOString(),
    });
    const body = JSON.stringify({
      version: 1,
      machine: { id: "e".repeat(32), group: "node2", selector: label },
      bootId: "0".repeat(32),
      configHash: "sha256-" + "b".repeat(64),
      sentAt: new Date().toISOString(),
      checks: [{ kind: "file", subject: "/etc/motd", property: "sha256", expected: "a", actual: "b", pass: false }],
    });
    const posted = await fetch(`${server.url}/reports`, {
      method: "POST",
      headers: {
        "x-kindling-group": "node2",
        "x-kindling-machine": label,
        "x-kindling-signature": signReport(reportKey(secret, "node2", label), body),
      },
      body,
    });
    expect(posted.status).toBe(201);
    const status = await (await fetch(`${server.url}/admin/status`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
    const row = status.machines.find((m: { machine: string }) => m.machine === label);
    expect(row).toMatchObject({ group: "node2", profile: "fedora-coreos-live", machineId: "e".repeat(32), passed: 0, failed: 1 });
    expect(row.deliveredAt).not.toBeNull();
    await new Promise((r) => setTimeout(r, 400));
    expect(await generation()).toBe(before);
  });

  it("keeps each delivery's nonce (never its key) in etcd, so every replica verifies reports against the latest delivery", async () => {
    const s = store("/keys/");
    await s.write("profiles/live.json", Buffer.from(JSON.stringify({ id: "live", ignition_id: "node.bu", verify: true })));
    await s.write("ignition/node.bu", Buffer.from("variant: fcos\nversion: 1.5.0\n"));
    await s.write("groups/n7.json", Buffer.from(JSON.stringify({ id: "n7", profile: "live", selector: { mac: "52:54:00:00:00:07" } })));
    const replica = async () => {
      const server = await startServer({ store: store("/keys/"), port: 0, watch: false, adminToken: TOKEN, reportSecret: secret });
      servers.push(server);
      return server;
    };
    const [a, b] = [await replica(), await replica()];
    const keyFrom = async (server: RunningServer) =>
      /^K_KEY='([0-9a-f]{64})'$/m.exec(shippedAgent(await (await fetch(`${server.url}/ignition?mac=52:54:00:00:00:07`)).json())!)![1]!;
    const first = await keyFrom(a);
    const second = await keyFrom(b);
    const record = async () =>
      JSON.parse(Buffer.from((await s.readRecord(`deliveries/${encodeURIComponent("mac=52:54:00:00:00:07")}.json`))!).toString("utf8"));
    const kept = await record();
    expect(kept).toMatchObject({ machine: "mac=52:54:00:00:00:07", group: "n7", nonce: expect.stringMatching(/^[0-9a-f]{32}$/), times: 2 });
    expect(JSON.stringify(kept)).not.toContain(first);
    expect(JSON.stringify(kept)).not.toContain(second);
    const body = JSON.stringify({
      version: 1,
      machine: { id: "7".repeat(32), group: "n7", selector: "mac=52:54:00:00:00:07" },
      bootId: "0".repeat(32),
      configHash: "sha256-" + "b".repeat(64),
      sentAt: new Date().toISOString(),
      checks: [],
    });
    const post = (server: RunningServer, key: string) =>
      fetch(`${server.url}/reports`, {
        method: "POST",
        headers: { "x-kindling-group": "n7", "x-kindling-machine": "mac=52:54:00:00:00:07", "x-kindling-signature": signReport(key, body) },
        body,
      }).then((r) => r.status);
    // Replica b delivered last: its key verifies on replica a too; the first delivery's nowhere.
    expect(await post(a, first)).toBe(401);
    expect(await post(b, first)).toBe(401);
    expect(await post(a, second)).toBe(201);
    expect((await record()).reportedAt).toEqual(expect.any(String));
    const status = await (await fetch(`${b.url}/admin/status`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
    expect(status.machines).toMatchObject([{ machine: "mac=52:54:00:00:00:07", machineId: "7".repeat(32), deliveredTwice: true }]);
  });

  it("ignores editor leftovers and loads only the templates profiles name, in etcd too", async () => {
    const s = store("/leftovers/");
    await importDir(s, join(root, "examples/matchbox"));
    await s.write("ignition/fedora-coreos-node.bu~", Buffer.from("{{#if broken"));
    await s.write("ignition/spare.bu", Buffer.from("{{#if never closed"));
    const lines: string[] = [];
    const server = await startServer({ store: s, port: 0, watch: false, log: (line) => lines.push(line) });
    servers.push(server);
    expect(await hostnameOf(server, "52:54:00:a1:9c:ae")).toBe("node1.example.com");
    expect(
      lines
        .map((l) => JSON.parse(l))
        .filter((e) => e.event === "unused-template")
        .map((e) => e.file),
    ).toEqual(["ignition/spare.bu"]);
    // The watch reports store files only: not leftovers, not reports.
    const bursts: string[][] = [];
    const stop = s.watch((changed) => bursts.push(changed), 10);
    try {
      await waitFor("the watch to be made (it reports once when it is)", () => bursts.length > 0);
      await s.write("groups/node1.json~", Buffer.from("{"));
      await s.write("reports/x.json", Buffer.from("{}"));
      await s.write("groups/node1.json", readFileSync(join(root, "examples/matchbox/groups/node1.json")));
      await waitFor("the write of groups/node1.json to be reported", () => bursts.flat().includes("groups/node1.json"));
      expect(bursts.flat().filter((f) => f !== "groups/node1.json")).toEqual([]);
    } finally {
      stop();
    }
  });

  it("refuses a store with problems, naming the files", async () => {
    const broken = store("/broken/");
    await broken.write("profiles/p.json", Buffer.from('{"id":"p"}'));
    await broken.write("groups/g.json", Buffer.from('{"id":"g","profile":"missing"}'));
    await expect(startServer({ store: broken, port: 0 })).rejects.toThrow(/groups\/g\.json: group "g" names profile "missing"/);
  });

  it("follows changes again after etcd compacted away the history a cut-off replica's watch needed", async () => {
    const proxy = await etcdProxy(clientPort);
    const replica = new EtcdStore({ endpoints: [`http://127.0.0.1:${proxy.port}`], timeoutMs: 3000 });
    stores.push(replica);
    const server = await serve(replica);
    const direct = store();
    const group = JSON.parse(readFileSync(join(root, "examples/matchbox/groups/node1.json"), "utf8"));
    const setHostname = (name: string) =>
      direct.write("groups/node1.json", Buffer.from(JSON.stringify({ ...group, metadata: { ...group.metadata, hostname: name } })));
    const mac = "52:54:00:a1:9c:ae";
    await setHostname("watched.example.com");
    expect(await eventually(() => hostnameOf(server, mac), "watched.example.com")).toBe("watched.example.com");

    proxy.cut();
    await setHostname("while-cut.example.com");
    await setHostname("while-cut-2.example.com");
    // Compact the history up to now: the replica's watch cannot resume from where it was.
    const { Etcd3 } = await import("etcd3");
    const admin = new Etcd3({ hosts: `http://127.0.0.1:${clientPort}` });
    const revision = (await admin.get("/kindling/groups/node1.json").exec()).header.revision;
    await admin.kv.compact({ revision, physical: true });
    admin.close();
    proxy.mend();

    // The reconnect reloads; then a change after it must still arrive, through a watch made anew.
    expect(await eventually(() => hostnameOf(server, mac), "while-cut-2.example.com", 20000)).toBe("while-cut-2.example.com");
    await setHostname("after-compaction.example.com");
    expect(await eventually(() => hostnameOf(server, mac), "after-compaction.example.com", 20000)).toBe("after-compaction.example.com");
    // The replica's etcd client closes first, then the proxy it goes through.
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    replica.close();
    stores.splice(stores.indexOf(replica), 1);
    await proxy.close();
  }, 60_000);

  it("keeps everything across an etcd restart and serves again after reconnecting", async () => {
    const server = await serve(store());
    const before = await hostnameOf(server, "52:54:00:c3:e7:05");
    expect(before).toBe("node3.example.com");
    await stopEtcd();
    // the last good snapshot keeps serving while etcd is down
    expect(await hostnameOf(server, "52:54:00:c3:e7:05")).toBe("node3.example.com");
    await startEtcd();
    const fresh = store();
    expect((await fresh.readAll()).files.length).toBe(
      readdirSync(join(root, "examples/matchbox"), { recursive: true }).filter((f) => String(f).match(/\.(json|bu)$/)).length,
    );
    const group = JSON.parse(readFileSync(join(root, "examples/matchbox/groups/node3.json"), "utf8"));
    group.metadata.hostname = "after-restart.example.com";
    await fresh.write("groups/node3.json", Buffer.from(JSON.stringify(group)));
    expect(await eventually(() => hostnameOf(server, "52:54:00:c3:e7:05"), "after-restart.example.com", 20000)).toBe(
      "after-restart.example.com",
    );
  }, 60_000);
});
