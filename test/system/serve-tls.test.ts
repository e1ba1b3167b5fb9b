// kindling serve over HTTPS with mutual TLS for the admin API, with
// certificates made by the real openssl: machines read without a client
// certificate; the admin API needs both a certificate from the trusted CA
// and the bearer token.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statusCommand } from "../../src/cli/status.js";
import { type RunningServer, startServer } from "../../src/deliver/pxe/server.js";
import { DirectoryStore } from "../../src/deliver/pxe/store/directory.js";
import { memoryIO } from "../helpers/io.js";

const TOKEN = "tls-test-token-0123456789abcdef";
let work: string;
let server: RunningServer;
const pem = (name: string) => readFileSync(join(work, name));

function openssl(args: string[]): void {
  try {
    execFileSync("openssl", args, { cwd: work, stdio: "pipe" });
  } catch (err) {
    throw new Error(`openssl is needed for these tests (apt-get install openssl): ${(err as Error).message}`);
  }
}

function ca(name: string): void {
  openssl([
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-days",
    "2",
    "-subj",
    `/CN=${name}`,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.pem`,
  ]);
}

function signed(name: string, by: string, ext: string): void {
  openssl([
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-subj",
    `/CN=${name}`,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.csr`,
  ]);
  writeFileSync(join(work, `${name}.ext`), ext);
  openssl([
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${by}.pem`,
    "-CAkey",
    `${by}.key`,
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    `${name}.ext`,
    "-out",
    `${name}.pem`,
  ]);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "kindling-tls-"));
  ca("ca");
  ca("other-ca");
  signed("server", "ca", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  signed("admin", "ca", "extendedKeyUsage=clientAuth\n");
  signed("intruder", "other-ca", "extendedKeyUsage=clientAuth\n");
  const data = join(work, "data");
  for (const d of ["profiles", "groups", "ignition"]) mkdirSync(join(data, d), { recursive: true });
  writeFileSync(join(data, "profiles/p.json"), '{"id":"p","ignition_id":"p.ign"}');
  writeFileSync(join(data, "ignition/p.ign"), '{"ignition":{"version":"3.4.0"}}');
  writeFileSync(join(data, "groups/d.json"), '{"id":"d","profile":"p"}');
  server = await startServer({
    store: new DirectoryStore(data),
    port: 0,
    watch: false,
    adminToken: TOKEN,
    tls: { cert: pem("server.pem"), key: pem("server.key"), clientCa: pem("ca.pem") },
  });
});
afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

function get(path: string, client?: string, token?: string): Promise<{ status: number; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        ca: pem("ca.pem"),
        ...(client ? { cert: pem(`${client}.pem`), key: pem(`${client}.key`) } : {}),
        headers: token ? { authorization: `Bearer ${token}` } : {},
      },
      (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("kindling serve over HTTPS", () => {
  it("serves machines without a client certificate", async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await get("/ignition?mac=52:54:00:00:00:01");
    expect(r).toEqual({ status: 200, body: '{"ignition":{"version":"3.4.0"}}\n' });
  });

  it("lets the admin API in only with a trusted client certificate and the token", async () => {
    expect((await get("/admin/groups", undefined, TOKEN)).status).toBe(403);
    expect((await get("/admin/groups", "intruder", TOKEN)).status).toBe(403);
    expect((await get("/admin/groups", "admin")).status).toBe(401);
    expect(await get("/admin/groups", "admin", TOKEN)).toEqual({ status: 200, body: '["d"]\n' });
  });
});

describe("kindling status against it", () => {
  async function status(...args: string[]) {
    const m = memoryIO("", { KINDLING_ADMIN_TOKEN: TOKEN });
    const code = await statusCommand(["--server", server.url, ...args], m.io);
    return { code, out: m.stdout(), err: m.stderr() };
  }

  it("reads the fleet with --ca and the admin client certificate", async () => {
    const r = await status("--ca", join(work, "ca.pem"), "--client-cert", join(work, "admin.pem"), "--client-key", join(work, "admin.key"));
    expect(r).toEqual({ code: 0, out: "no machine has been delivered a verified config or reported yet\n", err: "" });
  });

  it("says to give --ca when the server's CA is private", async () => {
    const r = await status();
    expect(r.code).toBe(3);
    expect(r.err).toMatch(
      /^kindling status: cannot read https:\/\/127\.0\.0\.1:\d+\/admin\/status: .*certificate.* \(a server with a private CA: give it with --ca FILE\)\n$/,
    );
  });

  it("is refused without the client certificate, with the server's reason", async () => {
    const r = await status("--ca", join(work, "ca.pem"));
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^kindling status: cannot read https:\/\/127\.0\.0\.1:\d+\/admin\/status: 403 .*client certificate/);
  });
});
