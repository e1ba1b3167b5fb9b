// strconv.ParseFloat (decimal spellings) and FormatFloat(f, 'g', -1, 64), as
// Go documents them: ParseFloat takes underscores between digits and refuses
// a value that overflows; FormatFloat writes the shortest digits that read
// back as the same float64, in exponent form when the decimal exponent is
// below -4 or 6 and up, with at least two exponent digits.
import { describe, expect, it } from "vitest";
import { formatGoFloat, parseGoDecimalFloat } from "../../src/gocompat/float.js";

describe("parseGoDecimalFloat (strconv.ParseFloat(s, 64) on decimal spellings)", () => {
  it.each([
    ["1.5", 1.5],
    [".5", 0.5],
    ["5.", 5],
    ["+.5", 0.5],
    ["-2.5e3", -2500],
    ["1E-2", 0.01],
    ["1_000.5", 1000.5],
    ["1_23.50_0_0e+1_2", 1.235e14],
    [".5_5", 0.55],
    ["0", 0],
  ] as const)("%j reads as %d", (text, value) => {
    expect(parseGoDecimalFloat(text)).toBe(value);
  });

  it.each(["", ".", "+", "1e", "1e+", "1.2.3", "_1.5", "1_.5", "1e400", "-1e400", "abc", "1x"])("%j is refused", (text) => {
    expect(parseGoDecimalFloat(text)).toBeUndefined();
  });
});

describe("formatGoFloat (strconv.FormatFloat(f, 'g', -1, 64))", () => {
  it.each([
    [0, "0"],
    [-0, "-0"],
    [1, "1"],
    [1.5, "1.5"],
    [100000, "100000"],
    [1000000, "1e+06"],
    [123456789, "1.23456789e+08"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [-2.5e-7, "-2.5e-07"],
    [1e21, "1e+21"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [5e-324, "5e-324"],
  ])("%d is %s", (value, text) => {
    expect(formatGoFloat(value)).toBe(text);
  });
});
