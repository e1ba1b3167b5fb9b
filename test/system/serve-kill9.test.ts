// kill -9 of `kindling serve` in the middle of admin writes, then a
// restart: nothing acknowledged (2xx) may be lost, no record may be torn.
// Four writers PUT groups, profiles and configs (some of them hundreds of
// KiB, so a write takes a while) through the admin API, each keeping what
// the server acknowledged and what it has in flight; the server is killed
// with SIGKILL after a random number of acknowledgements (seeded, printed),
// the store is read back file by file, and the server must start again on
// it. Every file must hold exactly its last acknowledged content, or the
// content of a write that was in flight when the server died (which may or
// may not have landed), and parse; temporary files left behind must be ones
// the store never loads. Four rounds, different kill points, for the
// directory store and for the etcd store (a real etcd: missing, it fails).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mac, makeFleet, writeFleet } from "../../scripts/lib/soak/fleet.mjs";
import { rng } from "../../scripts/lib/soak/requests.mjs";
import { REPO, startServe } from "../../scripts/lib/soak/serve-process.mjs";
import { EtcdStore } from "../../src/deliver/pxe/store/etcd.js";
import { isLeftover } from "../../src/deliver/pxe/store/snapshot.js";
import { waitFor } from "../helpers/wait-for.js";
import { freePort, requireEtcd } from "./etcd-cluster.js";

const TOKEN = "kill9-admin-token-0123456789abcdef";
const ROUNDS = 4;
const SEED = Number(process.env.KINDLING_KILL9_SEED ?? Date.now() % 100_000);

/** The files of a store as it is now: path → bytes. */
type StoreView = () => Promise<Map<string, Buffer>>;

/** What the writers know: the last acknowledged content of each file, and the one in flight. */
interface Ledger {
  acked: Map<string, string>;
  inFlight: Map<string, string>;
  /** Every acknowledged write, in order (for the message when one is lost). */
  log: string[];
}

