import { describe, expect, test } from "vitest";
import { decodeDataURL } from "../../src/gocompat/dataurl.js";
import { isPlainDataURL } from "../../src/ignition/rules/urls.js";

// A tiny deterministic generator (xorshift) so failures reproduce.
function random(seed: number) {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe("the data URL fast path", () => {
  test("only accepts data URLs the full decoder accepts", () => {
    const next = random(42);
    const alphabet = ["a", "Z", "0", "%", "2", "F", "g", "+", "/", "=", ",", ";", " ", "#", "é", "\\", "~", "?"];
    let accepted = 0;
    for (let i = 0; i < 20000; i++) {
      const prefix = next() < 0.5 ? "data:," : "data:;base64,";
      let body = "";
      const n = Math.floor(next() * 12);
      for (let k = 0; k < n; k++) body += alphabet[Math.floor(next() * alphabet.length)];
      const s = prefix + body;
      if (isPlainDataURL(s)) {
        accepted++;
        expect(decodeDataURL(s).ok, s).toBe(true);
      }
    }
    expect(accepted).toBeGreaterThan(1000);
  });

  test("accepts what Butane writes", () => {
    expect(isPlainDataURL("data:,hello%20world%0A")).toBe(true);
    expect(isPlainDataURL("data:;base64,H4sIAAAAAAAC/0qkHwAEAAD//7mPEWJrAAAA")).toBe(true);
    expect(isPlainDataURL("data:;base64,aGVsbG8")).toBe(false);
  });
});
