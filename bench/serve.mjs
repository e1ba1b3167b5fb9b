#!/usr/bin/env node
// kindling serve under load (issue 17's boot storm and warm rows): wrk
// (Debian's), 2 threads, 32 connections, against a real `kindling serve`
// (dist/cli.js, the way users run it) over generated groups, each rendering
// a Butane template with its own metadata. Measured in one run, per size:
//
// - start-up: from spawning the server to its "listening" line;
// - the storm (sizes of 10,000 groups and up): every machine asks for /ipxe
//   then /ignition, each machine once, so every request is a first render;
//   distinct machines a second, latency, and the server's event-loop delay
//   over the storm (perf_hooks, read through bench/lib/loop-delay.mjs);
// - warm /ignition (every machine fetched once), against a bare node:http
//   server answering the same bytes from a Map in this same run (the ceiling
//   for any Node server on this machine), as a ratio;
// - RSS once all of that is done.
//
// Each row prints its target. No row fails the run: the numbers are read.
//
//   node bench/serve.mjs [--groups 1000,100000] [--seconds 10] [--keep-data DIR] [--serve-args "--render-threads 0"]
//
// --keep-data writes each size's data directory under DIR once and reuses it
// on later runs (writing 100,000 small files takes a while).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const sizes = opt("--groups", "1000,100000").split(",").map(Number);
const seconds = Number(opt("--seconds", "10"));
const keep = opt("--keep-data", undefined);
const serveArgs = opt("--serve-args", "").split(" ").filter(Boolean);
const STORM_FROM = 10_000;

if (spawnSync("wrk", ["--version"]).error) {
  console.error("bench/serve.mjs needs wrk (apt-get install wrk)");
  process.exit(1);
}

const mac = (i) => "52:54:00:" + [(i >> 16) & 255, (i >> 8) & 255, i & 255].map((b) => b.toString(16).padStart(2, "0")).join(":");

function dataDir(n) {
  const dir = keep ? join(keep, `groups-${n}`) : mkdtempSync(join(tmpdir(), "kindling-bench-serve-"));
  if (keep && existsSync(join(dir, "complete"))) return dir;
  const put = (f, text) => {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  };
  put(
    "profiles/node.json",
    JSON.stringify({
      id: "node",
      ignition_id: "node.bu",
      boot: {
        kernel: "/assets/vmlinuz",
        initrd: ["--name main /assets/initrd.img"],
        args: ["ignition.firstboot", "ignition.platform.id=metal"],
      },
    }),
  );
  put(
    "ignition/node.bu",
    "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/hostname\n      mode: 0644\n      contents:\n        inline: {{hostname}}\n",
  );
  for (let i = 0; i < n; i++)
    put(
      `groups/m${i}.json`,
      JSON.stringify({ id: `m${i}`, profile: "node", selector: { mac: mac(i) }, metadata: { hostname: `m${i}.example.com` } }),
    );
  if (keep) writeFileSync(join(dir, "complete"), "");
  return dir;
}

const MAC_LUA = `local function mac(i)\n  return string.format("52:54:00:%02x:%02x:%02x", math.floor(i / 65536) % 256, math.floor(i / 256) % 256, i % 256)\nend\n`;

function luaFile(name, text) {
  const file = join(mkdtempSync(join(tmpdir(), "kindling-bench-wrk-")), name);
  writeFileSync(file, text);
  return file;
}

/** /ignition spread over every machine (each wrk thread walks the same order). */
const spreadScript = (n) =>
  luaFile(
    "spread.lua",
    `${MAC_LUA}local n = ${n}\nlocal i = 0\nrequest = function()\n  i = (i + 7919) % n\n  return wrk.format("GET", "/ignition?mac=" .. mac(i))\nend\n`,
  );

/** Filling the cache: /ignition of machines `from` on, each thread its own, each machine once. */
const fillScript = (n, from) =>
  luaFile(
    "fill.lua",
    `${MAC_LUA}local n = ${n}\nlocal threads = 0\nfunction setup(thread)\n  thread:set("first", threads)\n  threads = threads + 1\nend\nlocal c = 0\nrequest = function()\n  local k = ${from} + c * 2 + first\n  c = c + 1\n  return wrk.format("GET", "/ignition?mac=" .. mac((k * 7919) % n))\nend\n`,
  );

/** The storm: each thread its own machines, each machine /ipxe then /ignition, once. */
const stormScript = (n) =>
  luaFile(
    "storm.lua",
    `${MAC_LUA}local n = ${n}\nlocal threads = 0\nfunction setup(thread)\n  thread:set("first", threads)\n  threads = threads + 1\nend\nlocal c = 0\nrequest = function()\n  local k = math.floor(c / 2) * 2 + first\n  local path = (c % 2 == 0) and "/ipxe" or "/ignition"\n  c = c + 1\n  return wrk.format("GET", path .. "?mac=" .. mac((k * 7919) % n))\nend\n`,
  );

/** wrk, run asynchronously (the bare server below answers from this same process). */
async function runWrk(url, script, secs = seconds) {
  const stdout = await new Promise((resolve) => {
    const child = spawn("wrk", ["-t2", "-c32", `-d${secs}s`, "--latency", "-s", script, url], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("close", () => resolve(out));
  });
  const ms = (q) => {
    const m = new RegExp(`${q}%\\s+([\\d.]+)(us|ms|s)`).exec(stdout);
    return m ? Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]] : NaN;
  };
  return {
    rate: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN),
    requests: Number(/(\d+) requests in/.exec(stdout)?.[1] ?? NaN),
    p50ms: ms(50),
    p99ms: ms(99),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0),
    errors: /Socket errors: .*/.exec(stdout)?.[0],
  };
}

