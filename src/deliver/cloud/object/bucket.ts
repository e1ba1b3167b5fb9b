/**
 * The `--bucket` URL of the object strategy, and the store it opens:
 *   s3://BUCKET[/PREFIX]                                   Amazon S3
 *   gs://BUCKET[/PREFIX]                                   Google Cloud Storage
 *   https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX] Azure Blob storage
 * Each store's module (and its SDK) is loaded only when a bucket of its kind
 * is used.
 */
import type { ObjectStore, ObjectStoreOptions } from "./object-store.js";

export const BUCKET_KINDS = ["s3", "gs", "azure-blob"] as const;
export type BucketKind = (typeof BUCKET_KINDS)[number];

/** A parsed bucket URL. `prefix` is empty or ends in "/". */
export interface BucketUrl {
  kind: BucketKind;
  /** The bucket (S3, GCS) or container (Azure). */
  bucket: string;
  prefix: string;
  /** The storage account (Azure only). */
  account?: string;
  /** The URL as given. */
  text: string;
}

const FORMS = "s3://BUCKET[/PREFIX], gs://BUCKET[/PREFIX] or https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX]";

const prefixOf = (rest: string[]): string => {
  const joined = rest.filter((p) => p !== "").join("/");
  return joined === "" ? "" : `${joined}/`;
};

/** Parses a `--bucket` URL, or says in one line what a bucket URL looks like. */
export function parseBucketUrl(text: string): BucketUrl | { error: string } {
  const bad = { error: `invalid bucket URL "${text}": use ${FORMS}` };
  const scheme = /^(s3|gs):\/\/([^/]+)(?:\/(.*))?$/.exec(text);
  if (scheme) {
    const [, kind, bucket, rest = ""] = scheme;
    if (!/^[a-z0-9][a-z0-9._-]{1,221}[a-z0-9]$/.test(bucket!)) return bad;
    return { kind: kind as "s3" | "gs", bucket: bucket!, prefix: prefixOf(rest.split("/")), text };
  }
  const blob = /^https:\/\/([a-z0-9]{3,24})\.blob\.core\.windows\.net\/([a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])?)(?:\/(.*))?$/.exec(text);
  if (blob) {
    const [, account, container, rest = ""] = blob;
    return { kind: "azure-blob", account: account!, bucket: container!, prefix: prefixOf(rest.split("/")), text };
  }
  return bad;
}

/** The modules that open each kind of store, loaded on first use. */
const OPENERS: Partial<Record<BucketKind, () => Promise<(bucket: BucketUrl, options: ObjectStoreOptions) => Promise<ObjectStore>>>> = {
  s3: async () => (await import("./s3-store.js")).openS3Store,
  "azure-blob": async () => (await import("./azure-blob-store.js")).openAzureBlobStore,
  gs: async () => (await import("./gcs-store.js")).openGcsStore,
};

/** Opens the store for `bucket`. */
export async function openObjectStore(bucket: BucketUrl, options: ObjectStoreOptions): Promise<ObjectStore | { error: string }> {
  const opener = OPENERS[bucket.kind];
  if (!opener) return { error: `${bucket.kind} buckets are not supported yet` };
  return (await opener())(bucket, options);
}
