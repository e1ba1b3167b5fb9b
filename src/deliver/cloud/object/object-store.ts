/**
 * The `object` strategy's storage: the full config is uploaded to a bucket
 * (S3, Google Cloud Storage or Azure Blob storage) under a key made of its
 * own hash, and the user data is a small pointer to it. Each kind of bucket
 * is one `ObjectStore`; bucket.ts picks the store from the bucket URL.
 */

/** Where an upload went and what the pointer config names as its source. */
export interface StoredObject {
  /**
   * The source the machine fetches: `s3://bucket/key`, `gs://bucket/key`,
   * or an `https://` URL (a presigned S3 URL, an Azure SAS URL) when the
   * store was opened with `presignSeconds`.
   */
  source: string;
  /** Where the object is, for messages (never a signed URL). */
  location: string;
  /** True when an object with the key was already there, so nothing was uploaded. */
  existed: boolean;
}

/** One bucket (and key prefix) the object strategy can upload to. */
export interface ObjectStore {
  /** The bucket URL as the user gave it, for messages. */
  readonly location: string;
  /**
   * Stores `bytes` under `key` (below the bucket URL's prefix) unless an
   * object is already there. Keys are content hashes, so an object that is
   * there holds these very bytes. A failure (credentials, permissions, the
   * network) is one line for the user, as `{ error }`.
   */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<StoredObject | { error: string }>;
}

/** How to open a store. */
export interface ObjectStoreOptions {
  /** Give the machine an `https://` URL valid this many seconds (presigned S3 URL, Azure SAS) instead of the bucket's own scheme. */
  presignSeconds?: number;
  /** Send the storage API calls here instead of the platform's public endpoint (emulators, S3-compatible stores). */
  endpoint?: string;
  /** A bearer token for the storage API (GCS, Azure), instead of the platform's credential chain. */
  token?: string;
  /** The environment the credential chains read. */
  env: Readonly<Record<string, string | undefined>>;
}
