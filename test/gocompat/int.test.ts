import { describe, expect, it } from "vitest";
import {
  INT64_MAX,
  INT64_MIN,
  goIntAdd,
  goIntAnd,
  goIntCompare,
  goIntIsZero,
  goIntSub,
  goIntToString,
  normalizeGoInt,
  parseGoInt,
  parseGoIntDetailed,
} from "../../src/gocompat/int.js";

describe("parseGoInt (strconv.ParseInt(s, 10, 64))", () => {
  it.each([
    ["0", 0],
    ["7", 7],
    ["+5", 5],
    ["-12", -12],
    ["007", 7],
    ["-007", -7],
    ["420", 420],
    ["9007199254740991", 9007199254740991],
    ["-9007199254740991", -9007199254740991],
  ])("%j is the number %d", (s, want) => {
    const v = parseGoInt(s);
    expect(typeof v).toBe("number");
    expect(v).toBe(want);
  });

  it("gives +0 for -0", () => {
    expect(Object.is(parseGoInt("-0"), 0)).toBe(true);
    expect(Object.is(parseGoInt("+0"), 0)).toBe(true);
  });

  it.each([
    ["9007199254740992", 9007199254740992n],
    ["-9007199254740992", -9007199254740992n],
    ["9223372036854775807", 9223372036854775807n],
    ["-9223372036854775808", -9223372036854775808n],
    ["00000000000000000000000009223372036854775807", 9223372036854775807n],
  ])("%j is the bigint %s (outside the safe range)", (s, want) => {
    expect(parseGoInt(s)).toBe(want);
  });

  it.each([
    "",
    "+",
    "-",
    "+-1",
    "--1",
    "1.0",
    "1.",
    "1e3",
    " 1",
    "1 ",
    "0x10",
    "0b1",
    "1_000",
    "abc",
    "١٢",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
  ])("rejects %j", (s) => {
    expect(parseGoInt(s)).toBeUndefined();
  });
});

describe("parseGoIntDetailed error text", () => {
  it.each([
    ["", 'strconv.ParseInt: parsing "": invalid syntax'],
    ["-", 'strconv.ParseInt: parsing "-": invalid syntax'],
    ["1.5", 'strconv.ParseInt: parsing "1.5": invalid syntax'],
    ["1_000", 'strconv.ParseInt: parsing "1_000": invalid syntax'],
    ['a"b', 'strconv.ParseInt: parsing "a\\"b": invalid syntax'],
    ["9223372036854775808", 'strconv.ParseInt: parsing "9223372036854775808": value out of range'],
    ["-9223372036854775809", 'strconv.ParseInt: parsing "-9223372036854775809": value out of range'],
    // uint64 overflow is detected at the 20th digit, before the bad byte.
    ["99999999999999999999x", 'strconv.ParseInt: parsing "99999999999999999999x": value out of range'],
    // within uint64 range the bad byte is reached first.
    ["9223372036854775808x", 'strconv.ParseInt: parsing "9223372036854775808x": invalid syntax'],
  ])("%j", (s, err) => {
    expect(parseGoIntDetailed(s)).toEqual({ ok: false, error: err });
  });

  it("reports the value when it succeeds", () => {
    expect(parseGoIntDetailed("-42")).toEqual({ ok: true, value: -42 });
  });
});

describe("normalizeGoInt", () => {
  it("keeps safe integers as numbers and the rest as bigints", () => {
    expect(normalizeGoInt(5n)).toBe(5);
    expect(normalizeGoInt(-9007199254740991n)).toBe(-9007199254740991);
    expect(normalizeGoInt(9007199254740992n)).toBe(9007199254740992n);
    expect(normalizeGoInt(2 ** 60)).toBe(1152921504606846976n);
    expect(Object.is(normalizeGoInt(-0), 0)).toBe(true);
  });
});

describe("goIntCompare / goIntIsZero", () => {
  it.each([
    [1, 2, -1],
    [2, 1, 1],
    [3, 3, 0],
    [9007199254740992n, 9007199254740991, 1],
    [-9007199254740992n, -9007199254740991, -1],
    [INT64_MIN, INT64_MAX, -1],
    [5, 5n, 0],
  ] as const)("compare(%s, %s) = %d", (a, b, want) => {
    expect(goIntCompare(a, b)).toBe(want);
  });

  it("recognises zero in both forms", () => {
    expect(goIntIsZero(0)).toBe(true);
    expect(goIntIsZero(0n)).toBe(true);
    expect(goIntIsZero(-0)).toBe(true);
    expect(goIntIsZero(1)).toBe(false);
    expect(goIntIsZero(9007199254740992n)).toBe(false);
  });
});

describe("goIntAnd (int64 two's complement)", () => {
  it.each([
    [0o100644, 0o7777, 0o644],
    [-1, 0o777, 0o777],
    [-2, 0o777, 0o776],
    [0o4755, 0o7000, 0o4000],
    [-4096, 0o7777, 0],
    [-1, -1, -1],
  ])("%d & %d = %d", (a, b, want) => {
    expect(goIntAnd(a, b)).toBe(want);
  });

  it("handles values beyond the safe range", () => {
    expect(goIntAnd(-2, 9007199254740993n)).toBe(9007199254740992n);
    expect(goIntAnd(INT64_MIN, -1)).toBe(INT64_MIN);
    expect(goIntAnd(INT64_MAX, 0xff)).toBe(255);
    expect(goIntAnd(INT64_MIN, INT64_MAX)).toBe(0);
  });
});

describe("goIntAdd / goIntSub wrap like int64", () => {
  it("adds and subtracts ordinary values", () => {
    expect(goIntAdd(2, 3)).toBe(5);
    expect(goIntSub(2, 3)).toBe(-1);
  });

  it("crosses the safe-integer boundary in both directions", () => {
    expect(goIntAdd(9007199254740991, 1)).toBe(9007199254740992n);
    expect(goIntSub(9007199254740992n, 1)).toBe(9007199254740991);
  });

  it("wraps around at the int64 limits", () => {
    expect(goIntAdd(INT64_MAX, 1)).toBe(INT64_MIN);
    expect(goIntSub(INT64_MIN, 1)).toBe(INT64_MAX);
    expect(goIntAdd(INT64_MAX, INT64_MAX)).toBe(-2);
    expect(goIntSub(0, INT64_MIN)).toBe(INT64_MIN);
  });
});

describe("goIntToString", () => {
  it("formats like strconv.FormatInt", () => {
    expect(goIntToString(0)).toBe("0");
    expect(goIntToString(-0)).toBe("0");
    expect(goIntToString(-17)).toBe("-17");
    expect(goIntToString(INT64_MIN)).toBe("-9223372036854775808");
    expect(goIntToString(9007199254740992n)).toBe("9007199254740992");
  });
});
