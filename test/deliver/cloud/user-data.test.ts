import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { fitUserData, type Payload } from "../../../src/deliver/cloud/user-data.js";

/**
 * An Ignition config of `size` bytes whose file is `fill`: "same" (one letter
 * repeated, which gzip shrinks to almost nothing), "hex" (random hex digits,
 * which gzip only halves) or "random" (random base64, which gzip cannot shrink).
 */
function ignition(size: number, fill: "same" | "hex" | "random" = "same", version: "3.0.0" | "3.4.0" = "3.4.0"): Payload {
  const head = `{"ignition":{"version":"${version}"},"storage":{"files":[{"path":"/etc/big","contents":{"source":"data:,`;
  const tail = `"}}]}}`;
  const room = size - head.length - tail.length;
  const body =
    fill === "same"
      ? "A".repeat(room)
      : randomBytes(room)
          .toString(fill === "hex" ? "hex" : "base64")
          .slice(0, room);
  return { kind: "ignition", bytes: Buffer.from(head + body + tail), version };
}

describe("fitUserData", () => {
  it("keeps a payload inline when it fits exactly, and gzips it one byte over", () => {
    const atLimit = fitUserData(ignition(16_384), "ec2");
    expect(atLimit.userData?.strategy).toBe("inline");
    expect(atLimit.userData?.bytes.length).toBe(16_384);
    const over = fitUserData(ignition(16_385), "ec2");
    expect(over.userData?.strategy).toBe("gzip");
    expect(over.userData!.bytes.length).toBeLessThanOrEqual(16_384);
  });

  it("never hands Ignition a bare gzip payload: the gzip strategy is a pointer config", () => {
    const { userData } = fitUserData(ignition(100_000), "ec2");
    expect(userData?.strategy).toBe("gzip");
    expect(userData!.bytes[0]).toBe("{".charCodeAt(0));
    expect(JSON.parse(Buffer.from(userData!.bytes).toString()).ignition.config.replace.compression).toBe("gzip");
  });

  it("hands cloud-init the gzip bytes themselves, which it decompresses", () => {
    const doc = Buffer.from(`#cloud-config\nwrite_files:\n- path: /etc/big\n  content: ${"x".repeat(40_000)}\n`);
    const { userData } = fitUserData({ kind: "cloud-init", bytes: doc }, "ec2");
    expect(userData?.strategy).toBe("gzip");
    expect(gunzipSync(userData!.bytes).equals(doc)).toBe(true);
  });

  it("uses each platform's own limit", () => {
    const payload = ignition(70_000, "random");
    expect(fitUserData(payload, "gce").userData?.strategy).toBe("inline");
    expect(fitUserData(payload, "azure").diagnostics[0]?.code).toBe("cloud.user-data.too-large");
  });

  it("says how big the smallest try was and what the limit is when nothing fits", () => {
    const halved = fitUserData(ignition(40_000, "hex"), "ec2");
    expect(halved.userData).toBeUndefined();
    expect(halved.diagnostics).toHaveLength(1);
    expect(halved.diagnostics[0]!.severity).toBe("error");
    const size = Number(/is ([\d,]+) bytes/.exec(halved.diagnostics[0]!.message)![1]!.replaceAll(",", ""));
    expect(size).toBeGreaterThan(16_384);
    expect(size).toBeLessThan(40_000);
    expect(halved.diagnostics[0]!.message).toMatch(/^the user data, gzipped, is [\d,]+ bytes; ec2 takes at most 16,384 bytes in UserData$/);
    expect(halved.diagnostics[0]!.hint).toContain("--bucket");
    // Random base64 grows when gzipped and base64-encoded again: the smallest try is the config as is.
    const random = fitUserData(ignition(40_000, "random"), "ec2");
    expect(random.diagnostics[0]!.message).toBe("the user data is 40,000 bytes; ec2 takes at most 16,384 bytes in UserData");
  });

  it("keeps to a forced strategy", () => {
    expect(fitUserData(ignition(1_000), "ec2", "gzip").userData?.strategy).toBe("gzip");
    const inline = fitUserData(ignition(20_000), "ec2", "inline");
    expect(inline.userData).toBeUndefined();
    expect(inline.diagnostics[0]!.message).toMatch(/^the user data is 20,000 bytes; ec2 takes at most 16,384 bytes/);
  });

  it("refuses gzip for spec 3.0.0, which cannot say a config reference is compressed", () => {
    expect(fitUserData(ignition(1_000, "same", "3.0.0"), "ec2", "gzip").diagnostics[0]?.code).toBe("cloud.user-data.gzip-spec");
    const unforced = fitUserData(ignition(20_000, "same", "3.0.0"), "ec2");
    expect(unforced.userData).toBeUndefined();
    expect(unforced.diagnostics[0]?.message).toMatch(/^the user data is 20,000 bytes/);
  });
});
