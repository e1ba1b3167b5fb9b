// The e2e guest against a stand-in HTTP server (not kindling serve): qemu's
// iPXE ROM chains boot.ipxe -> ipxe?mac=... -> kernel + initrd; the guest's
// /init fetches /script, runs it, and the verify.sh it wrote POSTs /etc/hello
// to /reports. A second boot tampers with /etc/hello after the apply; a third
// gets a 404 for its script and must still power off, saying why.
import { createReadStream, mkdirSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildGuest, DEFAULT_CACHE_DIR, type Guest } from "./guest/build.js";
import { type BootResult, bootMachine, markers } from "./guest/qemu.js";

const BOOT_TIMEOUT_MS = 300_000;
const HELLO = "hello from kindling\n";

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

function applyScript(port: number, mac: string): string {
  const report = `http://10.0.2.2:${port}/reports?mac=${mac}`;
  return `#!/bin/sh
set -eu
mkdir -p "$ROOT/etc/kindling"
printf 'hello from kindling\\n' > "$ROOT/etc/hello"
printf 'e2e-node\\n' > "$ROOT/etc/hostname"
cat > "$ROOT/etc/kindling/verify.sh" <<'VERIFY'
set -eu
wget -q -O /dev/null \\
  --header 'X-Kindling-E2E: smoke' \\
  --header "X-Kindling-Host: $(hostname)" \\
  --header "X-Kindling-Machine-Id: $(cat /etc/machine-id)" \\
  --post-file /etc/hello \\
  '${report}'
VERIFY
`;
}

/**
 * The stand-in server; `tamperMac` (hexhyp) boots with kindling.tamper=/etc/hello,
 * `brokenMac` gets a 404 for its script.
 */
function standIn(guest: Guest, tamperMac: string, brokenMac: string) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://stand-in");
      seen.push({
        method: req.method ?? "",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const port = (server.address() as AddressInfo).port;
      const text = (body: string) => res.writeHead(200, { "content-type": "text/plain" }).end(body);
      const mac = url.searchParams.get("mac") ?? "";
      if (url.pathname === "/boot.ipxe") return text("#!ipxe\nchain ipxe?mac=${mac:hexhyp}\n");
      if (url.pathname === "/ipxe") {
        const tamper = mac === tamperMac ? " kindling.tamper=/etc/hello" : "";
        return text(
          "#!ipxe\n" +
            `kernel /assets/vmlinuz console=ttyS0 panic=-1 kindling.url=http://10.0.2.2:${port}/script?mac=\${mac:hexhyp}&os=e2e${tamper}\n` +
            "initrd /assets/initrd.img\nboot\n",
        );
      }
      if (url.pathname === "/assets/vmlinuz" || url.pathname === "/assets/initrd.img") {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        return void createReadStream(url.pathname.endsWith("vmlinuz") ? guest.kernel : guest.initrd).pipe(res);
      }
      if (url.pathname === "/script" && mac !== brokenMac) return text(applyScript(port, mac));
      if (url.pathname === "/reports" && req.method === "POST") return text("ok\n");
      res.writeHead(404).end();
    });
  });
  return { server, seen };
}

describe("e2e guest: PXE boot under qemu against a stand-in server", () => {
  const tamperMac = "52-54-00-4b-00-02";
  const brokenMac = "52-54-00-4b-00-03";
  let guest: Guest;
  let server: Server;
  let seen: Seen[];
  let port: number;
  const logDir = join(DEFAULT_CACHE_DIR, "logs");

  beforeAll(async () => {
    guest = await buildGuest(DEFAULT_CACHE_DIR);
    ({ server, seen } = standIn(guest, tamperMac, brokenMac));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
    mkdirSync(logDir, { recursive: true });
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function boot(mac: string): Promise<BootResult> {
    const logFile = join(logDir, `boot-${mac.replace(/:/g, "-")}.log`);
    const r = await bootMachine({ bootUrl: `http://10.0.2.2:${port}/boot.ipxe`, mac, timeoutMs: BOOT_TIMEOUT_MS, logFile });
    console.log(`e2e boot ${mac}: ${(r.ms / 1000).toFixed(1)} s (${r.accel}), qemu exit ${r.exitCode}; console log in ${logFile}`);
    if (r.exitCode !== 0) console.log(r.console);
    return r;
  }

  const requestsFor = (hexhyp: string, path: string) => seen.filter((s) => s.path === path && s.query.get("mac") === hexhyp);

  test("boots, applies the script, and verify.sh posts /etc/hello with its header", async () => {
    const r = await boot("52:54:00:4b:00:01");
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBe(0);
    const m = markers(r.console);
    expect(m).toEqual(expect.arrayContaining(["modules ok", "fetch exit 0", "apply exit 0", "verify exit 0", "done"]));
    expect(m.some((l) => l.startsWith("failed"))).toBe(false);

    const scripts = requestsFor("52-54-00-4b-00-01", "/script");
    expect(scripts).toHaveLength(1);
    expect(scripts[0]!.query.get("os")).toBe("e2e"); // the '&' in the kernel argument survived iPXE and the kernel
    const reports = requestsFor("52-54-00-4b-00-01", "/reports");
    expect(reports).toHaveLength(1);
    expect(reports[0]!.method).toBe("POST");
    expect(reports[0]!.body).toBe(HELLO);
    expect(reports[0]!.headers["x-kindling-e2e"]).toBe("smoke");
    expect(reports[0]!.headers["x-kindling-host"]).toBe("e2e-node");
    expect(reports[0]!.headers["x-kindling-machine-id"]).toMatch(/^[0-9a-f]{32}$/);
  });

  test("kindling.tamper=/etc/hello: the altered contents arrive", async () => {
    const r = await boot("52:54:00:4b:00:02");
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBe(0);
    expect(markers(r.console)).toEqual(expect.arrayContaining(["apply exit 0", "tamper /etc/hello exit 0", "verify exit 0", "done"]));
    const reports = requestsFor(tamperMac, "/reports");
    expect(reports).toHaveLength(1);
    expect(reports[0]!.body).toBe(HELLO + "tampered\n");
  });

  test("a failing step still powers off, with a failed: marker and no report", async () => {
    const r = await boot("52:54:00:4b:00:03");
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBe(0);
    const m = markers(r.console);
    expect(m).toContain("failed: fetch exit 1");
    expect(m).not.toContain("apply exit 0");
    expect(m.at(-1)).toBe("poweroff");
    expect(requestsFor(brokenMac, "/script")).toHaveLength(1);
    expect(requestsFor(brokenMac, "/reports")).toHaveLength(0);
  });
});
