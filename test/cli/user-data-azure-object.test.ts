// The object strategy on Azure Blob storage, through kindling user-data and
// the Blob emulator (test/emulators/azure-blob-emulator.ts): content-addressed
// upload, no second upload, SAS URLs the emulator verifies, and every
// strategy × target back to the original bytes (resolve for Ignition; for
// cloud-init, what cloud-init does: as is, gunzip, or fetch the #include URL).
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { resolveCommand } from "../../src/cli/resolve.js";
import { userDataCommand } from "../../src/cli/user-data.js";
import { transpile } from "../../src/transpile.js";
import { type AzureBlobEmulator, startAzureBlobEmulator } from "../emulators/azure-blob-emulator.js";
import { memoryIO } from "../helpers/io.js";

const BUCKET = "https://acct.blob.core.windows.net/configs";
const source = "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/motd\n      contents:\n        inline: hello blob\n";

let blob: AzureBlobEmulator;
let dir: string;
beforeEach(async () => {
  blob = await startAzureBlobEmulator();
  blob.createContainer("acct", "configs");
  dir = mkdtempSync(join(tmpdir(), "kindling-blob-"));
});
afterEach(() => blob.close());

const userData = async (args: string[], stdin: string, env: Record<string, string> = {}) => {
  const m = memoryIO(stdin, env);
  const code = await userDataCommand(["--platform", "azure", ...args, "-"], m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
};
const objectArgs = (...more: string[]) => [
  "--strategy",
  "object",
  "--bucket",
  BUCKET,
  "--storage-endpoint",
  blob.endpoint("acct"),
  ...more,
];

interface Pointer {
  ignition: { version: string; config: { replace: { source: string; verification: { hash: string } } } };
}

describe("user-data --platform azure, object strategy", () => {
  test("uploads under the sha512, points to a user delegation SAS URL, and a second run uploads nothing", async () => {
    const config = transpile(source).output!;
    const sha = createHash("sha512").update(config).digest("hex");
    const r = await userData(objectArgs("--presign", "3600", "--token", "storage-token"), source);
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    expect(blob.blobs.get(`acct/configs/${sha}.ign`)?.bytes.toString()).toBe(config);
    expect(blob.blobs.get(`acct/configs/${sha}.ign`)?.contentType).toBe("application/vnd.coreos.ignition+json");
    const put = blob.calls.find((c) => c.method === "PUT")!;
    expect(put.headers).toMatchObject({
      authorization: "Bearer storage-token",
      "x-ms-blob-type": "BlockBlob",
      "x-ms-version": "2022-11-02",
      "if-none-match": "*",
    });
    const pointer = JSON.parse(r.stdout) as Pointer;
    expect(pointer.ignition.config.replace.verification.hash).toBe(`sha512-${sha}`);
    const url = new URL(pointer.ignition.config.replace.source);
    expect(`${url.origin}${url.pathname}`).toBe(`${blob.endpoint("acct")}/configs/${sha}.ign`);
    expect(url.searchParams.get("skoid")).toBeTruthy();
    expect(url.searchParams.get("sp")).toBe("r");
    // The SAS URL fetches the bytes; a tampered one is refused.
    const fetched = await fetch(url);
    expect(fetched.status).toBe(200);
    expect(await fetched.text()).toBe(config);
    url.searchParams.set("sp", "rw");
    expect((await fetch(url)).status).toBe(403);

    const again = await userData(objectArgs("--presign", "3600", "--token", "storage-token"), source);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("(already there, not uploaded again)");
    expect(blob.calls.filter((c) => c.method === "PUT")).toHaveLength(1);
  });

  test("with AZURE_STORAGE_KEY: no token needed, a service SAS", async () => {
    const key = randomBytes(64).toString("base64");
    blob.setAccountKey("acct", key);
    const r = await userData(objectArgs("--presign", "600"), source, { AZURE_STORAGE_KEY: key });
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    const url = new URL((JSON.parse(r.stdout) as Pointer).ignition.config.replace.source);
    expect(url.searchParams.get("skoid")).toBeNull();
    expect(await (await fetch(url)).text()).toBe(transpile(source).output);
    expect(blob.calls.every((c) => c.headers.authorization === undefined)).toBe(true);
  });

  test("without --presign: refused for a private container, the plain URL for a public one", async () => {
    const refused = await userData(objectArgs("--token", "storage-token"), source);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^error: cannot upload the config to https:\/\/acct\.blob\.core\.windows\.net\/configs: the container does not serve its blobs to anonymous readers, .*pass --presign SECONDS for a SAS URL/,
    );
    expect(blob.blobs.size).toBe(0);

    blob.createContainer("acct", "configs", true);
    const r = await userData(objectArgs("--token", "storage-token"), source);
    expect(r.code).toBe(0);
    const plain = (JSON.parse(r.stdout) as Pointer).ignition.config.replace.source;
    expect(plain).toMatch(/\/configs\/[0-9a-f]{128}\.ign$/);
    expect(await (await fetch(plain)).text()).toBe(transpile(source).output);
  });

  test("a 503 ServerBusy is retried after its Retry-After", async () => {
    blob.inject503("PUT");
    const r = await userData(objectArgs("--presign", "60", "--token", "storage-token"), source);
    expect(r.code).toBe(0);
    expect(blob.calls.filter((c) => c.method === "PUT")).toHaveLength(2);
  });

  test("a --presign over 7 days with a user delegation SAS is one line", async () => {
    const r = await userData(objectArgs("--presign", "700000", "--token", "storage-token"), source);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("a user delegation SAS lasts at most 7 days (604800 seconds)");
  });

  test("a refused token is one line with Blob storage's code (a HEAD answer has no body); no credentials at all is one line too", async () => {
    const bad = await userData(objectArgs("--presign", "60", "--token", "nope"), source);
    expect(bad.code).toBe(1);
    expect(bad.stderr.split("\n")[0]).toMatch(/^error: cannot upload the config to .*: HEAD .*: HTTP 401 InvalidAuthenticationInfo$/);
    const none = await userData(objectArgs("--presign", "60"), source);
    expect(none.code).toBe(1);
    expect(none.stderr.split("\n")[0]).toBe(
      `error: cannot upload the config to ${BUCKET}: no Azure credentials found: run az login, set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or pass --token (a bucket with kindling launch: --storage-token)`,
    );
  }, 20_000);
});

