#!/usr/bin/env node
// kindling serve under load (issue 5's targets): wrk (Debian's), 2 threads,
// 32 connections, /ignition?mac=... spread over every machine, each group
// rendering a Butane template with its own metadata; the same run against a
// bare node:http server answering from a Map (the ceiling for any Node server
// on this machine), reported as a ratio. Also start-up time and RSS with the
// groups loaded.
//
//   node bench/serve.mjs [--groups 1000,100000] [--seconds 10]
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const sizes = opt("--groups", "1000,100000").split(",").map(Number);
const seconds = Number(opt("--seconds", "10"));

if (spawnSync("wrk", ["--version"]).error) {
  console.error("bench/serve.mjs needs wrk (apt-get install wrk)");
  process.exit(1);
}

const mac = (i) => "52:54:00:" + [(i >> 16) & 255, (i >> 8) & 255, i & 255].map((b) => b.toString(16).padStart(2, "0")).join(":");

function dataDir(n) {
  const dir = mkdtempSync(join(tmpdir(), "kindling-bench-serve-"));
  const put = (f, text) => {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  };
  put("profiles/node.json", JSON.stringify({ id: "node", ignition_id: "node.bu" }));
  put(
    "ignition/node.bu",
    "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/hostname\n      mode: 0644\n      contents:\n        inline: {{hostname}}\n",
  );
  for (let i = 0; i < n; i++)
    put(
      `groups/m${i}.json`,
      JSON.stringify({ id: `m${i}`, profile: "node", selector: { mac: mac(i) }, metadata: { hostname: `m${i}.example.com` } }),
    );
  return dir;
}

function wrkScript(n) {
  const file = join(mkdtempSync(join(tmpdir(), "kindling-bench-wrk-")), "spread.lua");
  writeFileSync(
    file,
    `local n = ${n}\nlocal i = 0\nrequest = function()\n  i = (i + 7919) % n\n  return wrk.format("GET", string.format("/ignition?mac=52:54:00:%02x:%02x:%02x", math.floor(i / 65536) % 256, math.floor(i / 256) % 256, i % 256))\nend\n`,
  );
  return file;
}

/** wrk, run asynchronously: the bare server below answers from this same process. */
async function runWrk(url, script) {
  const stdout = await new Promise((resolve) => {
    const child = spawn("wrk", ["-t2", "-c32", `-d${seconds}s`, "--latency", "-s", script, url], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("close", () => resolve(out));
  });
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(stdout);
  const p99ms = p99 ? Number(p99[1]) * { us: 0.001, ms: 1, s: 1000 }[p99[2]] : NaN;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  return { rate, p99ms, non2xx };
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

for (const n of sizes) {
  const dir = dataDir(n);
  const script = wrkScript(n);
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, "dist/cli.js"), "serve", "--data", dir, "--listen", "127.0.0.1:0", "--log", "none"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const url = await new Promise((resolve, reject) => {
    child.stderr.on("data", (d) => {
      stderr += d;
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  const startup = performance.now() - started;
  // Cold: most requests are a machine's first, so most render.
  const cold = await runWrk(url, script);
  // Warm: every machine has fetched its config once (as after a fleet boots).
  const renders = async () =>
    Number(/kindling_renders_total\{endpoint="\/ignition"\} (\d+)/.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? 0);
  for (let i = 0; i < 12 && (await renders()) < n; i++) await runWrk(url, script);
  const ours = await runWrk(url, script);
  const rss = Number(spawnSync("ps", ["-o", "rss=", "-p", String(child.pid)], { encoding: "utf8" }).stdout.trim()) / 1024;
  child.kill("SIGTERM");
  const ceiling = await bare(n, script);
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `${n} groups: warm ${Math.round(ours.rate)} req/s, p99 ${ours.p99ms.toFixed(2)} ms, non-2xx ${ours.non2xx}; ` +
      `cold ${Math.round(cold.rate)} req/s, p99 ${cold.p99ms.toFixed(2)} ms; ` +
      `bare node:http ${Math.round(ceiling.rate)} req/s, p99 ${ceiling.p99ms.toFixed(2)} ms (ratio ${(ours.rate / ceiling.rate).toFixed(2)}); start-up ${(startup / 1000).toFixed(2)} s; RSS ${rss.toFixed(0)} MB`,
  );
}
