/**
 * The S3 client the object store and the s3: fetcher share. A bucket URL
 * carries no region, so without one configured the client starts in
 * us-east-1 and follows S3's region redirects. A custom endpoint (an
 * emulator, an S3-compatible store) is addressed path-style
 * (ENDPOINT/BUCKET/KEY), and checksums are sent only where S3 requires them,
 * which such stores handle. The credentials are resolved before the client
 * is made, so that their absence is one line and nothing else.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { type AwsClientConfig, awsClientConfig } from "./config.js";
import { awsErrorLine } from "./errors.js";

type Env = Readonly<Record<string, string | undefined>>;

/** An S3 client for `env` (and `endpoint`), or the one line saying what is missing. */
export async function s3Client(env: Env, endpoint?: string): Promise<{ client: S3Client; config: AwsClientConfig } | { error: string }> {
  const config = await awsClientConfig(env, { defaultRegion: "us-east-1", ...(endpoint !== undefined ? { endpoint } : {}) });
  if ("error" in config) return config;
  // Credentials first: a missing or expired one is its one line before any client exists.
  try {
    await config.credentials();
  } catch (err) {
    return { error: awsErrorLine(err, "S3", endpoint) };
  }
  const client = new S3Client({
    ...config,
    ...(endpoint !== undefined
      ? { forcePathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" }
      : { followRegionRedirects: true }),
  });
  return { client, config };
}
