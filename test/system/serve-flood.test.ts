// A flood of unauthenticated GETs with a new label each cannot grow a real
// `kindling serve` process: after as many to warm it up, 100,000 requests
// (four clients on four loopback addresses, pipelined over keep-alive) for
// groups with the verification agent and for replies that read the query
// keep its peak resident memory within 30 MB of the warm-up's and add no
// delivery record. Measured on the
// process itself (/proc/PID/status) and on its data directory.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../helpers/wait-for.js";

const root = join(import.meta.dirname, "../..");
const cli = join(root, "dist/cli.js");
const REQUESTS = 100_000;
const WARM_UP = 100_000;
const CLIENTS = ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"];
/** Requests written at once on a connection before its answers are read. */
const PIPELINE = 50;

let work: string;
let data: string;
let child: ChildProcess;
let port: number;

function put(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "kindling-flood-"));
  data = join(work, "data");
  const bu = 'variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/motd\n      contents:\n        inline: "{{role}}\\n"\n';
  put(join(data, "profiles/verified.json"), JSON.stringify({ id: "verified", ignition_id: "node.bu", verify: true }));
  put(join(data, "profiles/query.json"), JSON.stringify({ id: "query", generic_id: "echo.txt", allow_query: true }));
  put(join(data, "groups/v.json"), JSON.stringify({ id: "v", profile: "verified", selector: { role: "v" }, metadata: { role: "v" } }));
  put(join(data, "groups/default.json"), JSON.stringify({ id: "default", profile: "verified", metadata: { role: "any" } }));
  put(join(data, "groups/q.json"), JSON.stringify({ id: "q", profile: "query", selector: { role: "q" } }));
  // One machine the data names: its record is the one delivery record that may exist per machine.
  put(
    join(data, "groups/node1.json"),
    JSON.stringify({ id: "node1", profile: "verified", selector: { mac: "52:54:00:00:00:01" }, metadata: { role: "node1" } }),
  );
  put(join(data, "ignition/node.bu"), bu);
  put(join(data, "generic/echo.txt"), "{{request.raw_query}}\n");
  put(join(work, "secret"), "flood-test-report-secret-0123456789abcdef");
  child = spawn(process.execPath, [cli, "serve", "--data", data, "--listen", "127.0.0.1:0", "--report-secret-file", join(work, "secret")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  port = Number(
    await waitFor(`kindling serve to listen (stderr: ${stderr})`, () => /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1]),
  );
}, 60_000);

afterAll(() => {
  child?.kill("SIGTERM");
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Resident memory of the server process, in bytes. */
function rss(): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
  if (!kb) throw new Error(`no VmRSS in /proc/${child.pid}/status`);
  return Number(kb) * 1024;
}

const deliveryFiles = () => (existsSync(join(data, "deliveries")) ? readdirSync(join(data, "deliveries")).length : 0);

/** Request `i`: a new label every time, over the four kinds of reply that could keep something per label. */
function path(i: number): string {
  const hex = i.toString(16).padStart(12, "0");
  switch (i % 5) {
    case 0:
      return `/ignition?role=v&uuid=${hex.slice(0, 8)}-0000-4000-8000-${hex}`;
    case 1:
      return `/ignition?mac=${hex.replace(/(..)(?!$)/g, "$1:")}`;
    case 2:
      return `/generic?role=q&x=${hex}`;
    case 3:
      return `/metadata?uuid=${hex}`;
    default:
      return `/script?serial=${hex}`;
  }
}

/** Sends requests `from`..`to` (exclusive) on one keep-alive connection from `address`, PIPELINE at a time; counts the answers by status. */
function flood(address: string, from: number, to: number, statuses: Map<number, number>): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, localAddress: address });
    let next = from;
    let buffer = Buffer.alloc(0);
    /** Answers still to come for the batch written last. */
    let pending = 0;
    const write = () => {
      const end = Math.min(next + PIPELINE, to);
      pending = end - next;
      let text = "";
      for (; next < end; next++) text += `GET ${path(next)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`;
      if (pending === 0) {
        socket.end();
        return resolve();
      }
      socket.write(text);
    };
    socket.on("error", reject);
    socket.on("connect", write);
    socket.on("data", (chunk: Buffer) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      for (;;) {
        const head = buffer.indexOf("\r\n\r\n");
        if (head < 0) break;
        const header = buffer.subarray(0, head).toString("latin1");
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(header)?.[1] ?? 0);
        if (buffer.length < head + 4 + length) break;
        const status = Number(header.slice(9, 12));
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        buffer = buffer.subarray(head + 4 + length);
        if (--pending === 0) write();
      }
    });
  });
}

/**
 * `count` requests from index `start`, spread over the clients, one connection each; with the
 * server's peak RSS meanwhile (sampled every 20 ms: what the process holds between collections,
 * which one reading at the end would catch at a random point of V8's collection cycle).
 */
async function send(start: number, count: number): Promise<{ statuses: Map<number, number>; peak: number }> {
  const statuses = new Map<number, number>();
  let peak = rss();
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20);
  const share = Math.ceil(count / CLIENTS.length);
  try {
    await Promise.all(
      CLIENTS.map((address, k) => flood(address, start + k * share, Math.min(start + (k + 1) * share, start + count), statuses)),
    );
  } finally {
    clearInterval(sampler);
  }
  return { statuses, peak: Math.max(peak, rss()) };
}

describe("kindling serve under a flood of new labels", () => {
  it(`keeps its memory and its delivery records flat over ${REQUESTS.toLocaleString("en")} requests`, { timeout: 300_000 }, async () => {
    // The one machine the data names fetches its config: that is a record.
    expect((await fetch(`http://127.0.0.1:${port}/ignition?mac=52:54:00:00:00:01`)).status).toBe(200);
    // Warm up: every path rendered, every client's budget spent, the heap grown to its working size
    // (with less, the garbage of the measured run itself shows as growth until V8 collects it).
    const warm = await send(0, WARM_UP);
    expect([...warm.statuses.keys()].sort()).toEqual([200, 429]);
    await waitFor("the shared groups' deliveries to be recorded", () => deliveryFiles() >= 3);
    const files = deliveryFiles();
    const before = warm.peak;
    const started = performance.now();
    const { statuses, peak: after } = await send(WARM_UP, REQUESTS);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${REQUESTS} requests in ${seconds.toFixed(1)} s (${Math.round(REQUESTS / seconds)}/s): ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(", ")}; ` +
        `peak RSS ${(before / 2 ** 20).toFixed(1)} MB (warm-up) → ${(after / 2 ** 20).toFixed(1)} MB; delivery records ${files} → ${deliveryFiles()}`,
    );
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(REQUESTS);
    expect([...statuses.keys()].sort()).toEqual([200, 429]);
    expect(after - before).toBeLessThan(30 * 2 ** 20);
    // One record per group machines share (v, default) and one for the machine node1: no more.
    expect(files).toBe(3);
    expect(deliveryFiles()).toBe(files);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});
