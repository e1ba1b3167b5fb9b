import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gzipPointer, specTakesGzip } from "../../../src/deliver/cloud/gzip-pointer.js";
import { validateIgnition } from "../../../src/ignition/validate.js";

const config = (version: string) =>
  Buffer.from(
    JSON.stringify({
      ignition: { version },
      storage: { files: [{ path: "/etc/motd", contents: { source: `data:,${"hello%20world%0A".repeat(200)}` } }] },
    }),
  );

interface Pointer {
  ignition: { version: string; config: { replace: { compression: string; source: string; verification: { hash: string } } } };
}

describe("gzipPointer", () => {
  it.each(["3.1.0", "3.4.0", "3.6.0"] as const)("spec %s: a valid config of the same version that carries the config back", (version) => {
    const original = config(version);
    const text = gzipPointer(original, version);
    expect(validateIgnition(Buffer.from(text)).diagnostics).toEqual([]);
    const pointer = JSON.parse(text) as Pointer;
    expect(pointer.ignition.version).toBe(version);
    const replace = pointer.ignition.config.replace;
    expect(replace.compression).toBe("gzip");
    expect(replace.source.startsWith("data:;base64,")).toBe(true);
    // Node's own gunzip, independent of the Go-compatible gzip that wrote it.
    const carried = gunzipSync(Buffer.from(replace.source.slice("data:;base64,".length), "base64"));
    expect(carried.equals(original)).toBe(true);
    // With compression set, Ignition checks the hash against the decompressed config.
    expect(replace.verification.hash).toBe(`sha512-${createHash("sha512").update(original).digest("hex")}`);
    expect(text.length).toBeLessThan(original.length);
  });

  it("is the same for the same config (re-runs give identical user data)", () => {
    expect(gzipPointer(config("3.4.0"), "3.4.0")).toBe(gzipPointer(config("3.4.0"), "3.4.0"));
  });

  it("needs spec 3.1.0, which added compression to config references", () => {
    expect(specTakesGzip("3.0.0")).toBe(false);
    expect(specTakesGzip("3.1.0")).toBe(true);
    expect(() => gzipPointer(config("3.0.0"), "3.0.0")).toThrow(/3\.1\.0/);
  });
});
