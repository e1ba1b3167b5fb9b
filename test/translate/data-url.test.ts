import { describe, expect, test } from "vitest";
import { escapeDataURL, makeDataURL } from "../../src/translate/data-url.js";

// RFC 2396 unreserved characters, written out independently of the code under test.
const unreserved = new Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()");
const reference = (bytes: Uint8Array) =>
  [...bytes]
    .map((b) => (unreserved.has(String.fromCharCode(b)) ? String.fromCharCode(b) : "%" + b.toString(16).toUpperCase().padStart(2, "0")))
    .join("");

describe("data URLs", () => {
  test("every byte value escapes as RFC 2396 says", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(escapeDataURL(all)).toBe(reference(all));
    expect(escapeDataURL(Uint8Array.of(0x21, 0x7e, 0x80, 0xff))).toBe("!~%80%FF");
  });
  test("a view into a larger buffer escapes only its own bytes", () => {
    const big = new TextEncoder().encode("xxhello worldxx");
    expect(escapeDataURL(big.subarray(2, 13))).toBe("hello%20world");
  });
  test("percent-encoding wins while it is no longer than base64", () => {
    expect(makeDataURL(new TextEncoder().encode("hello"), undefined, true)).toEqual({ source: "data:,hello", compression: "" });
    // 6 bytes all escaped: 18 characters against base64's 8 + 8
    expect(makeDataURL(Uint8Array.of(0, 1, 2, 3, 4, 5), undefined, false)).toEqual({ source: "data:;base64,AAECAwQF", compression: "" });
  });
  test('gzip only when it is shorter by more than the four bytes of "gzip", and never over the user\'s choice', () => {
    const text = new TextEncoder().encode("line of repeated text\n".repeat(200));
    const auto = makeDataURL(text, undefined, true);
    expect(auto.compression).toBe("gzip");
    expect(auto.source.startsWith("data:;base64,H4sIAAAAAAAC/")).toBe(true);
    expect(makeDataURL(text, "gzip", true).compression).toBeUndefined();
    expect(makeDataURL(text, undefined, false).compression).toBe("");
  });
});
