// kindling serve with its configs rendered on worker threads: the same bytes
// as on the event loop for every endpoint, one render for concurrent
// requests of one machine, the same 500 as today when a render throws or
// its worker dies (and the worker replaced), and one snapshot per answer
// while the store reloads under a render.
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../../src/deliver/pxe/server.js";
import { MemoryStore } from "../../../src/deliver/pxe/store/memory.js";
import { faultyWorkerEntry, renderWorkerEntry } from "../../helpers/render-worker.js";

const NODE_BU = [
  "variant: fcos",
  "version: 1.5.0",
  "storage:",
  "  files:",
  "    - path: /etc/hostname",
  "      mode: 0644",
  "      contents:",
  "        inline: {{hostname}}",
  "",
].join("\n");

const group = (id: string, mac: string, metadata: Record<string, string>, profile = "node") =>
  JSON.stringify({ id, profile, selector: { mac }, metadata });

function files(): Record<string, string> {
  return {
    "profiles/node.json": JSON.stringify({
      id: "node",
      boot: { kernel: "/assets/k", initrd: ["--name main /assets/i"], args: ["ignition.firstboot"] },
      ignition_id: "node.bu",
    }),
    "profiles/raw.json": JSON.stringify({
      id: "raw",
      ignition_id: "raw.ign",
      ignition_version: "3.2.0",
      generic_id: "hosts.txt",
      allow_query: true,
    }),
    "profiles/cloud.json": JSON.stringify({ id: "cloud", cloud_id: "node.yaml" }),
    "profiles/checked.json": JSON.stringify({ id: "checked", ignition_id: "node.bu", verify: { url: "https://reports.example/reports" } }),
    "generic/hosts.txt": "{{request.query.os}} {{mac}} {{request.raw_query}}\n",
    "ignition/node.bu": NODE_BU,
    "ignition/raw.ign":
      '{"ignition":{"version":"3.4.0"},"storage":{"files":[{"path":"/etc/stage","contents":{"source":"data:,installed"}}]}}',
    "cloud/node.yaml": "#cloud-config\nhostname: {{hostname}}\n",
    "groups/node1.json": group("node1", "52:54:00:00:00:01", { hostname: "node1" }),
    "groups/raw.json": group("raw", "52:54:00:00:00:02", {}, "raw"),
    "groups/cloud.json": group("cloud", "52:54:00:00:00:03", { hostname: "cloudy" }, "cloud"),
    "groups/bad.json": group("bad", "52:54:00:00:00:04", { hostname: "{{" }),
    "groups/missing.json": group("missing", "52:54:00:00:00:05", {}),
    "groups/checked.json": JSON.stringify({ id: "checked", profile: "checked", selector: { rack: "r1" }, metadata: { hostname: "c" } }),
    "groups/die.json": group("die", "52:54:00:00:00:06", { hostname: "d", act: "die" }),
    "groups/throw.json": group("throw", "52:54:00:00:00:07", { hostname: "t", act: "throw" }),
    "groups/slow.json": group("slow", "52:54:00:00:00:08", { hostname: "before", act: "slow", ms: "400" }),
  };
}

const servers: RunningServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(store: MemoryStore, renderThreads: number, renderWorker?: string, log?: (line: string) => void) {
  const s = await startServer({
    store,
    port: 0,
    watch: false,
    renderThreads,
    reportSecret: "a report secret of at least 32 characters",
    clientBudget: 0,
    ...(renderWorker ? { renderWorker } : {}),
    ...(log ? { log } : {}),
  });
  servers.push(s);
  return s;
}

async function get(s: RunningServer, path: string) {
  const r = await fetch(s.url + path, { headers: { host: "boot.example" } });
  return { status: r.status, type: r.headers.get("content-type"), body: Buffer.from(await r.arrayBuffer()).toString("hex") };
}

const renders = async (s: RunningServer, endpoint: string) =>
  Number(
    new RegExp(`kindling_renders_total\\{endpoint="${endpoint}"\\} (\\d+)`).exec(await (await fetch(`${s.url}/metrics`)).text())?.[1] ?? 0,
  );

