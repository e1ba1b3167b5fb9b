import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { encodeContent, modeString, ownerString } from "../../../src/emit/legacy/common.js";

const decode = (e: { content: string; encoding?: string }): Buffer =>
  e.encoding === "gzip+base64"
    ? gunzipSync(Buffer.from(e.content, "base64"))
    : e.encoding === "base64"
      ? Buffer.from(e.content, "base64")
      : Buffer.from(e.content, "utf8");

describe("file contents in cloud-config", () => {
  it("keeps short text as text", () => {
    expect(encodeContent(Buffer.from("hello\nworld\n"))).toEqual({ content: "hello\nworld\n" });
  });

  it("carries binary bytes and control characters as base64", () => {
    for (const bytes of [Buffer.from([0, 1, 2, 255]), Buffer.from("a\r\nb"), Buffer.from("\x1b[0m"), Buffer.from([0xc3, 0x28])]) {
      const e = encodeContent(bytes);
      expect(e.encoding).toBe("base64");
      expect(decode(e)).toEqual(bytes);
    }
  });

  it("uses gzip+base64 when it is smaller, and only then", () => {
    const repetitive = Buffer.from("server=10.0.0.1 port=2379\n".repeat(200));
    const e = encodeContent(repetitive);
    expect(e.encoding).toBe("gzip+base64");
    expect(e.content.length).toBeLessThan(repetitive.length);
    expect(decode(e)).toEqual(repetitive);

    const random = Buffer.concat(Array.from({ length: 10 }, (_, i) => createHash("sha256").update(String(i)).digest()));
    const r = encodeContent(random);
    expect(r.encoding).toBe("base64");
    expect(decode(r)).toEqual(random);
  });

  it("keeps short text readable unless gzip saves a quarter", () => {
    const config = Buffer.from(
      "global\n    maxconn 2048\n\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\n" +
        "frontend edge\n    bind *:8080\n    default_backend app\n\nbackend app\n    server app1 10.0.0.11:8000 check\n    server app2 10.0.0.12:8000 check\n",
    );
    const gz = Buffer.from(gzipSync(config, { level: 9 })).toString("base64").length;
    expect(gz).toBeLessThan(config.length);
    expect(gz).toBeGreaterThan(config.length * 0.75);
    expect(encodeContent(config)).toEqual({ content: config.toString() });
    const repetitive = Buffer.from("x".repeat(500) + "\n");
    expect(encodeContent(repetitive).encoding).toBe("gzip+base64");
  });

  it("keeps unicode text as text", () => {
    expect(encodeContent(Buffer.from("héllo ✓\n"))).toEqual({ content: "héllo ✓\n" });
  });

  it("keeps a leading byte order mark: such contents go as base64, byte for byte", () => {
    const withBom = Buffer.from("\ufeff[Unit]\n", "utf8");
    expect(withBom.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(encodeContent(withBom)).toEqual({ content: withBom.toString("base64"), encoding: "base64" });
  });
});

describe("modes and owners", () => {
  it("writes modes as the octal strings both dialects accept", () => {
    for (const [mode, s] of [
      [0o644, "0644"],
      [0o600, "0600"],
      [0o4755, "04755"],
      [0o7, "0007"],
      [0, "0000"],
    ] as const) {
      expect(modeString(mode)).toBe(s);
      expect(s).toMatch(/^0?[0-7]{3,4}$/);
      expect(parseInt(s, 8)).toBe(mode);
    }
  });

  it("names the owner only when it is not root", () => {
    expect(ownerString({ user: {}, group: {} })).toBeUndefined();
    expect(ownerString({ user: { id: 0 }, group: { name: "root" } })).toBeUndefined();
    expect(ownerString({ user: { name: "core" }, group: {} })).toBe("core:root");
    expect(ownerString({ user: { id: 1000 }, group: { id: 1000 } })).toBe("1000:1000");
    expect(ownerString({ user: {}, group: { name: "adm" } })).toBe("root:adm");
  });
});