async function bare(n, script) {
  const map = new Map();
  for (let i = 0; i < n; i++)
    map.set(
      mac(i),
      `{"ignition":{"version":"3.4.0"},"storage":{"files":[{"path":"/etc/hostname","contents":{"compression":"","source":"data:,m${i}.example.com"},"mode":420}]}}\n`,
    );
  const server = createServer((req, res) => {
    const q = req.url.indexOf("mac=");
    const body = map.get(q < 0 ? "" : req.url.slice(q + 4));
    res.writeHead(body ? 200 : 404, { "content-type": "application/vnd.coreos.ignition+json" });
    res.end(body ?? "");
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const result = await runWrk(`http://127.0.0.1:${server.address().port}`, script);
  server.close();
  return result;
}

/** The server as users run it, with the event-loop probe preloaded; resolves once it listens. */
async function startKindling(dir) {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      "--expose-gc",
      "--import",
      join(root, "bench/lib/loop-delay.mjs"),
      join(root, "dist/cli.js"),
      "serve",
      "--data",
      dir,
      "--listen",
      "127.0.0.1:0",
      "--log",
      "none",
      ...serveArgs,
    ],
    { stdio: ["ignore", "ignore", "pipe", "ipc"] },
  );
  let stderr = "";
  const url = await new Promise((resolve, reject) => {
    child.stderr.on("data", (d) => {
      stderr += d;
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  const probe = (message) =>
    new Promise((resolve) => {
      child.once("message", resolve);
      child.send(message);
    });
  return { child, url, startup: (performance.now() - started) / 1000, probe };
}

const n0 = (x) => Math.round(x).toLocaleString("en-US");
const f2 = (x) => x.toFixed(2);
const row = (name, value, target, ok) =>
  console.log(`  ${name.padEnd(34)} ${value.padEnd(58)} target ${target}${ok === undefined ? "" : ok ? "  ok" : "  MISSED"}`);

for (const n of sizes) {
  const dir = dataDir(n);
  const spread = spreadScript(n);
  const server = await startKindling(dir);
  const renders = async () =>
    Number(/kindling_renders_total\{endpoint="\/ignition"\} (\d+)/.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1] ?? 0);
  const loaded = await server.probe("read-after-gc");
  let storm;
  let loop;
  if (n >= STORM_FROM) {
    await server.probe("reset");
    storm = await runWrk(server.url, stormScript(n));
    loop = await server.probe("read");
  }
  // Warm: every machine has fetched its config once (as after a fleet boots).
  let from = storm ? Math.floor(storm.requests / 2) : 0;
  for (let i = 0; i < 30 && (await renders()) < n; i++)
    from += (await runWrk(server.url, fillScript(n, from), Math.min(seconds, 5))).requests;
  const warmed = await renders();
  const ours = await runWrk(server.url, spread);
  const { rssMb, memory } = await server.probe("read");
  const { heapMb } = await server.probe("read-after-gc");
  server.child.kill("SIGTERM");
  const ceiling = await bare(n, spread);
  if (!keep) rmSync(dir, { recursive: true, force: true });

  console.log(`${n0(n)} groups (wrk -t2 -c32, ${seconds} s a run; the server shares 2 cores with wrk):`);
  row("start-up", `${f2(server.startup)} s`, "≤ 3 s", server.startup <= 3);
  if (storm) {
    const machines = storm.requests / 2;
    const wrapped = machines > n ? ` (WRAPPED: ${n0(machines)} > ${n0(n)} machines, some answers cached)` : "";
    row(
      "storm, machines/s (/ipxe+/ignition)",
      `${n0(machines / seconds)} machines/s = ${n0(storm.rate)} req/s, non-2xx ${storm.non2xx}${wrapped}`,
      `req/s ≥ 0.5 × warm: ratio ${f2(storm.rate / ours.rate)}`,
      storm.rate / ours.rate >= 0.5,
    );
    row("storm latency", `p50 ${f2(storm.p50ms)} ms, p99 ${f2(storm.p99ms)} ms`, "p99 ≤ 50 ms", storm.p99ms <= 50);
    row("storm event-loop delay", `p99 ${f2(loop.p99)} ms (p50 ${f2(loop.p50)}, max ${f2(loop.max)})`, "p99 ≤ 10 ms", loop.p99 <= 10);
  }
  row(
    "warm /ignition",
    `${n0(ours.rate)} req/s, p99 ${f2(ours.p99ms)} ms, non-2xx ${ours.non2xx}${warmed < n ? ` (only ${n0(warmed)} warmed)` : ""}`,
    "p99 ≤ 5 ms",
    ours.p99ms <= 5,
  );
  row(
    "bare node:http, same run",
    `${n0(ceiling.rate)} req/s, p99 ${f2(ceiling.p99ms)} ms`,
    `warm ≥ 0.8 × bare: ratio ${f2(ours.rate / ceiling.rate)}`,
    ours.rate / ceiling.rate >= 0.8,
  );
  row("RSS once loaded", `${n0(loaded.rssMb)} MB (the event loop's live heap: ${n0(loaded.heapMb)} MB)`, "≤ 250 MB", loaded.rssMb <= 250);
  row(
    "RSS after the runs",
    `${n0(rssMb)} MB (V8 heap ${n0(memory.heapTotal)} MB, live after a GC ${n0(heapMb)} MB)`,
    "≤ 250 MB",
    rssMb <= 250,
  );
}