const PATHS = [
  "/ignition?mac=52:54:00:00:00:01",
  "/ipxe?mac=52:54:00:00:00:01",
  "/grub?mac=52:54:00:00:00:01",
  "/cloud-config?mac=52:54:00:00:00:01",
  "/script?mac=52:54:00:00:00:01",
  "/generic?mac=52:54:00:00:00:01",
  "/metadata?mac=52:54:00:00:00:01",
  "/ignition?mac=52:54:00:00:00:02&os=x",
  "/generic?mac=52:54:00:00:00:02&os=x",
  "/cloud-config?mac=52:54:00:00:00:03",
  "/ignition?mac=52:54:00:00:00:04",
  "/ignition?mac=52:54:00:00:00:05",
  "/ignition?rack=r1",
  "/script?rack=r1",
  "/ignition?mac=52:54:00:ff:ff:ff",
];

describe("renders on worker threads", () => {
  it("answer every endpoint with the bytes the event loop renders", async () => {
    const entry = await renderWorkerEntry();
    const inline = await serve(new MemoryStore(files()), 0);
    const pooled = await serve(new MemoryStore(files()), 2, entry);
    for (const path of PATHS) {
      const want = await get(inline, path);
      expect(await get(pooled, path), path).toEqual(want);
      expect(await get(pooled, path), `${path}, cached`).toEqual(want);
    }
    expect(await renders(pooled, "/ignition")).toBe(5);
  });

  it("render a machine once for many concurrent requests, all answered the same bytes", async () => {
    const s = await serve(new MemoryStore(files()), 1, await renderWorkerEntry());
    const answers = await Promise.all(Array.from({ length: 20 }, () => get(s, "/ignition?mac=52:54:00:00:00:01")));
    expect(await renders(s, "/ignition")).toBe(1);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });

  it("answer a render that throws, or whose worker dies, as a throwing render is answered today, then go on", async () => {
    const lines: string[] = [];
    const s = await serve(new MemoryStore(files()), 1, await faultyWorkerEntry(), (line) => lines.push(line));
    const internal = { status: 500, type: "application/json" };
    for (const mac of ["52:54:00:00:00:07", "52:54:00:00:00:06", "52:54:00:00:00:06"]) {
      const r = await get(s, `/ignition?mac=${mac}`);
      expect(r).toMatchObject(internal);
      expect(Buffer.from(r.body, "hex").toString()).toBe('{"error":"internal error; the server\'s log says why"}\n');
      expect((await get(s, "/ignition?mac=52:54:00:00:00:01")).status).toBe(200);
    }
    expect(lines.some((l) => l.includes('"request-failed"') && l.includes("the render failed on purpose"))).toBe(true);
    expect(lines.filter((l) => l.includes('"render-worker-stopped"')).length).toBe(2);
  });

  it("answer from the snapshot a render started with while the store reloads under it", async () => {
    const store = new MemoryStore(files());
    const s = await serve(store, 1, await faultyWorkerEntry());
    const before = get(s, "/ignition?mac=52:54:00:00:00:08");
    await new Promise((r) => setTimeout(r, 100));
    await store.write("groups/slow.json", Buffer.from(group("slow", "52:54:00:00:00:08", { hostname: "after", act: "slow", ms: "10" })));
    await store.write("ignition/node.bu", Buffer.from(NODE_BU.replace("{{hostname}}", "new-{{hostname}}")));
    expect(await s.reload()).toEqual([]);
    const after = get(s, "/ignition?mac=52:54:00:00:00:08");
    const text = async (r: ReturnType<typeof get>) => Buffer.from((await r).body, "hex").toString();
    expect(await text(before)).toContain('"source":"data:,before"');
    expect(await text(after)).toContain('"source":"data:,new-after"');
    expect(await text(get(s, "/ignition?mac=52:54:00:00:00:08"))).toContain('"source":"data:,new-after"');
  });
});
