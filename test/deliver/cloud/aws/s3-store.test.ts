// The S3 object store and the s3: fetcher through the real @aws-sdk/client-s3,
// pointed at the S3 emulator (test/emulators/s3-emulator.ts) by endpoint.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { NO_CREDENTIALS } from "../../../../src/deliver/cloud/aws/config.js";
import { fetchS3 } from "../../../../src/deliver/cloud/aws/s3-fetch.js";
import { openObjectStore, parseBucketUrl } from "../../../../src/deliver/cloud/object/bucket.js";
import type { ObjectStore, ObjectStoreOptions } from "../../../../src/deliver/cloud/object/object-store.js";
import { type S3Emulator, startS3Emulator } from "../../../emulators/s3-emulator.js";

const KEYS = {
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  AWS_REGION: "eu-west-1",
};
const bytes = Buffer.from('{"ignition":{"version":"3.4.0"}}');
const KEY = "0123abcd.ign";

let s3: S3Emulator;
let dir: string;
beforeAll(async () => {
  s3 = await startS3Emulator();
  dir = mkdtempSync(join(tmpdir(), "kindling-s3-"));
});
afterAll(async () => {
  await s3.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  s3.objects.clear();
  s3.requests.length = 0;
  // The SDK's chain also reads the process's environment: keep the machine's own AWS settings out.
  for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE"])
    vi.stubEnv(name, undefined);
  vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
});

async function open(url: string, options: Partial<ObjectStoreOptions> = {}): Promise<ObjectStore> {
  const bucket = parseBucketUrl(url);
  if ("error" in bucket) throw new Error(bucket.error);
  const store = await openObjectStore(bucket, { env: KEYS, endpoint: s3.endpoint, ...options });
  if ("error" in store) throw new Error(store.error);
  return store;
}

