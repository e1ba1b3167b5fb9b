// The object strategy on a gs:// bucket, through kindling user-data against the
// GCS emulator: content-addressed upload, nothing uploaded the second time, the
// gs:// pointer (spec 3.2.0 or later), V4 signed URLs from a service account
// key, and the one lines when there are no credentials or no key to sign with.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { userDataCommand } from "../../src/cli/user-data.js";
import { transpile } from "../../src/transpile.js";
import { type GcsEmulator, startGcsEmulator } from "../emulators/gcs-emulator.js";
import { type OAuthEmulator, startOAuthEmulator } from "../emulators/oauth-emulator.js";
import { tempDir, writeServiceAccount } from "../helpers/gcp-credentials.js";
import { memoryIO } from "../helpers/io.js";

const TOKEN = "ya29.test-token";
let oauth: OAuthEmulator;
let gcs: GcsEmulator;
beforeAll(async () => {
  oauth = await startOAuthEmulator();
  gcs = await startGcsEmulator({ buckets: ["kindling-configs"], validToken: (t) => t === TOKEN || oauth.issued.has(t) });
});
afterAll(async () => {
  await gcs.close();
  await oauth.close();
});

const bare = (): Record<string, string> => ({ HOME: tempDir("gcp-home"), GCE_METADATA_HOST: "127.0.0.1:1" });

