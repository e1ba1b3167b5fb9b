import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { redact, renderDryRun } from "../../../../src/deliver/cloud/launch/dry-run.js";
import type { FittedUserData } from "../../../../src/deliver/cloud/user-data.js";

const text = '{"ignition":{"version":"3.4.0"},"passwd":{"users":[{"name":"core"}]}}';
const userData: FittedUserData = { platform: "ec2", strategy: "inline", bytes: Buffer.from(text), limit: 16_384 };
const summary = {
  userData: `${text.length} bytes, strategy inline`,
  sha512: createHash("sha512").update(text).digest("hex"),
  starts: [text],
};

describe("--dry-run rendering", () => {
  test("the user data, raw or base64, anywhere in the call becomes its summary", () => {
    const body = {
      UserData: Buffer.from(text).toString("base64"),
      metadata: { items: [{ key: "user-data", value: text }] },
      other: "kept",
    };
    expect(redact(body, userData)).toEqual({
      UserData: summary,
      metadata: { items: [{ key: "user-data", value: summary }] },
      other: "kept",
    });
  });

  test("secrets are redacted by key, other values are kept", () => {
    const body = { headers: { Authorization: "Bearer abc", "x-ms-version": "2021-08-06" }, osProfile: { adminPassword: "hunter2" } };
    expect(redact(body, userData)).toEqual({
      headers: { Authorization: "<redacted>", "x-ms-version": "2021-08-06" },
      osProfile: { adminPassword: "<redacted>" },
    });
  });

  test("gzip user data is summarised without decoding it", () => {
    const gz: FittedUserData = { platform: "ec2", strategy: "gzip", bytes: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2]), limit: 16_384 };
    const rendered = JSON.parse(
      renderDryRun([{ method: "RunInstances", target: "ec2 eu-west-1", body: { UserData: Buffer.from(gz.bytes).toString("base64") } }], gz),
    );
    expect(rendered[0].body.UserData).toMatchObject({ userData: "6 bytes, strategy gzip", starts: "(gzip bytes)" });
  });
});
