// kindling serve under real faults, in its own process: an asset the server
// may not read (a real EACCES: as root, the server runs without the
// capabilities that let root ignore file modes, through util-linux's
// setpriv), and running out of file descriptors (a real EMFILE, under
// util-linux's prlimit) with hundreds of downloads that read nothing. The
// server never dies: it answers 500 or closes the connection, logs the
// failure, and answers /healthz again once the clients let go; with its
// bound on downloads it never runs out at all.
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../helpers/wait-for.js";

const cli = join(import.meta.dirname, "../../dist/cli.js");
const children: ChildProcess[] = [];
const sockets: Socket[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const c of children.splice(0)) c.kill("SIGKILL");
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workDir(): { data: string; assets: string } {
  const work = mkdtempSync(join(tmpdir(), "kindling-faults-"));
  dirs.push(work);
  const data = join(work, "data");
  mkdirSync(join(data, "profiles"), { recursive: true });
  mkdirSync(join(data, "groups"));
  writeFileSync(join(data, "profiles/p.json"), '{"id":"p"}');
  writeFileSync(join(data, "groups/d.json"), '{"id":"d","profile":"p"}');
  const assets = join(work, "assets");
  mkdirSync(assets);
  writeFileSync(join(assets, "ok.img"), Buffer.alloc(1000, 7));
  // larger than any socket buffer (sparse), so a download that reads nothing stays open
  writeFileSync(join(assets, "big.img"), "");
  truncateSync(join(assets, "big.img"), 1 << 30);
  return { data, assets };
}

interface Child {
  url: string;
  logs: () => Record<string, unknown>[];
  alive: () => boolean;
}

/** `kindling serve` under `wrapper` (a tool that runs the rest of its command line), once it listens. */
async function serve(wrapper: string[], data: string, args: string[]): Promise<Child> {
  const child = spawn(
    wrapper[0]!,
    [...wrapper.slice(1), process.execPath, cli, "serve", "--data", data, "--listen", "127.0.0.1:0", ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  let stdout = "";
  let stderr = "";
  let exited = false;
  child.stdout!.on("data", (d) => (stdout += d));
  child.on("exit", () => (exited = true));
  const url = await new Promise<string>((resolve, reject) => {
    child.on("error", (err) => reject(new Error(`${wrapper[0]} (util-linux) is needed for these tests: ${err.message}`)));
    child.stderr!.on("data", (d) => {
      stderr += d;
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`kindling serve exited ${code}: ${stderr}`)));
  });
  return {
    url,
    logs: () =>
      stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    alive: () => !exited,
  };
}

/** A download that reads only the status line: which status came back, or "closed" when the server closed the connection first. */
function download(url: string, path: string): { outcome: () => string | undefined } {
  const u = new URL(url);
  const socket = connect(Number(u.port), u.hostname, () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`));
  sockets.push(socket);
  let outcome: string | undefined;
  socket.once("data", (d) => {
    outcome = /^HTTP\/1\.1 (\d{3})/.exec(d.toString("latin1"))?.[1] ?? "garbled";
    socket.pause();
  });
  socket.on("close", () => (outcome ??= "closed"));
  socket.on("error", () => {});
  return { outcome: () => outcome };
}

async function status(url: string): Promise<number> {
  return (await fetch(url)).status;
}

describe("kindling serve under real faults", () => {
  it("answers 500 for an asset it may not read (EACCES), logs it, and keeps serving", async () => {
    const { data, assets } = workDir();
    writeFileSync(join(assets, "locked.img"), "secret");
    chmodSync(join(assets, "locked.img"), 0o000);
    // root reads any file: without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH it is held to file modes like anyone else
    const wrapper = process.getuid?.() === 0 ? ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] : ["env"];
    const s = await serve(wrapper, data, ["--assets", assets]);
    const r = await fetch(`${s.url}/assets/locked.img`);
    expect(r.status).toBe(500);
    const body = await r.text();
    expect(JSON.parse(body)).toEqual({ error: expect.any(String) });
    expect(body).not.toContain(assets);
    expect(await status(`${s.url}/healthz`)).toBe(200);
    expect(await status(`${s.url}/assets/ok.img`)).toBe(200);
    const failed = await waitFor("the failure's log line", () => s.logs().filter((l) => l.event === "request-failed"));
    expect(failed).toEqual([expect.objectContaining({ path: "/assets/locked.img", error: "EACCES" })]);
    expect(s.alive()).toBe(true);
  });

  it("survives running out of file descriptors (EMFILE) under hundreds of stalled downloads, and answers again once they go", async () => {
    const { data, assets } = workDir();
    // the bound on downloads raised past the descriptor limit, so the limit is what gives
    const s = await serve(["prlimit", "--nofile=128:128"], data, ["--assets", assets, "--max-asset-streams", "10000"]);
    const downloads = Array.from({ length: 300 }, () => download(s.url, "/assets/big.img"));
    await waitFor("every download to be answered or closed", () => downloads.every((d) => d.outcome() !== undefined), {
      timeoutMs: 30_000,
    });
    const outcomes = downloads.map((d) => d.outcome()!);
    // the limit was reached: some downloads were refused (500, when opening the file failed) or closed (when accepting failed)
    expect(outcomes.filter((o) => o === "500" || o === "closed").length).toBeGreaterThan(0);
    expect(outcomes.every((o) => ["200", "500", "closed"].includes(o))).toBe(true);
    expect(s.alive()).toBe(true);
    const emfile = s.logs().filter((l) => l.error === "EMFILE");
    expect(emfile.length).toBeGreaterThan(0);
    expect(emfile.every((l) => l.event === "request-failed" || l.event === "server-error")).toBe(true);
    for (const sock of sockets.splice(0)) sock.destroy();
    await waitFor("/healthz to answer again", async () => (await status(`${s.url}/healthz`)) === 200, { timeoutMs: 30_000 });
    expect(await status(`${s.url}/assets/ok.img`)).toBe(200);
    expect(s.alive()).toBe(true);
  });

  it("never runs out with its bound on downloads: beyond it, 503 with Retry-After, and /healthz answers throughout", async () => {
    const { data, assets } = workDir();
    // 100 sockets, 40 open files and node's own descriptors fit in 256
    const s = await serve(["prlimit", "--nofile=256:256"], data, ["--assets", assets, "--max-asset-streams", "40"]);
    const downloads = Array.from({ length: 100 }, () => download(s.url, "/assets/big.img"));
    await waitFor("every download to be answered", () => downloads.every((d) => d.outcome() !== undefined), { timeoutMs: 30_000 });
    const outcomes = downloads.map((d) => d.outcome()!);
    expect(outcomes.filter((o) => o === "200").length).toBe(40);
    expect(outcomes.filter((o) => o === "503").length).toBe(60);
    const busy = await fetch(`${s.url}/assets/ok.img`);
    expect([busy.status, busy.headers.get("retry-after")]).toEqual([503, "5"]);
    await busy.text();
    expect(await status(`${s.url}/healthz`)).toBe(200);
    expect(s.logs().filter((l) => l.error === "EMFILE")).toEqual([]);
    expect(s.alive()).toBe(true);
  });
});
