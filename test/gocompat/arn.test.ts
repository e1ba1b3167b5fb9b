import { describe, expect, it } from "vitest";
import { isARN, parseARN } from "../../src/gocompat/arn.js";

describe("isARN (arn.IsARN)", () => {
  it.each([
    ["arn:aws:s3:::bucket/object", true],
    ["arn:aws:iam::123456789012:user/David", true],
    ["arn:aws:rds:eu-west-1:123456789012:db:mysql-db", true],
    ["arn:::::", true],
    ["arn:aws:s3::", false],
    ["arn:aws:s3:::", true],
    ["ARN:aws:s3:::bucket", false],
    ["arnx:aws:s3:::bucket", false],
    [" arn:aws:s3:::bucket", false],
    ["s3://bucket/key", false],
    ["", false],
  ])("%j -> %s", (s, want) => {
    expect(isARN(s)).toBe(want);
  });
});

describe("parseARN (arn.Parse)", () => {
  it("splits an S3 object ARN", () => {
    expect(parseARN("arn:aws:s3:::bucket/object")).toEqual({
      ok: true,
      partition: "aws",
      service: "s3",
      region: "",
      accountId: "",
      resource: "bucket/object",
    });
  });

  it("keeps further colons in the resource", () => {
    expect(parseARN("arn:aws:rds:eu-west-1:123456789012:db:mysql-db")).toEqual({
      ok: true,
      partition: "aws",
      service: "rds",
      region: "eu-west-1",
      accountId: "123456789012",
      resource: "db:mysql-db",
    });
  });

  it("accepts empty sections", () => {
    expect(parseARN("arn:::::")).toEqual({
      ok: true,
      partition: "",
      service: "",
      region: "",
      accountId: "",
      resource: "",
    });
  });

  it.each([
    ["arn:aws:s3::", "arn: not enough sections"],
    ["arn:", "arn: not enough sections"],
    ["s3://bucket/key", "arn: invalid prefix"],
    ["ARN:aws:s3:::b", "arn: invalid prefix"],
    ["", "arn: invalid prefix"],
  ])("%j -> %j", (s, error) => {
    expect(parseARN(s)).toEqual({ ok: false, error });
  });
});
