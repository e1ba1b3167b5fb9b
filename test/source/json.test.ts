import { describe, expect, test } from "vitest";
import { type JsonObject, parseJson } from "../../src/source/json.js";
import { LineIndex } from "../../src/source/positions.js";

const parse = (s: string | Uint8Array) => parseJson(typeof s === "string" ? Buffer.from(s, "utf8") : s);
const syntax = (s: string) => {
  const r = parse(s);
  if (r.ok) throw new Error("expected a syntax error");
  return `${r.error.offset}: ${r.error.message}`;
};

describe("syntax errors use Go's scanner messages and offsets", () => {
  test.each([
    ['{"a": 1,}', `9: invalid character '}' looking for beginning of object key string`],
    ['{"a" 1}', "6: invalid character '1' after object key"],
    ['{"a": 1 "b": 2}', `9: invalid character '"' after object key:value pair`],
    ["[1 2]", "4: invalid character '2' after array element"],
    ["[1,]", "4: invalid character ']' looking for beginning of value"],
    ["{} {}", "4: invalid character '{' after top-level value"],
    ["01", "2: invalid character '1' after top-level value"],
    ["-x", "2: invalid character 'x' in numeric literal"],
    ["1.x", "3: invalid character 'x' after decimal point in numeric literal"],
    ["1ex", "3: invalid character 'x' in exponent of numeric literal"],
    ["tru3", "4: invalid character '3' in literal true (expecting 'e')"],
    ["nul", "3: invalid character ' ' in literal null (expecting 'l')"],
    ['"\\q"', "3: invalid character 'q' in string escape code"],
    ['"\\u12x4"', "6: invalid character 'x' in \\u hexadecimal character escape"],
    ['"a\tb"', "3: invalid character '\\t' in string literal"],
    ["\u00ef", "1: invalid character 'Ã' looking for beginning of value"],
    ["", "0: unexpected end of JSON input"],
    ["  \n ", "4: unexpected end of JSON input"],
    ['{"a": [1, 2', "11: unexpected end of JSON input"],
    ["1.", "2: invalid character ' ' after decimal point in numeric literal"],
  ])("%j", (input, expected) => {
    expect(syntax(input)).toBe(expected);
  });

  test("a UTF-8 byte order mark is an invalid character, quoted as its first byte", () => {
    const r = parse(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ offset: 1, message: "invalid character 'ï' looking for beginning of value" });
  });

  test("nesting deeper than 10000 is refused", () => {
    expect(syntax("[".repeat(10001))).toBe("10001: invalid character '[' exceeded max depth");
    expect(parse("[".repeat(10000) + "]".repeat(10000)).ok).toBe(true);
  });
});

describe("offsets of values and keys", () => {
  const text = '{\n  "a": {"b": [true, -1.5e3, "x"]},\n  "a": null\n}';
  const r = parse(text);
  if (!r.ok) throw new Error("parse failed");
  const root = r.root as JsonObject;

  test("objects start one past their brace, scalars at their first byte, keys at their quote", () => {
    expect(root.start).toBe(1);
    const first = root.members[0];
    expect(first.keyStart).toBe(text.indexOf('"a"'));
    const inner = first.value as JsonObject;
    expect(inner.start).toBe(text.indexOf('{"b"') + 1);
    const arr = inner.byKey.get("b")!.value;
    expect(arr.kind).toBe("array");
    if (arr.kind === "array") {
      expect(arr.start).toBe(text.indexOf("[") + 1);
      expect(arr.items.map((n) => n.start)).toEqual([text.indexOf("true"), text.indexOf("-1.5e3"), text.indexOf('"x"')]);
      expect(arr.items[1]).toMatchObject({ kind: "number", raw: "-1.5e3" });
    }
  });

  test("a repeated key keeps every member in order but the last one wins by key", () => {
    expect(root.members.map((m) => m.value.kind)).toEqual(["object", "null"]);
    expect(root.byKey.get("a")!.value.kind).toBe("null");
  });

  test("line and column count bytes; past the end is line 0 col 0", () => {
    const bytes = Buffer.from('{"é": "ü", "x": 1}\n', "utf8");
    const lines = new LineIndex(bytes);
    expect(lines.position(bytes.indexOf("x") - 1)).toEqual({ line: 1, column: 14 });
    expect(lines.position(bytes.length)).toEqual({ line: 0, column: 0 });
    expect(new LineIndex(Buffer.from("a\nb\r\nc")).position(5)).toEqual({ line: 3, column: 1 });
  });
});

describe("strings decode as Go decodes them", () => {
  const str = (json: string | Uint8Array) => {
    const r = parse(json);
    if (!r.ok || r.root.kind !== "string") throw new Error("not a string");
    return r.root.value;
  };
  test("plain ASCII, and strings whose first quote is escaped or that hold a control byte, each as Go reads them", () => {
    expect(str('"data:;base64,H4sI/+8="')).toBe("data:;base64,H4sI/+8=");
    expect(str('"a\x7fb"')).toBe("a\x7fb"); // DEL is no control character in JSON
    expect(str('"a\\"b"')).toBe('a"b'); // the first quote after the start is escaped
    expect(str('""')).toBe("");
    expect(syntax('"abc\x01" ')).toBe("5: invalid character '\\x01' in string literal");
    expect(syntax('"abc')).toBe("4: unexpected end of JSON input");
  });
  test("escapes and surrogate pairs", () => {
    expect(str('"a\\n\\t\\"\\\\\\/\\u00e9\\ud83d\\ude80"')).toBe('a\n\t"\\/é🚀');
  });
  test("lone surrogates become U+FFFD", () => {
    expect(str('"\\ud800x"')).toBe("\ufffdx");
    expect(str('"\\udc00\\ud800\\u0041"')).toBe("\ufffd\ufffdA");
  });
  test("each byte of invalid UTF-8 becomes U+FFFD", () => {
    expect(str(new Uint8Array([0x22, 0xe2, 0x82, 0x61, 0xff, 0x22]))).toBe("\ufffd\ufffda\ufffd");
  });
  test("a U+FEFF written as raw UTF-8 is kept, wherever it stands", () => {
    const bom = [0xef, 0xbb, 0xbf];
    const quoted = (...body: number[]) => new Uint8Array([0x22, ...body, 0x22]);
    const slash = 0x2f;
    expect(str(quoted(...bom, slash, 0x65))).toBe("\ufeff/e"); // plain UTF-8
    expect(str(quoted(...bom, 0x5c, 0x6e, ...bom))).toBe("\ufeff\n\ufeff"); // with escapes
    expect(str(quoted(...bom, 0xff))).toBe("\ufeff\ufffd"); // beside invalid UTF-8
    const r = parse(new Uint8Array([0x7b, 0x22, ...bom, 0x61, 0x22, 0x3a, 0x31, 0x7d]));
    if (!r.ok || r.root.kind !== "object") throw new Error("not an object");
    expect([...(r.root as JsonObject).byKey.keys()]).toEqual(["\ufeffa"]);
  });
});
