/**
 * Cloud delivery's diagnostics (deliver/cloud/), in our words: user data
 * that no strategy fits into the platform's field, a strategy the config's
 * spec cannot carry, and what `resolve` meets following config references.
 */
import { m } from "../message.js";

export const CLOUD_MSG = {
  tooLarge: (what: string, size: number, platform: string, field: string, limit: number) =>
    m(
      "cloud.user-data.too-large",
      `${what} is ${size.toLocaleString("en-US")} bytes; ${platform} takes at most ${limit.toLocaleString("en-US")} bytes in ${field}`,
      "pass --bucket s3://BUCKET, gs://BUCKET or https://ACCOUNT.blob.core.windows.net/CONTAINER to upload the config and deliver a pointer to it (the object strategy), or make the config smaller",
    ),
  gzipNeedsSpec: (version: string) =>
    m(
      "cloud.user-data.gzip-spec",
      `the gzip strategy needs Ignition spec 3.1.0 or later (the config is ${version})`,
      "transpile to a newer spec with --ignition-version, or use --strategy inline",
    ),
  objectNeedsBucket: () =>
    m(
      "cloud.user-data.object-bucket",
      "the object strategy needs a bucket to upload the config to",
      "pass --bucket s3://BUCKET[/PREFIX], gs://BUCKET[/PREFIX] or https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX]",
    ),
  objectUpload: (location: string, reason: string) =>
    m(
      "cloud.user-data.object-upload",
      `cannot upload the config to ${location}: ${reason}`,
      "check the bucket, its permissions and your credentials",
    ),
  objectPointerInvalid: (source: string, version: string, reason: string) =>
    m(
      "cloud.user-data.object-pointer",
      `a spec ${version} config cannot point to ${source}: ${reason}`,
      "transpile to a newer spec with --ignition-version, or use another bucket kind (or --presign for an https URL)",
    ),
  objectIncludeNeedsHttps: (source: string) =>
    m(
      "cloud.user-data.object-include",
      `cloud-init fetches #include URLs over http(s) only, not ${source}`,
      "pass --presign SECONDS for a presigned https URL, or use an Azure Blob container (SAS URL)",
    ),
  resolveInvalid: (what: string) =>
    m("cloud.resolve.invalid", `${what} is not a valid Ignition config`, "run kindling validate on it to see why"),
  resolveFetch: (url: string, reason: string) =>
    m("cloud.resolve.fetch", `cannot fetch ${url}: ${reason}`, "check the URL and that this machine can reach it"),
  resolveScheme: (url: string, schemes: string) =>
    m("cloud.resolve.scheme", `cannot follow ${url}: the references followed are ${schemes} URLs`, `use a ${schemes} source`),
  resolveHash: (url: string, expected: string, actual: string) =>
    m(
      "cloud.resolve.hash",
      `${url} does not match its verification hash: expected ${expected}, got ${actual}`,
      "the referenced config changed since the hash was taken; update the hash or the config",
    ),
  resolveVersion: (url: string, version: string, parent: string) =>
    m(
      "cloud.resolve.version",
      `${url} is spec ${version}, which cannot be merged into a spec ${parent} config`,
      "reference configs of the same or an older spec version",
    ),
  resolveDepth: (limit: number) =>
    m("cloud.resolve.depth", `config references nest more than ${limit} deep`, "look for a config that references itself"),
  binaryUserData: () =>
    m(
      "cloud.user-data.binary",
      "the user data is gzip bytes, which a text argument cannot carry",
      "use user_data_base64 (aws_instance.user_data_base64), or --strategy inline",
    ),
} as const;
