// The AWS parts every client shares: where the region comes from, and the
// one line each kind of SDK failure becomes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { awsClientConfig, awsRegion, NO_CREDENTIALS, NO_REGION } from "../../../../src/deliver/cloud/aws/config.js";
import { awsErrorLine } from "../../../../src/deliver/cloud/aws/errors.js";

let dir: string;
let config: string;
let empty: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kindling-aws-config-"));
  config = join(dir, "config");
  empty = join(dir, "empty");
  writeFileSync(config, "[default]\nregion = us-west-2\n[profile eu]\nregion = eu-central-1\n");
  writeFileSync(empty, "");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("awsRegion", () => {
  test("the flag, then AWS_REGION, then AWS_DEFAULT_REGION, then the profile's region", async () => {
    const env = { AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "eu-west-2", AWS_CONFIG_FILE: config };
    expect(await awsRegion(env, "ap-south-1")).toBe("ap-south-1");
    expect(await awsRegion(env)).toBe("eu-west-1");
    expect(await awsRegion({ AWS_DEFAULT_REGION: "eu-west-2", AWS_CONFIG_FILE: config })).toBe("eu-west-2");
    expect(await awsRegion({ AWS_CONFIG_FILE: config })).toBe("us-west-2");
    expect(await awsRegion({ AWS_CONFIG_FILE: config, AWS_PROFILE: "eu" })).toBe("eu-central-1");
    expect(await awsRegion({ AWS_CONFIG_FILE: empty })).toBeUndefined();
  });

  test("no region anywhere is the one line naming what to set, unless the client has a default", async () => {
    expect(await awsClientConfig({ AWS_CONFIG_FILE: empty })).toEqual({ error: NO_REGION });
    expect(await awsClientConfig({ AWS_CONFIG_FILE: empty }, { defaultRegion: "us-east-1" })).toMatchObject({
      region: "us-east-1",
      retryMode: "standard",
      maxAttempts: 5,
    });
  });
});

const sdkError = (name: string, message: string, status?: number, attempts = 5) =>
  Object.assign(new Error(message), { name, $metadata: { ...(status ? { httpStatusCode: status } : {}), attempts } });

describe("awsErrorLine", () => {
  test.each([
    [Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }), NO_CREDENTIALS],
    [
      Object.assign(new Error("The SSO session associated with this profile has expired."), { name: "CredentialsProviderError" }),
      "the AWS credentials have expired (The SSO session associated with this profile has expired.): refresh them (aws sso login, new session keys)",
    ],
    [
      sdkError("ExpiredToken", "The security token included in the request is expired", 400),
      "the AWS credentials have expired (ExpiredToken: The security token included in the request is expired): refresh them (aws sso login, new session keys)",
    ],
    [
      sdkError("AuthFailure", "AWS was not able to validate the provided access credentials", 401),
      "AWS rejected the credentials (AuthFailure): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or your AWS profile",
    ],
    [
      sdkError(
        "UnauthorizedOperation",
        "You are not authorized to perform this operation.\nEncoded authorization failure message: xyz",
        403,
      ),
      "RunInstances: access denied (UnauthorizedOperation: You are not authorized to perform this operation.); check the IAM permissions of these credentials",
    ],
    [
      sdkError("RequestLimitExceeded", "Request limit exceeded.", 503, 5),
      "RunInstances: AWS kept throttling the requests (RequestLimitExceeded) after 5 attempts; try again in a minute",
    ],
    [
      sdkError("InternalError", "An internal error has occurred", 500, 5),
      "RunInstances: AWS answered HTTP 500 (InternalError) after 5 attempts; try again later",
    ],
    [
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }),
      "RunInstances: cannot reach http://127.0.0.1:9: ECONNREFUSED",
    ],
    [
      sdkError("InvalidAMIID.NotFound", "The image id '[ami-00000000]' does not exist", 400),
      "RunInstances: InvalidAMIID.NotFound: The image id '[ami-00000000]' does not exist",
    ],
  ])("%s", (err, line) => {
    expect(awsErrorLine(err, "RunInstances", "http://127.0.0.1:9")).toBe(line);
  });

  test("a long message is cut to one short line", () => {
    const line = awsErrorLine(sdkError("Weird", "x".repeat(500), 400), "PutObject");
    expect(line).not.toContain("\n");
    expect(line.length).toBeLessThan(240);
  });
});
