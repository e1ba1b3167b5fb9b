/**
 * The S3 client the object store and the s3: fetcher share. A bucket URL
 * carries no region, so without one configured the client starts in
 * us-east-1 and follows S3's region redirects. A custom endpoint (an
 * emulator, an S3-compatible store) is addressed path-style
 * (ENDPOINT/BUCKET/KEY), and checksums are sent only where S3 requires them,
 * which such stores handle.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { type AwsClientConfig, awsClientConfig } from "./config.js";

type Env = Readonly<Record<string, string | undefined>>;

/** An S3 client for `env` (and `endpoint`), or the one line saying what is missing. */
export async function s3Client(env: Env, endpoint?: string): Promise<{ client: S3Client; config: AwsClientConfig } | { error: string }> {
  const config = await awsClientConfig(env, { defaultRegion: "us-east-1", ...(endpoint !== undefined ? { endpoint } : {}) });
  if ("error" in config) return config;
  const client = new S3Client({
    ...config,
    ...(endpoint !== undefined
      ? { forcePathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" }
      : { followRegionRedirects: true }),
  });
  return { client, config };
}
