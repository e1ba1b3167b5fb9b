import { describe, expect, test } from "vitest";
import { goJsonString } from "../../src/emit/json-go.js";

describe("Go's JSON string escaping", () => {
  test("plain text is quoted as is", () => {
    expect(goJsonString("data:;base64,H4sI+/==")).toBe('"data:;base64,H4sI+/=="');
    expect(goJsonString("")).toBe('""');
    expect(goJsonString("héllo ☃ 😀")).toBe('"héllo ☃ 😀"');
  });
  test("HTML characters, line separators and control bytes are escaped", () => {
    expect(goJsonString("<a & b>")).toBe('"\\u003ca \\u0026 b\\u003e"');
    expect(goJsonString("x\u2028y\u2029")).toBe('"x\\u2028y\\u2029"');
    expect(goJsonString('"\\\n\r\t\x00\x1f\x08\x0c')).toBe('"\\"\\\\\\n\\r\\t\\u0000\\u001f\\u0008\\u000c"');
  });
  test("a lone surrogate (invalid UTF-8 to Go) becomes U+FFFD; a pair is kept", () => {
    expect(goJsonString("a\ud800b")).toBe('"a\ufffdb"');
    expect(goJsonString("a\udc00")).toBe('"a\ufffd"');
    expect(goJsonString("\ud83d\ude00")).toBe('"\ud83d\ude00"');
  });
});
