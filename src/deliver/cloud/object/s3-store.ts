/**
 * The object strategy's Amazon S3 store: HeadObject first (the key is the
 * content's hash, so an object that is there holds these bytes and nothing
 * is uploaded), else PutObject with the config's content type. The pointer's
 * source is `s3://BUCKET/PREFIXKEY` (Ignition reads it with the instance
 * profile's credentials), or with `presignSeconds` a presigned GET URL
 * (https on AWS; at most 7 days, S3's limit for SigV4).
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { awsErrorLine } from "../aws/errors.js";
import { s3Client } from "../aws/s3-client.js";
import type { BucketUrl } from "./bucket.js";
import type { ObjectStore, ObjectStoreOptions, StoredObject } from "./object-store.js";

/** The longest a SigV4 presigned URL may last. */
export const MAX_PRESIGN_SECONDS = 604_800;

/**
 * True when HeadObject's answer leaves uploading as the next step: 404, or a
 * 400 or 403, which HEAD answers carry no error code for (S3 answers 403 for
 * a missing key to credentials without s3:ListBucket); PutObject's answer
 * then says what is wrong, if anything.
 */
const mayUpload = (err: unknown) => {
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return status === 404 || status === 400 || status === 403;
};

export async function openS3Store(bucket: BucketUrl, options: ObjectStoreOptions): Promise<ObjectStore> {
  const { presignSeconds, endpoint, env } = options;
  return {
    location: bucket.text,
    async put(key, bytes, contentType): Promise<StoredObject | { error: string }> {
      if (presignSeconds !== undefined && presignSeconds > MAX_PRESIGN_SECONDS)
        return { error: `S3 presigned URLs last at most ${MAX_PRESIGN_SECONDS} seconds (7 days), not ${presignSeconds}` };
      const made = await s3Client(env, endpoint);
      if ("error" in made) return made;
      const { client } = made;
      const target = { Bucket: bucket.bucket, Key: `${bucket.prefix}${key}` };
      const location = `s3://${target.Bucket}/${target.Key}`;
      try {
        let existed = true;
        try {
          await client.send(new HeadObjectCommand(target));
        } catch (err) {
          if (!mayUpload(err)) return { error: awsErrorLine(err, "HeadObject", endpoint) };
          existed = false;
        }
        if (!existed) {
          try {
            await client.send(new PutObjectCommand({ ...target, Body: bytes, ContentType: contentType }));
          } catch (err) {
            return { error: awsErrorLine(err, "PutObject", endpoint) };
          }
        }
        if (presignSeconds === undefined) return { source: location, location, existed };
        try {
          const source = await getSignedUrl(client, new GetObjectCommand(target), { expiresIn: presignSeconds });
          return { source, location, existed };
        } catch (err) {
          return { error: awsErrorLine(err, "presigning GetObject", endpoint) };
        }
      } finally {
        client.destroy();
      }
    },
  };
}
