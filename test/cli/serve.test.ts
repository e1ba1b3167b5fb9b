// `kindling serve` as users run it: the built CLI in its own process, real
// HTTP, SIGHUP reload, SIGTERM stop; a broken data directory refused at
// start with file:line:column.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { waitFor } from "../helpers/wait-for.js";

const root = join(import.meta.dirname, "../..");
const cli = join(root, "dist/cli.js");

describe("kindling serve (the command)", () => {
  it("listens, logs one JSON line per request, reloads on SIGHUP, stops on SIGTERM", async () => {
    const data = mkdtempSync(join(tmpdir(), "kindling-serve-cli-"));
    cpSync(join(root, "examples/matchbox"), data, { recursive: true });
    const child = spawn(process.execPath, [cli, "serve", "--data", data, "--listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (d) => {
        stderr += d;
        const m = /listening on (http:\/\/\S+)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const r = await fetch(`${url}/ignition?mac=52:54:00:a1:9c:ae`);
    expect(r.status).toBe(200);
    await r.text();
    const line = JSON.parse(
      await waitFor("the /ignition request's log line", () =>
        stdout
          .trim()
          .split("\n")
          .find((l) => l.includes('"path":"/ignition"')),
      ),
    );
    expect(line).toMatchObject({
      method: "GET",
      path: "/ignition",
      selectors: { mac: "52:54:00:a1:9c:ae" },
      group: "node1",
      profile: "fedora-coreos-live",
      status: 200,
    });
    expect(typeof line.ms).toBe("number");

    writeFileSync(join(data, "groups/node1.json"), '{"id":"node1","profile":"missing"}');
    child.kill("SIGHUP");
    await waitFor("the refused reload's message", () => stderr.includes("reload refused"));
    expect(stderr).toContain(
      'reload refused, still serving the last good data:\n  groups/node1.json: group "node1" names profile "missing"',
    );
    expect((await fetch(`${url}/ignition?mac=52:54:00:a1:9c:ae`)).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    rmSync(data, { recursive: true, force: true });
  });

  it("refuses a broken data directory, naming file, line and column", () => {
    const data = mkdtempSync(join(tmpdir(), "kindling-serve-cli-"));
    cpSync(join(root, "examples/matchbox"), data, { recursive: true });
    writeFileSync(
      join(data, "groups/node2.json"),
      '{\n  "id": "node2",\n  "profile": "fedora-coreos-live",\n  "selector": {"mac": 52}\n}\n',
    );
    const r = spawnSync(process.execPath, [cli, "serve", "--data", data, "--listen", "127.0.0.1:0"], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `kindling serve: the store (directory ${data}) has problems:\n  groups/node2.json:4:23: selector mac must be a string\n`,
    );
    rmSync(data, { recursive: true, force: true });
  });

  it("refuses unreadable or short secrets before starting", () => {
    const data = join(root, "examples/matchbox");
    const missing = spawnSync(process.execPath, [cli, "serve", "--data", data, "--admin-token-file", "/nonexistent/token"], {
      encoding: "utf8",
    });
    expect([missing.status, missing.stderr]).toEqual([
      1,
      "kindling serve: cannot read the admin token: open /nonexistent/token: no such file or directory\n",
    ]);
    const short = spawnSync(process.execPath, [cli, "serve", "--data", data], {
      encoding: "utf8",
      env: { ...process.env, KINDLING_REPORT_SECRET: "too-short" },
    });
    expect([short.status, short.stderr]).toEqual([1, "kindling serve: the report secret must be at least 32 characters\n"]);
  });

  it("takes the reply cache's size and the per-client budget", async () => {
    const data = join(root, "examples/matchbox");
    const child = spawn(
      process.execPath,
      [cli, "serve", "--data", data, "--listen", "127.0.0.1:0", "--cache-bytes", "3MiB", "--client-budget", "7", "--log", "none"],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    try {
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      const url = await waitFor("the listening line", () => /listening on (http:\/\/\S+)/.exec(stderr)?.[1]);
      expect(await (await fetch(`${url}/metrics`)).text()).toContain("kindling_cache_max_bytes 3145728\n");
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await fetch(`${url}/metadata?mac=52:54:00:a1:9c:ae&n=${i}`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 429]);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("usage errors exit 2", () => {
    for (const args of [
      [],
      ["--data"],
      ["--data", "x", "--listen", "nope"],
      ["--bogus"],
      ["--data", "x", "--cache-bytes", "lots"],
      ["--data", "x", "--cache-bytes", "1.5MiB"],
      ["--data", "x", "--client-budget", "-1"],
    ]) {
      const r = spawnSync(process.execPath, [cli, "serve", ...args], { encoding: "utf8" });
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^Error: /);
    }
  });

  it("refuses limits that are not numbers above 0, naming the flag and its default", () => {
    const data = join(root, "examples/matchbox");
    for (const [flag, value, want] of [
      ["--max-asset-streams", "0", "a whole number above 0 (default 256)"],
      ["--max-report-uploads", "2.5", "a whole number above 0 (default 32)"],
      ["--headers-timeout", "soon", "seconds above 0 (default 10)"],
      ["--body-timeout", "-1", "seconds above 0 (default 30)"],
      ["--idle-timeout", "0", "seconds above 0 (default 60)"],
    ]) {
      const r = spawnSync(process.execPath, [cli, "serve", "--data", data, flag!, value!], { encoding: "utf8" });
      expect([r.status, r.stderr.split("\n")[0]], flag).toEqual([
        2,
        `Error: invalid argument ${JSON.stringify(value)} for ${flag}: ${want}`,
      ]);
    }
  });
});

describe("kindling store import-matchbox", () => {
  it("writes the new directory, lists what to fix by hand, and exits 1 until nothing is left", () => {
    const work = mkdtempSync(join(tmpdir(), "kindling-import-cli-"));
    const source = join(work, "matchbox");
    cpSync(join(root, "examples/matchbox"), source, { recursive: true });
    writeFileSync(
      join(source, "ignition/fedora-coreos-install.bu"),
      "variant: fcos\nversion: 1.5.0\n# {{.hostname | upper}} ?{{.request.raw_query}}\n",
    );
    const r = spawnSync(process.execPath, [cli, "store", "import-matchbox", source, "--out", join(work, "kindling")], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      "ignition/fedora-coreos-install.bu:3:3: rewrite by hand: {{.hostname | upper}} (pipelines and functions have no handlebars equivalent; compute the value into the group's metadata)\n",
    );
    expect(r.stdout).toContain(
      'profiles/fedora-coreos-install.json: set "allow_query": true, since ignition/fedora-coreos-install.bu reads the request\'s query (request.*)\n',
    );
    expect(r.stderr).toMatch(/^kindling store import-matchbox: \d+ files written; 1 to fix by hand\n$/);
    const clean = spawnSync(
      process.execPath,
      [cli, "store", "import-matchbox", join(root, "examples/matchbox"), "--out", join(work, "clean")],
      { encoding: "utf8" },
    );
    expect(clean.status).toBe(0);
    const served = spawnSync(
      process.execPath,
      [cli, "store", "import-matchbox", join(root, "examples/matchbox"), "--out", join(work, "clean")],
      { encoding: "utf8" },
    );
    expect(served.stderr).toContain("exists and is not empty");
    rmSync(work, { recursive: true, force: true });
  });
});