describe("the S3 object store", () => {
  test("uploads under the prefix with the content type, signed with the environment's keys", async () => {
    const store = await open("s3://configs/fleet/web");
    const stored = await store.put(KEY, bytes, "application/vnd.coreos.ignition+json");
    expect(stored).toEqual({ source: `s3://configs/fleet/web/${KEY}`, location: `s3://configs/fleet/web/${KEY}`, existed: false });
    const object = s3.objects.get(`configs/fleet/web/${KEY}`);
    expect(object?.body.equals(bytes)).toBe(true);
    expect(object?.contentType).toBe("application/vnd.coreos.ignition+json");
    expect(s3.requests.map((r) => r.method)).toEqual(["HEAD", "PUT"]);
    expect(s3.requests.every((r) => r.accessKeyId === "AKIDEXAMPLE")).toBe(true);
  });

  test("a second put finds the object (HeadObject) and uploads nothing", async () => {
    const store = await open("s3://configs");
    await store.put(KEY, bytes, "text/cloud-config");
    s3.requests.length = 0;
    const again = await store.put(KEY, bytes, "text/cloud-config");
    expect(again).toMatchObject({ existed: true, source: `s3://configs/${KEY}` });
    expect(s3.requests.map((r) => r.method)).toEqual(["HEAD"]);
  });

  test("with presignSeconds the source is a presigned GET the emulator serves", async () => {
    const store = await open("s3://configs/p", { presignSeconds: 600 });
    const stored = await store.put(KEY, bytes, "application/vnd.coreos.ignition+json");
    if ("error" in stored) throw new Error(stored.error);
    expect(stored.location).toBe(`s3://configs/p/${KEY}`);
    const url = new URL(stored.source);
    expect(`${url.origin}${url.pathname}`).toBe(`${s3.endpoint}/configs/p/${KEY}`);
    expect(url.searchParams.get("X-Amz-Expires")).toBe("600");
    const answer = await fetch(url);
    expect(answer.status).toBe(200);
    expect(Buffer.from(await answer.arrayBuffer()).equals(bytes)).toBe(true);
    expect(s3.requests.at(-1)).toMatchObject({ method: "GET", presigned: true, accessKeyId: "AKIDEXAMPLE" });
  });

  test("the emulator refuses a presigned URL past its expiry, or one missing its signature parameters", async () => {
    await (await open("s3://configs")).put(KEY, bytes, "text/plain");
    const old = new URL(`${s3.endpoint}/configs/${KEY}`);
    for (const [k, v] of Object.entries({
      "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
      "X-Amz-Credential": "AKIDEXAMPLE/20200101/us-east-1/s3/aws4_request",
      "X-Amz-Date": "20200101T000000Z",
      "X-Amz-Expires": "60",
      "X-Amz-SignedHeaders": "host",
      "X-Amz-Signature": "00",
    }))
      old.searchParams.set(k, v);
    const expired = await fetch(old);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("<Code>AccessDenied</Code><Message>Request has expired</Message>");
    old.searchParams.delete("X-Amz-Credential");
    expect((await fetch(old)).status).toBe(403);
  });

  test("more than 7 days of presigning is refused before anything is sent", async () => {
    const store = await open("s3://configs", { presignSeconds: 604_801 });
    expect(await store.put(KEY, bytes, "text/plain")).toEqual({
      error: "S3 presigned URLs last at most 604800 seconds (7 days), not 604801",
    });
    expect(s3.requests).toEqual([]);
  });

  test("throttling and 500s are retried", async () => {
    s3.throttle(1);
    s3.fail(1);
    const stored = await (await open("s3://configs")).put(KEY, bytes, "text/plain");
    expect(stored).toMatchObject({ existed: false });
    expect(s3.objects.has(`configs/${KEY}`)).toBe(true);
  });

  test("a denied bucket is one line naming the call", async () => {
    s3.deny("locked");
    const stored = await (await open("s3://locked")).put(KEY, bytes, "text/plain");
    expect(stored).toEqual({
      error: expect.stringMatching(/^PutObject: access denied \(.*\); check the IAM permissions of these credentials$/),
    });
  });

  test("expired credentials are one line", async () => {
    s3.expireKey("ASIAEXPIRED");
    const store = await open("s3://configs", { env: { ...KEYS, AWS_ACCESS_KEY_ID: "ASIAEXPIRED", AWS_SESSION_TOKEN: "t" } });
    const stored = await store.put(KEY, bytes, "text/plain");
    expect(stored).toEqual({ error: expect.stringMatching(/^the AWS credentials have expired \(ExpiredToken.*\): refresh them/) });
    const past = await open("s3://configs", { env: { ...KEYS, AWS_CREDENTIAL_EXPIRATION: "2020-01-01T00:00:00Z" } });
    expect(await past.put(KEY, bytes, "text/plain")).toEqual({
      error: expect.stringMatching(/^the AWS credentials have expired \(ExpiredToken: AWS_CREDENTIAL_EXPIRATION/),
    });
  });

  test("no credentials anywhere is the one line naming what to set", async () => {
    const empty = join(dir, "empty");
    writeFileSync(empty, "");
    const store = await open("s3://configs", { env: { AWS_SHARED_CREDENTIALS_FILE: empty, AWS_CONFIG_FILE: empty } });
    expect(await store.put(KEY, bytes, "text/plain")).toEqual({ error: NO_CREDENTIALS });
    expect(s3.requests).toEqual([]);
  });

  test("the SDK's credential chain reads the profile from the files the environment names", async () => {
    const credentials = join(dir, "credentials");
    const config = join(dir, "config");
    writeFileSync(credentials, "[builder]\naws_access_key_id = AKIDFROMFILE\naws_secret_access_key = secretfromfile\n");
    writeFileSync(config, "[profile builder]\nregion = ap-south-1\n");
    const env = { AWS_PROFILE: "builder", AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: config };
    const stored = await (await open("s3://configs", { env })).put(KEY, bytes, "text/plain");
    expect(stored).toMatchObject({ existed: false });
    expect(s3.requests.map((r) => r.accessKeyId)).toEqual(["AKIDFROMFILE", "AKIDFROMFILE"]);
  });
});

describe("the s3: fetcher", () => {
  test("gets the object back through GetObject", async () => {
    await (await open("s3://configs/p")).put(KEY, bytes, "text/plain");
    const got = await fetchS3(new URL(`s3://configs/p/${KEY}`), { env: KEYS, storageEndpoint: s3.endpoint });
    expect(Buffer.from(got).equals(bytes)).toBe(true);
  });

  test("a missing object and a denied bucket throw one line", async () => {
    const options = { env: KEYS, storageEndpoint: s3.endpoint };
    await expect(fetchS3(new URL("s3://configs/nothing.ign"), options)).rejects.toThrow(/^no such object in bucket configs \(NoSuchKey\)$/);
    s3.deny("secret");
    await expect(fetchS3(new URL("s3://secret/x.ign"), options)).rejects.toThrow(
      /^GetObject: access denied \(AccessDenied: Access Denied\)/,
    );
  });
});
