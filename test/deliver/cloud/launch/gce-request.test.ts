// The GCE insert requests without the network: requestIds (deterministic,
// valid UUIDs, different for any change), metadata items for text and binary
// user data, and the base64 size check.
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { planInserts, requestIdOf, userDataItems } from "../../../../src/deliver/cloud/launch/gce-request.js";
import type { LaunchRequest } from "../../../../src/deliver/cloud/launch/launcher.js";

const request = (bytes: Uint8Array, flags: LaunchRequest["flags"] = { zone: "us-east1-b" }, count = 1): LaunchRequest => ({
  name: "node",
  count,
  userData: { platform: "gce", strategy: "inline", bytes, limit: 262_144 },
  flags,
  env: {},
  readFile: async () => new Uint8Array(),
});

describe("GCE insert requests", () => {
  test("a requestId is a UUID of the request: the same for the same request, another for any change", () => {
    const a = requestIdOf("p", "us-east1-b", { name: "x", metadata: { items: [{ key: "user-data", value: "1" }] } });
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(requestIdOf("p", "us-east1-b", { name: "x", metadata: { items: [{ key: "user-data", value: "1" }] } })).toBe(a);
    expect(requestIdOf("p", "us-east1-b", { name: "x", metadata: { items: [{ key: "user-data", value: "2" }] } })).not.toBe(a);
    expect(requestIdOf("q", "us-east1-b", { name: "x", metadata: { items: [{ key: "user-data", value: "1" }] } })).not.toBe(a);
  });

  test("each instance of --count has its own name and requestId", () => {
    const planned = planInserts(request(Buffer.from('{"ignition":{"version":"3.4.0"}}'), { zone: "us-east1-b" }, 3), "demo");
    if ("error" in planned) throw new Error(planned.error);
    expect(planned.map((p) => p.name)).toEqual(["node-1", "node-2", "node-3"]);
    expect(new Set(planned.map((p) => new URL(p.call.target).searchParams.get("requestId"))).size).toBe(3);
  });

  test("text goes as it is; binary goes base64 with user-data-encoding, within the 262,144 bytes of a value", () => {
    expect(userDataItems(Buffer.from("#cloud-config\n"))).toEqual([{ key: "user-data", value: "#cloud-config\n" }]);
    const gz = gzipSync("#cloud-config\n");
    expect(userDataItems(gz)).toEqual([
      { key: "user-data", value: gz.toString("base64") },
      { key: "user-data-encoding", value: "base64" },
    ]);
    const fits = randomBytes((262_144 / 4) * 3);
    fits[0] = 0x1f;
    fits[1] = 0x8b;
    expect(Array.isArray(userDataItems(fits))).toBe(true);
    const over = Buffer.concat([fits, Buffer.from([0])]);
    expect(userDataItems(over)).toEqual({
      error: expect.stringMatching(/^the user data is 196,609 binary bytes, 262,148 in base64, over the 262,144 bytes/),
    });
  });

  test("bad names, zones, tags and labels are one line naming the flag", () => {
    const ign = Buffer.from('{"ignition":{"version":"3.4.0"}}');
    expect(planInserts({ ...request(ign), name: "Web_1" }, "demo")).toEqual({
      error: expect.stringMatching(/^invalid instance name "Web_1"/),
    });
    expect(planInserts(request(ign, { zone: "us-east1" }), "demo")).toEqual({
      error: 'invalid argument "us-east1" for --zone: a zone like us-central1-a',
    });
    expect(planInserts(request(ign, { zone: "us-east1-b", tag: ["Bad Tag"] }), "demo")).toEqual({
      error: expect.stringContaining("for --tag"),
    });
    expect(planInserts(request(ign, { zone: "us-east1-b", label: ["a=B"] }), "demo")).toEqual({
      error: expect.stringContaining("for --label"),
    });
  });
});
