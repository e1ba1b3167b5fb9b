import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { parseRequestURI } from "../../src/gocompat/url.js";
import { canDecode } from "../../src/validate-cloud-config/decode-content.js";
import { gzipHeaderOk } from "../../src/validate-cloud-config/gzip-header.js";

const bytes = (s: string) => Buffer.from(s, "latin1");

describe("write_files content decoding", () => {
  test("base64 is Go's: padding required, newlines skipped", () => {
    expect(canDecode(bytes("aGVsbG8K"), "base64")).toBe(true);
    expect(canDecode(bytes("aGVs\nbG8K\n"), "b64")).toBe(true);
    expect(canDecode(bytes("aGVsbG8"), "base64")).toBe(false);
    expect(canDecode(bytes("aGVsbG8K "), "base64")).toBe(false);
  });

  test("gzip needs a header Go's reader accepts; the stream itself is not read", () => {
    const gz = gzipSync("hello\n");
    expect(gzipHeaderOk(gz)).toBe(true);
    expect(gzipHeaderOk(gz.subarray(0, 10))).toBe(true);
    expect(gzipHeaderOk(gz.subarray(0, 9))).toBe(false);
    expect(gzipHeaderOk(Buffer.from([0x1f, 0x8b, 7, 0, 0, 0, 0, 0, 0, 0]))).toBe(false);
    expect(gzipHeaderOk(Buffer.from([0x1f, 0x8b, 8, 0x20, 0, 0, 0, 0, 0, 0]))).toBe(false);
    // FNAME without its terminating NUL.
    expect(gzipHeaderOk(Buffer.from([0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 0, 0x61]))).toBe(false);
    expect(gzipHeaderOk(Buffer.from([0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 0, 0x61, 0]))).toBe(true);
    expect(canDecode(gz, "gzip")).toBe(true);
    expect(canDecode(Buffer.from(gz.toString("base64")), "gzip+base64")).toBe(true);
    expect(canDecode(Buffer.from("aGVsbG8K"), "gzip+base64")).toBe(false);
  });

  test("no encoding takes anything; unknown encodings nothing", () => {
    expect(canDecode(bytes("whatever"), "")).toBe(true);
    expect(canDecode(bytes("whatever"), "plain")).toBe(false);
    expect(canDecode(bytes("aGVsbG8K"), "BASE64")).toBe(false);
  });
});

describe("url.ParseRequestURI", () => {
  test("absolute URLs and absolute paths only", () => {
    for (const ok of ["https://discovery.etcd.io/abc", "/just/a/path", "*", "mailto:x@example.com", "http://h/a#b", "//host/path"]) {
      expect(parseRequestURI(ok).ok).toBe(true);
    }
    for (const bad of ["", "disco", "discovery.etcd.io/abc", "http://h:port/", "/a%zz"]) {
      expect(parseRequestURI(bad).ok).toBe(false);
    }
  });
});
