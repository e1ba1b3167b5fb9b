import { describe, expect, it } from "vitest";
import {
  goIntAdd,
  goIntAnd,
  goIntCompare,
  goIntIsZero,
  goIntSub,
  goIntToString,
  INT64_MAX,
  INT64_MIN,
  normalizeGoInt,
  parseGoInt,
  parseGoIntBase,
  parseGoIntDetailed,
  parseGoUintBase,
  underscoreOK,
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

// strconv.ParseInt/ParseUint(s, base, 64) as Go documents them: base 0 takes
// the prefix (0b, 0o, 0x, or a bare 0 for octal, any case) and allows
// underscores only between digits or after a prefix.
describe("parseGoIntBase and parseGoUintBase (strconv.ParseInt/ParseUint(s, base, 64))", () => {
  it.each([
    ["0644", 0, 420],
    ["0o644", 0, 420],
    ["0O644", 0, 420],
    ["0x1ED", 0, 493],
    ["0X1ed", 0, 493],
    ["0b101", 0, 5],
    ["-0b101", 0, -5],
    ["+0x10", 0, 16],
    ["1_000", 0, 1000],
    ["0x_1F", 0, 31],
    ["0", 0, 0],
    ["101", 2, 5],
    ["-101", 2, -5],
    ["777", 8, 511],
    ["ff", 16, 255],
    ["9223372036854775807", 10, INT64_MAX],
    ["-9223372036854775808", 10, INT64_MIN],
  ] as const)("ParseInt(%j, %i) = %s", (text, base, value) => {
    expect(parseGoIntBase(text, base)).toEqual(normalizeGoInt(value));
  });

  it.each([
    ["", 0],
    ["+", 0],
    ["0x", 0],
    ["08", 0],
    ["0b2", 0],
    ["1__0", 0],
    ["_1", 0],
    ["1_", 0],
    ["0_x1", 0],
    ["1_0", 10], // underscores only with base 0
    ["2", 2],
    ["8", 8],
    ["0x10", 16],
    ["9223372036854775808", 10],
    ["-9223372036854775809", 10],
  ] as const)("ParseInt(%j, %i) fails", (text, base) => {
    expect(parseGoIntBase(text, base)).toBeUndefined();
  });

  it("ParseUint reads up to 2^64-1 and no sign", () => {
    expect(parseGoUintBase("18446744073709551615", 0)).toBe((1n << 64n) - 1n);
    expect(parseGoUintBase("0xffffffffffffffff", 0)).toBe((1n << 64n) - 1n);
    expect(parseGoUintBase("9223372036854775808", 10)).toBe(1n << 63n);
    expect(parseGoUintBase("18446744073709551616", 0)).toBeUndefined();
    expect(parseGoUintBase("+1", 0)).toBeUndefined();
    expect(parseGoUintBase("-1", 0)).toBeUndefined();
    expect(parseGoUintBase("12", 10)).toBe(12);
  });

  it.each([
    ["1_000", true],
    ["0x_1F", true],
    ["0_1", true],
    ["-1_2", true],
    ["1.5_0e1_0", true],
    ["_1", false],
    ["1_", false],
    ["1__0", false],
    ["1_.5", false],
    ["1._5", false],
  ] as const)("underscoreOK(%j) is %s", (text, ok) => {
    expect(underscoreOK(text)).toBe(ok);
  });
});
