// The credential chain's client-secret flow for real: @azure/identity and
// msal, given AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET and an
// AZURE_AUTHORITY_HOST pointing at the Entra token emulator, in a child
// process that trusts the emulator's certificate (NODE_EXTRA_CA_CERTS).
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ARM_SCOPE, azureToken, STORAGE_SCOPE } from "../../../../src/deliver/cloud/azure/credentials.js";
import { type EntraTokenEmulator, startEntraTokenEmulator } from "../../../emulators/entra-token-emulator.js";

const TENANT = "11111111-2222-3333-4444-555555555555";
const CLIENT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const dir = mkdtempSync(join(tmpdir(), "kindling-entra-"));
let entra: EntraTokenEmulator;

beforeAll(async () => {
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      "key.pem",
      "-out",
      "cert.pem",
    ],
    { cwd: dir, stdio: "pipe" },
  );
  entra = await startEntraTokenEmulator({
    cert: readFileSync(join(dir, "cert.pem"), "utf8"),
    key: readFileSync(join(dir, "key.pem"), "utf8"),
    tenant: TENANT,
    clientId: CLIENT,
    clientSecret: "s3cret",
    tokens: { [ARM_SCOPE]: "arm-from-entra", [STORAGE_SCOPE]: "storage-from-entra" },
  });
});
afterAll(() => entra.close());

/** azureToken in a child process that trusts the emulator (asynchronously: the emulator answers from this process). */
const tokenInChild = async (scope: string, env: Record<string, string>) => {
  const { stdout } = await promisify(execFile)(
    join(process.cwd(), "node_modules/.bin/vite-node"),
    [join(__dirname, "token-child.ts"), scope, JSON.stringify(env)],
    { env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, "cert.pem") }, encoding: "utf8", timeout: 60_000 },
  );
  return JSON.parse(stdout) as { token?: string; error?: string };
};

const spEnv = (secret: string) => ({
  AZURE_TENANT_ID: TENANT,
  AZURE_CLIENT_ID: CLIENT,
  AZURE_CLIENT_SECRET: secret,
  AZURE_AUTHORITY_HOST: entra.authorityHost,
});

describe("Azure credentials", () => {
  test("--token is used as is, and never reaches the chain", async () => {
    expect(await azureToken(ARM_SCOPE, { token: " given ", env: spEnv("x") })).toEqual({ token: "given" });
    expect(entra.calls).toHaveLength(0);
  });

  test("a service principal's secret gets a token from the authority host, per scope, with no instance discovery", async () => {
    expect(await tokenInChild(ARM_SCOPE, spEnv("s3cret"))).toEqual({ token: "arm-from-entra" });
    expect(await tokenInChild(STORAGE_SCOPE, spEnv("s3cret"))).toEqual({ token: "storage-from-entra" });
    const posts = entra.calls.filter((c) => c.method === "POST");
    expect(posts.map((c) => c.form.get("scope"))).toEqual([ARM_SCOPE, STORAGE_SCOPE]);
    expect(posts.every((c) => c.form.get("client_id") === CLIENT && c.form.get("client_secret") === "s3cret")).toBe(true);
    expect(entra.calls.some((c) => c.path.includes("discovery/instance"))).toBe(false);
  }, 120_000);

  test("a wrong secret is one line quoting Entra's AADSTS code", async () => {
    const answer = await tokenInChild(ARM_SCOPE, spEnv("wrong"));
    expect(answer.error).toMatch(/^Azure sign-in failed: AADSTS7000215: Invalid client secret provided\.$/);
  }, 60_000);
});