const run = async (args: string[], stdin: string, env: Record<string, string> = bare()) => {
  const m = memoryIO(stdin, env);
  const code = await userDataCommand(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
};

const butane = (text: string) =>
  `variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/motd\n      contents:\n        inline: ${text}\n`;

const sha512 = (s: string | Uint8Array) => createHash("sha512").update(s).digest("hex");

describe("kindling user-data --bucket gs://", () => {
  test("uploads the config under its sha512 and points to gs://; the second run uploads nothing", async () => {
    const source = butane(`object ${Date.now()}`);
    const config = transpile(source).output!;
    const args = [
      "--platform",
      "gce",
      "--strategy",
      "object",
      "--bucket",
      "gs://kindling-configs/fleet",
      "--storage-endpoint",
      gcs.url,
      "--token",
      TOKEN,
      "-",
    ];
    const first = await run(args, source);
    expect(first.code).toBe(0);
    const key = `fleet/${sha512(config)}.ign`;
    const stored = gcs.buckets.get("kindling-configs")!.get(key)!;
    expect(stored.bytes.toString()).toBe(config);
    expect(stored.contentType).toBe("application/vnd.coreos.ignition+json");
    expect(JSON.parse(first.stdout)).toEqual({
      ignition: {
        config: { replace: { source: `gs://kindling-configs/${key}`, verification: { hash: `sha512-${sha512(config)}` } } },
        version: "3.4.0",
      },
    });
    expect(first.stderr).toContain(`the config is at gs://kindling-configs/${key}\n`);
    const uploads = () => gcs.requests.filter((r) => r.path.startsWith("/upload/")).length;
    const before = uploads();
    const second = await run(args, source);
    expect(second).toMatchObject({ code: 0, stdout: first.stdout });
    expect(second.stderr).toContain("(already there, not uploaded again)");
    expect(uploads()).toBe(before);
  });

  test("an upload that loses a race (412) counts as there; 503s are retried", async () => {
    const source = butane(`race ${Date.now()}`);
    const config = transpile(source).output!;
    const key = `${sha512(config)}.ign`;
    // Another writer stores the object between our look and our upload.
    gcs.failNext(1, 503, /^\/storage\/v1\//);
    const args = [
      "--platform",
      "gce",
      "--strategy",
      "object",
      "--bucket",
      "gs://kindling-configs",
      "--storage-endpoint",
      gcs.url,
      "--token",
      TOKEN,
      "-",
    ];
    const bucket = gcs.buckets.get("kindling-configs")!;
    const realSet = bucket.set.bind(bucket);
    let raced = false;
    bucket.get = ((name: string) => {
      const found = Map.prototype.get.call(bucket, name);
      if (name === key && !found && !raced && gcs.requests.at(-1)?.path.startsWith("/storage/")) {
        raced = true;
        realSet(key, { bytes: Buffer.from(config), contentType: "application/vnd.coreos.ignition+json", generation: "1" });
        return undefined;
      }
      return found;
    }) as typeof bucket.get;
    try {
      const r = await run(args, source);
      expect(r.code).toBe(0);
      expect(raced).toBe(true);
      const answers = gcs.requests.filter((q) => q.path.endsWith(encodeURIComponent(key)) || q.query.get("name") === key);
      expect(answers.map((q) => q.method)).toEqual(["GET", "GET", "POST"]);
    } finally {
      bucket.get = Map.prototype.get.bind(bucket) as typeof bucket.get;
    }
  });

  test("a gs:// pointer needs spec 3.2.0 or later", async () => {
    const config = JSON.stringify({ ignition: { version: "3.1.0" } });
    const r = await run(
      [
        "--platform",
        "gce",
        "--strategy",
        "object",
        "--bucket",
        "gs://kindling-configs",
        "--storage-endpoint",
        gcs.url,
        "--token",
        TOKEN,
        "-",
      ],
      config,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/a spec 3\.1\.0 config cannot point to gs:\/\/kindling-configs\//);
  });

  test("--presign gives a V4 signed URL from the service account key, which the bucket serves", async () => {
    const sa = writeServiceAccount(oauth, "demo");
    gcs.registerSigner(sa.email, sa.publicKey);
    const doc = `#cloud-config\nwrite_files:\n- path: /etc/signed\n  content: ${Date.now()}\n`;
    const out = join(tempDir("gce-user-data"), "user-data");
    const r = await run(
      [
        "--platform",
        "gce",
        "--strategy",
        "object",
        "--bucket",
        "gs://kindling-configs/ci",
        "--presign",
        "600",
        "--storage-endpoint",
        gcs.url,
        "-o",
        out,
        "-",
      ],
      doc,
      { ...bare(), GOOGLE_APPLICATION_CREDENTIALS: sa.path },
    );
    expect(r.code).toBe(0);
    const include = readFileSync(out, "utf8");
    const url = /^#include\n(.+)\n$/.exec(include)![1]!;
    const signed = new URL(url);
    expect(signed.pathname).toBe(`/kindling-configs/ci/${sha512(doc)}.yaml`);
    expect(signed.searchParams.get("X-Goog-Algorithm")).toBe("GOOG4-RSA-SHA256");
    expect(signed.searchParams.get("X-Goog-Expires")).toBe("600");
    expect(signed.searchParams.get("X-Goog-Credential")).toMatch(
      new RegExp(`^${sa.email.replace(/[.]/g, "\\.")}/\\d{8}/auto/storage/goog4_request$`),
    );
    const answer = await fetch(url);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe(doc);
    // A signature over anything else is refused.
    const tampered = await fetch(url.replace("X-Goog-Expires=600", "X-Goog-Expires=601"));
    expect(tampered.status).toBe(403);
  });

  test("--presign without a service account key, and no credentials at all, are one line each", async () => {
    const args = ["--platform", "gce", "--strategy", "object", "--bucket", "gs://kindling-configs", "--storage-endpoint", gcs.url, "-"];
    const withToken = await run([...args.slice(0, -1), "--presign", "60", "--token", TOKEN, "-"], butane("x"));
    expect(withToken.code).toBe(1);
    expect(withToken.stderr).toContain("a presigned gs:// URL needs a service account key to sign with");
    const none = await run(args, butane("x"));
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      "no Google Cloud credentials found: run gcloud auth application-default login, set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or pass --token (a bucket with kindling launch: --storage-token)",
    );
    const tooLong = await run([...args.slice(0, -1), "--presign", "604801", "--token", TOKEN, "-"], butane("x"));
    expect(tooLong.stderr).toContain("at most 604800 seconds");
  });

  test("an expired token is one line naming what to do", async () => {
    const r = await run(
      [
        "--platform",
        "gce",
        "--strategy",
        "object",
        "--bucket",
        "gs://kindling-configs",
        "--storage-endpoint",
        gcs.url,
        "--token",
        "ya29.expired",
        "-",
      ],
      butane("expired"),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /cannot upload the config to gs:\/\/kindling-configs: the access token was refused \(HTTP 401: Request had invalid authentication credentials\./,
    );
    expect(r.stderr).toContain("gcloud auth application-default login");
  });
});
