/**
 * The object strategy's Google Cloud Storage bucket (gs://BUCKET/PREFIX),
 * through the JSON API: objects.get first (there → nothing uploaded, the key
 * being the content's hash), else a media upload with ifGenerationMatch=0, so
 * two racing uploads of the same key never clash (the loser's 412 means the
 * object is there). The machine gets `gs://BUCKET/KEY` (Ignition reads it
 * with the instance's service account), or with --presign a V4 signed https
 * URL, which needs a service account key to sign with.
 */
import type { KyInstance } from "ky";
import { describeApiError, googleApi, STORAGE_BASE, statusOf, trimBase } from "../gcp/api.js";
import { gcpCredentials } from "../gcp/credentials.js";
import { MAX_SIGNED_SECONDS, signGcsUrl } from "../gcp/sign-url.js";
import type { BucketUrl } from "./bucket.js";
import type { ObjectStore, ObjectStoreOptions, StoredObject } from "./object-store.js";

export async function openGcsStore(bucket: BucketUrl, options: ObjectStoreOptions): Promise<ObjectStore> {
  const base = trimBase(options.endpoint ?? STORAGE_BASE);
  return {
    location: bucket.text,
    async put(key, bytes, contentType): Promise<StoredObject | { error: string }> {
      const name = `${bucket.prefix}${key}`;
      const seconds = options.presignSeconds;
      if (seconds !== undefined && seconds > MAX_SIGNED_SECONDS)
        return {
          error: `a signed Cloud Storage URL is valid for at most ${MAX_SIGNED_SECONDS} seconds (7 days); --presign ${seconds} is longer`,
        };
      const credentials = await gcpCredentials({ ...(options.token !== undefined ? { token: options.token } : {}), env: options.env });
      if ("error" in credentials) return credentials;
      if (seconds !== undefined && !credentials.serviceAccount)
        return {
          error: `a presigned gs:// URL needs a service account key to sign with (GOOGLE_APPLICATION_CREDENTIALS naming its JSON file); the credentials from ${credentials.source} have none`,
        };
      const token = await credentials.accessToken();
      if (typeof token !== "string") return token;
      const api = await googleApi(token);
      const existed = await exists(api, base, bucket.bucket, name);
      if (typeof existed !== "boolean") return existed;
      if (!existed) {
        const uploaded = await upload(api, base, bucket.bucket, name, bytes, contentType);
        if (uploaded !== true && uploaded !== "there") return uploaded;
      }
      const location = `gs://${bucket.bucket}/${name}`;
      const source =
        seconds === undefined ? location : signGcsUrl({ base, bucket: bucket.bucket, name, ...credentials.serviceAccount!, seconds });
      return { source, location, existed };
    },
  };
}

/** The JSON API's URL of an object. */
export const objectUrl = (base: string, bucket: string, name: string) =>
  `${base}/storage/v1/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(name)}`;

async function exists(api: KyInstance, base: string, bucket: string, name: string): Promise<boolean | { error: string }> {
  try {
    await api.get(objectUrl(base, bucket, name)).json();
    return true;
  } catch (err) {
    if (statusOf(err) === 404) {
      const said = await describeApiError(err);
      // A 404 for the bucket itself is an error, not an absent object.
      if (/bucket does not exist/i.test(said)) return { error: said };
      return false;
    }
    return { error: await describeApiError(err) };
  }
}

async function upload(
  api: KyInstance,
  base: string,
  bucket: string,
  name: string,
  bytes: Uint8Array,
  contentType: string,
): Promise<true | "there" | { error: string }> {
  const url = `${base}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o`;
  try {
    await api.post(url, {
      searchParams: { uploadType: "media", name, ifGenerationMatch: "0" },
      body: bytes,
      headers: { "content-type": contentType },
    });
    return true;
  } catch (err) {
    if (statusOf(err) === 412) return "there";
    return { error: await describeApiError(err) };
  }
}
