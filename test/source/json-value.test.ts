import { describe, expect, it } from "vitest";
import { parseJsonExact, stringifyJsonExact } from "../../src/source/json-value.js";

describe("JSON without losing integers", () => {
  it("keeps every int64 exactly, as a bigint beyond 2^53", () => {
    const text = '{"a":9007199254740993,"b":-9223372036854775808,"c":42,"d":1.5,"e":[1e3,0,-0]}';
    const v = parseJsonExact(text) as Record<string, unknown>;
    expect(v).toEqual({ a: 9007199254740993n, b: -9223372036854775808n, c: 42, d: 1.5, e: [1000, 0, 0] });
    expect(JSON.parse(text).a).toBe(9007199254740992); // what JSON.parse would have made of it
  });

  it("writes bigints back digit for digit, and everything else as JSON.stringify does", () => {
    const v = {
      s: 'x\u0000"',
      n: 1,
      big: 18446744073709551615n,
      list: [null, true, 9007199254740993n],
      nested: { undef: undefined, ok: 1 },
    };
    expect(stringifyJsonExact(v)).toBe(
      '{"s":"x\\u0000\\"","n":1,"big":18446744073709551615,"list":[null,true,9007199254740993],"nested":{"ok":1}}',
    );
    const text = '{"uid":9223372036854775807,"k":{"x":[-9007199254740993]}}';
    expect(stringifyJsonExact(parseJsonExact(text))).toBe(text);
  });

  it("of repeated keys the last wins", () => {
    expect(parseJsonExact('{"a":1,"a":2}')).toEqual({ a: 2 });
  });
});
