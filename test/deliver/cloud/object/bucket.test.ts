import { describe, expect, test } from "vitest";
import { parseBucketUrl } from "../../../../src/deliver/cloud/object/bucket.js";

describe("parseBucketUrl", () => {
  test.each([
    ["s3://configs", { kind: "s3", bucket: "configs", prefix: "" }],
    ["s3://configs/fleet/a", { kind: "s3", bucket: "configs", prefix: "fleet/a/" }],
    ["s3://configs/fleet/", { kind: "s3", bucket: "configs", prefix: "fleet/" }],
    ["gs://my-bucket.example/x", { kind: "gs", bucket: "my-bucket.example", prefix: "x/" }],
    ["https://acct01.blob.core.windows.net/ignition", { kind: "azure-blob", account: "acct01", bucket: "ignition", prefix: "" }],
    [
      "https://acct01.blob.core.windows.net/ignition/lab/1",
      { kind: "azure-blob", account: "acct01", bucket: "ignition", prefix: "lab/1/" },
    ],
  ])("%s", (text, expected) => {
    expect(parseBucketUrl(text)).toEqual({ ...expected, text });
  });

  test.each(["configs", "s3://", "s3://UPPER", "ftp://b/k", "https://example.com/c", "https://acct.blob.core.windows.net/"])(
    "%s is refused with the forms a bucket URL takes",
    (text) => {
      const r = parseBucketUrl(text);
      expect(r).toEqual({ error: expect.stringContaining("s3://BUCKET[/PREFIX], gs://BUCKET[/PREFIX] or https://ACCOUNT") });
    },
  );
});