describe("every strategy × target for azure comes back to the original bytes", () => {
  const targets = ["ignition", "cloud-config", "cloud-init", "script"] as const;
  const strategies = ["inline", "gzip", "object"] as const;
  for (const target of targets)
    for (const strategy of strategies)
      test(`${strategy} × ${target}`, async () => {
        const original = Buffer.from(transpile(source, { target }).output!);
        const out = join(dir, `${strategy}-${target}`);
        const r = await userData(
          [
            "--target",
            target,
            "--strategy",
            strategy,
            "-o",
            out,
            ...(strategy === "object" ? objectArgs("--presign", "600", "--token", "storage-token").slice(2) : []),
          ],
          source,
        );
        expect(r.stderr).not.toContain("error");
        expect(r.code).toBe(0);
        const delivered = readFileSync(out);
        let back: Buffer;
        if (target === "ignition") {
          const m = memoryIO(delivered.toString());
          expect(await resolveCommand(["-"], m.io)).toBe(0);
          back = Buffer.from(m.stdout().replace(/\n$/, ""));
        } else if (strategy === "inline") back = delivered;
        else if (strategy === "gzip") back = gunzipSync(delivered);
        else {
          const [header, url] = delivered.toString().split("\n");
          expect(header).toBe("#include");
          back = Buffer.from(await (await fetch(url!)).arrayBuffer());
        }
        expect(back.equals(original)).toBe(true);
      });
});
