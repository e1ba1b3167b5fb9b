/**
 * How `resolve` follows an `s3://BUCKET/KEY` reference, as Ignition does on
 * an EC2 machine: GetObject through the SDK with the credential chain (and
 * FetchOptions.storageEndpoint for emulators and S3-compatible stores).
 */
import { GetObjectCommand } from "@aws-sdk/client-s3";
import type { SchemeFetcher } from "../fetch-source.js";
import { awsErrorLine } from "./errors.js";
import { s3Client } from "./s3-client.js";

export const fetchS3: SchemeFetcher = async (url, options) => {
  const bucket = url.hostname;
  const key = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!bucket || !key) throw new Error("an s3 URL names a bucket and a key: s3://BUCKET/KEY");
  const made = await s3Client(options.env, options.storageEndpoint);
  if ("error" in made) throw new Error(made.error);
  const { client } = made;
  try {
    const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!answer.Body) throw new Error("the answer has no body");
    return await answer.Body.transformToByteArray();
  } catch (err) {
    if ((err as { name?: string }).name === "NoSuchKey") throw new Error(`no such object in bucket ${bucket} (NoSuchKey)`);
    throw new Error(awsErrorLine(err, "GetObject", options.storageEndpoint));
  } finally {
    client.destroy();
  }
};