const blob = (random: () => number, n: number) =>
  Array.from({ length: n }, () => "abcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(random() * 36)]).join("");

/** Lane `lane`'s next write: its file, the admin path, and the body. */
function nextWrite(lane: number, n: number, random: () => number): { file: string; path: string; body: string } {
  const k = Math.floor(random() * 6);
  const size = [64, 2_000, 40_000, 300_000][Math.floor(random() * 4)]!;
  const v = `l${lane}-${n}`;
  switch (lane) {
    case 0: {
      const id = `kg${k}`;
      return {
        file: `groups/${id}.json`,
        path: `/admin/groups/${id}`,
        body: JSON.stringify({
          id,
          profile: `node-${k % 2}`,
          selector: { mac: mac("04", k) },
          metadata: { hostname: `${id}-${v}.kill9.test`, note: blob(random, size) },
        }),
      };
    }
    case 1: {
      const id = `kp${k}`;
      return {
        file: `profiles/${id}.json`,
        path: `/admin/profiles/${id}`,
        body: JSON.stringify({ id, name: `${v} ${blob(random, size)}`, ignition_id: "node-0.bu" }),
      };
    }
    case 2: {
      const name = `kc${k}.bu`;
      return {
        file: `ignition/${name}`,
        path: `/admin/configs/ignition/${name}`,
        body: `# ${v}\n# ${blob(random, size)}\nvariant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/kill9\n      contents:\n        inline: ${v}\n`,
      };
    }
    default: {
      // Existing machines' groups, rewritten.
      const id = `m${k}`;
      return {
        file: `groups/${id}.json`,
        path: `/admin/groups/${id}`,
        body: JSON.stringify({
          id,
          profile: `node-${k % 2}`,
          selector: { mac: mac("00", k) },
          metadata: { hostname: `${id}-${v}.soak.test`, rack: "r", ssh_key: "k", note: blob(random, size) },
        }),
      };
    }
  }
}

/** Four lanes of admin writes until `stop()`; `onAck` after each acknowledgement. */
function writers(url: string, ledger: Ledger, random: () => number, stop: () => boolean, onAck: () => void, round: number) {
  return Promise.all(
    [0, 1, 2, 3].map(async (lane) => {
      for (let n = 0; !stop(); n++) {
        const w = nextWrite(lane, round * 100_000 + n, random);
        ledger.inFlight.set(w.file, w.body);
        let status = 0;
        try {
          const r = await fetch(url + w.path, { method: "PUT", headers: { authorization: `Bearer ${TOKEN}` }, body: w.body });
          status = r.status;
          await r.text();
        } catch {
          return; // the server is gone: this write was never acknowledged
        }
        if (status !== 200 && status !== 201) throw new Error(`PUT ${w.path} answered ${status}`);
        ledger.acked.set(w.file, w.body);
        ledger.inFlight.delete(w.file);
        ledger.log.push(`${w.file} ${w.body.slice(0, 60)}`);
        onAck();
      }
    }),
  );
}

/** The problems with a store's files after a kill: lost or torn records, files that do not parse. */
function audit(files: Map<string, Buffer>, original: Map<string, Buffer>, ledger: Ledger): string[] {
  const problems: string[] = [];
  for (const [file, want] of ledger.acked) {
    const got = files.get(file)?.toString("utf8");
    const landed = ledger.inFlight.get(file);
    if (got === want || (landed !== undefined && got === landed)) continue;
    problems.push(
      `${file}: acknowledged ${JSON.stringify(want.slice(0, 60))}… (${want.length} bytes), found ${got === undefined ? "nothing" : `${JSON.stringify(got.slice(0, 60))}… (${got.length} bytes)`}`,
    );
  }
  for (const [file, bytes] of files) {
    const text = bytes.toString("utf8");
    if (ledger.acked.has(file)) continue;
    const allowed = [original.get(file)?.toString("utf8"), ledger.inFlight.get(file)];
    if (!allowed.includes(text)) problems.push(`${file}: ${bytes.length} bytes that no writer wrote whole`);
  }
  for (const [file, bytes] of files) {
    if (!file.endsWith(".json")) continue;
    try {
      JSON.parse(bytes.toString("utf8"));
    } catch (err) {
      problems.push(`${file}: does not parse: ${(err as Error).message}`);
    }
  }
  return problems;
}

async function killDuringWrites(view: StoreView, serveArgs: string[]): Promise<void> {
  const random = rng(SEED);
  const original = await view();
  const ledger: Ledger = { acked: new Map(), inFlight: new Map(), log: [] };
  let server = await startServe({ args: [...serveArgs, "--admin-token-file", join(work, "token"), "--log", "none"] });
  for (let round = 0; round < ROUNDS; round++) {
    const killAfter = 5 + Math.floor(random() * 40);
    let acks = 0;
    let killed = false;
    const victim = server;
    const lanes = writers(
      victim.url,
      ledger,
      random,
      () => killed,
      () => {
        if (++acks === killAfter && !killed) {
          killed = true;
          victim.child.kill("SIGKILL");
        }
      },
      round,
    );
    const exit = await victim.exited;
    killed = true;
    await lanes;
    expect(exit, `round ${round} (seed ${SEED})`).toEqual({ code: null, signal: "SIGKILL" });
    // Answers already on their way when the signal went count too: the server acknowledged them.
    expect(acks, `round ${round}: acknowledgements`).toBeGreaterThanOrEqual(killAfter);

    const files = await view();
    expect(audit(files, original, ledger), `round ${round}, seed ${SEED}, killed after ${killAfter} acknowledgements`).toEqual([]);
    // Whatever took the in-flight writes' place is now what the store holds.
    for (const [file, body] of ledger.inFlight) if (files.get(file)?.toString("utf8") === body) ledger.acked.set(file, body);
    ledger.inFlight.clear();

    // The server starts again on what it left, and serves what was acknowledged.
    server = await startServe({ args: [...serveArgs, "--admin-token-file", join(work, "token"), "--log", "none"] });
    for (const [file, body] of ledger.acked) {
      const [kind, name] = file.split("/") as [string, string];
      const path = kind === "ignition" ? `/admin/configs/ignition/${name}` : `/admin/${kind}/${name.replace(/\.json$/, "")}`;
      const got = await (await fetch(server.url + path, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      expect(got === body, `round ${round}: GET ${path} after the restart`).toBe(true);
    }
    const group = ledger.acked.get("groups/m0.json");
    if (group) {
      const hostname = JSON.parse(group).metadata.hostname;
      expect(await (await fetch(`${server.url}/metadata?mac=${mac("00", 0)}`)).text()).toContain(`HOSTNAME=${hostname}\n`);
    }
  }
  await server.stop();
  expect(ledger.log.length).toBeGreaterThan(ROUNDS * 5);
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "kindling-kill9-"));
  writeFileSync(join(work, "token"), TOKEN);
  console.log(`serve-kill9: seed ${SEED} (KINDLING_KILL9_SEED=${SEED} repeats this run)`);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("kill -9 of kindling serve during admin writes", () => {
  it("directory store: every acknowledged write is there whole after a restart, and no leftover is loaded", async () => {
    const data = join(work, "data");
    writeFleet(makeFleet({ machines: 8, profiles: 2, shared: 0, reporters: 0, assets: {} }), { data, assets: join(work, "assets") });
    const leftovers = new Set<string>();
    const view: StoreView = async () => {
      const files = new Map<string, Buffer>();
      for (const entry of readdirSync(data, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const file = relative(data, join(entry.parentPath, entry.name));
        if (isLeftover(entry.name)) leftovers.add(file);
        else files.set(file, readFileSync(join(data, file)));
      }
      return files;
    };
    await killDuringWrites(view, ["--data", data]);
    // Temporary files a killed write left are hidden: the store never loads them.
    for (const f of leftovers) expect(f.split("/").pop()!.startsWith(".")).toBe(true);
  }, 180_000);

  describe("etcd store (real etcd)", () => {
    let etcd: ChildProcess | undefined;
    let endpoint = "";
    beforeAll(async () => {
      requireEtcd();
      const [client, peer] = [await freePort(), await freePort()];
      endpoint = `http://127.0.0.1:${client}`;
      etcd = spawn(
        "etcd",
        [
          "--name",
          "k",
          "--data-dir",
          join(work, "etcd"),
          "--listen-client-urls",
          endpoint,
          "--advertise-client-urls",
          endpoint,
          "--listen-peer-urls",
          `http://127.0.0.1:${peer}`,
          "--initial-advertise-peer-urls",
          `http://127.0.0.1:${peer}`,
          "--initial-cluster",
          `k=http://127.0.0.1:${peer}`,
        ],
        { stdio: "ignore" },
      );
      await waitFor("etcd to answer", async () => (await fetch(`${endpoint}/health`)).ok, { timeoutMs: 30_000, intervalMs: 100 });
    });
    afterAll(async () => {
      if (!etcd) return;
      const exited = new Promise((r) => etcd!.once("exit", r));
      etcd.kill("SIGTERM");
      await exited;
    });

    it("every acknowledged write is in etcd whole after a restart", async () => {
      const data = join(work, "etcd-data");
      writeFleet(makeFleet({ machines: 8, profiles: 2, shared: 0, reporters: 0, assets: {} }), { data, assets: join(work, "assets") });
      const imported = spawnSync(
        process.execPath,
        [join(REPO, "dist/cli.js"), "store", "import", data, "--etcd", endpoint, "--etcd-prefix", "/kill9/"],
        { encoding: "utf8" },
      );
      expect(imported.status, imported.stderr).toBe(0);
      const reader = new EtcdStore({ endpoints: [endpoint], prefix: "/kill9/" });
      try {
        const view: StoreView = async () => new Map((await reader.readAll()).files.map((f) => [f.file, Buffer.from(f.bytes)]));
        await killDuringWrites(view, ["--etcd", endpoint, "--etcd-prefix", "/kill9/"]);
      } finally {
        reader.close();
      }
    }, 180_000);
  });
});
