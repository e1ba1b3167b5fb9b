// Every strategy × target of GCE user data back to the original bytes:
// Ignition through kindling resolve (gzip data URL, gs:// through the GCS
// emulator with --token, a V4 signed https URL), cloud-init as its agent reads
// it (inline as is, gzip unpacked, the object's #include URL fetched).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { resolveCommand } from "../../src/cli/resolve.js";
import { userDataCommand } from "../../src/cli/user-data.js";
import { OUTPUT_TARGETS, transpile } from "../../src/transpile.js";
import { type GcsEmulator, startGcsEmulator } from "../emulators/gcs-emulator.js";
import { type OAuthEmulator, startOAuthEmulator } from "../emulators/oauth-emulator.js";
import { type ServiceAccountFile, tempDir, writeServiceAccount } from "../helpers/gcp-credentials.js";
import { memoryIO } from "../helpers/io.js";
import { fcosNode } from "../helpers/node-config.js";

const TOKEN = "ya29.resolve-token";
let oauth: OAuthEmulator;
let gcs: GcsEmulator;
let sa: ServiceAccountFile;
beforeAll(async () => {
  oauth = await startOAuthEmulator();
  gcs = await startGcsEmulator({ buckets: ["kindling-resolve"], validToken: (t) => t === TOKEN || oauth.issued.has(t) });
  sa = writeServiceAccount(oauth, "demo");
  gcs.registerSigner(sa.email, sa.publicKey);
});
afterAll(async () => {
  await gcs.close();
  await oauth.close();
});

const source = fcosNode("hello from gce", { unit: false });

const run = async (command: typeof resolveCommand, args: string[], stdin = "", env: Record<string, string> = {}) => {
  const m = memoryIO(stdin, { HOME: tempDir("gcp-home"), GCE_METADATA_HOST: "127.0.0.1:1", ...env });
  const code = await command(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
};

describe("GCE user data round-trips to the original config", () => {
  const cases = OUTPUT_TARGETS.flatMap((target) =>
    (["inline", "gzip", "object", "object-presigned"] as const).map((strategy) => ({ target, strategy })),
  );
  test.each(cases)("$target × $strategy", async ({ target, strategy }) => {
    const original = transpile(source, { target }).output!;
    expect(original).toBeTruthy();
    // Without --presign, cloud-init cannot follow an object (it fetches http(s) only): that case is refused.
    const presign = strategy === "object-presigned";
    const out = join(tempDir("gce-round-trip"), "user-data");
    const made = await run(
      userDataCommand,
      [
        "--platform",
        "gce",
        "--target",
        target,
        "--strategy",
        presign ? "object" : strategy,
        ...(strategy.startsWith("object") ? ["--bucket", "gs://kindling-resolve/rt", "--storage-endpoint", gcs.url] : []),
        ...(presign ? ["--presign", "900"] : strategy === "object" ? ["--token", TOKEN] : []),
        "-o",
        out,
        "-",
      ],
      source,
      presign ? { GOOGLE_APPLICATION_CREDENTIALS: sa.path } : {},
    );
    if (target !== "ignition" && strategy === "object") {
      expect(made.code).toBe(1);
      expect(made.stderr).toContain("cloud-init fetches #include URLs over http(s) only, not gs://kindling-resolve/rt/");
      return;
    }
    expect(made.stderr).toContain(`strategy ${presign ? "object" : strategy}`);
    expect(made.code).toBe(0);
    const userData = readFileSync(out);
    if (target === "ignition") {
      const resolved = await run(resolveCommand, ["--storage-endpoint", gcs.url, "--token", TOKEN, out]);
      expect(resolved).toMatchObject({ code: 0, stderr: "" });
      expect(resolved.stdout).toBe(`${original}\n`);
      if (strategy === "object") expect(userData.toString()).toContain('"source":"gs://kindling-resolve/rt/');
      if (presign) expect(userData.toString()).toContain(`"source":"${gcs.url}/kindling-resolve/rt/`);
      return;
    }
    if (strategy === "inline") return expect(userData.toString()).toBe(original);
    if (strategy === "gzip") return expect(gunzipSync(userData).toString()).toBe(original);
    const url = /^#include\n(.+)\n$/.exec(userData.toString())![1]!;
    expect(await (await fetch(url)).text()).toBe(original);
  });

  test("a gs:// reference without credentials is one line, exit 1", async () => {
    const pointer = JSON.stringify({
      ignition: { version: "3.4.0", config: { replace: { source: "gs://kindling-resolve/missing.ign" } } },
    });
    const r = await run(resolveCommand, ["--storage-endpoint", gcs.url, "-"], pointer);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "error: cannot fetch gs://kindling-resolve/missing.ign: no Google Cloud credentials found: run gcloud auth application-default login, set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or pass --token (a bucket with kindling launch: --storage-token)\n  hint: check the URL and that this machine can reach it\n",
    );
    const missing = await run(resolveCommand, ["--storage-endpoint", gcs.url, "--token", TOKEN, "-"], pointer);
    expect(missing.stderr).toContain(
      "cannot fetch gs://kindling-resolve/missing.ign: HTTP 404: No such object: kindling-resolve/missing.ign",
    );
  });
});
