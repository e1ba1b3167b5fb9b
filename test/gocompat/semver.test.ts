import { describe, expect, it } from "vitest";
import { parseSemver, parseSemverDetailed, semverEquals } from "../../src/gocompat/semver.js";

const v = (major: number | bigint, minor: number | bigint, patch: number | bigint, preRelease = "", metadata = "") => ({
  major,
  minor,
  patch,
  preRelease,
  metadata,
});

describe("parseSemver (go-semver NewVersion) accepts", () => {
  it.each([
    ["3.4.0", v(3, 4, 0)],
    ["3.5.0-experimental", v(3, 5, 0, "experimental")],
    ["1.2.3-rc.1+build.5", v(1, 2, 3, "rc.1", "build.5")],
    ["1.0.0+a-b", v(1, 0, 0, "", "a-b")],
    ["1.0.0-x-y-z", v(1, 0, 0, "x-y-z")],
    ["01.02.03", v(1, 2, 3)],
    ["0.0.0", v(0, 0, 0)],
    ["1.2.3-", v(1, 2, 3)],
    ["1.2.3+", v(1, 2, 3)],
    ["1.2.3-0A.is.legal", v(1, 2, 3, "0A.is.legal")],
    ["9223372036854775807.0.1", v(9223372036854775807n, 0, 1)],
  ])("%j", (input, want) => {
    expect(parseSemver(input)).toEqual(want);
  });
});

describe("parseSemverDetailed errors, in go-semver's order", () => {
  it.each([
    ["1.2", "1.2 is not in dotted-tri format"],
    ["", " is not in dotted-tri format"],
    ["3", "3 is not in dotted-tri format"],
    ["+1.2.3", " is not in dotted-tri format"],
    ["1.-2.3", "1. is not in dotted-tri format"],
    ["1.2-a..b", "1.2 is not in dotted-tri format"],
    ["1.2.3-a..b", "failed to validate pre-release: a..b is not a valid semver identifier"],
    ["1.2.3-a..b+c..d", "failed to validate pre-release: a..b is not a valid semver identifier"],
    ["1.2.3-\u00e9", "failed to validate pre-release: \u00e9 is not a valid semver identifier"],
    ["1.2.3-.a", "failed to validate pre-release: .a is not a valid semver identifier"],
    ["1.0.0-a+b+c", "failed to validate metadata: b+c is not a valid semver identifier"],
    ["1.0.0+a_b", "failed to validate metadata: a_b is not a valid semver identifier"],
    ["x.y.z-a..b", "failed to validate pre-release: a..b is not a valid semver identifier"],
    ["1.2.3.4", 'strconv.ParseInt: parsing "3.4": invalid syntax'],
    ["a.b.c", 'strconv.ParseInt: parsing "a": invalid syntax'],
    ["v1.2.3", 'strconv.ParseInt: parsing "v1": invalid syntax'],
    [" 1.2.3", 'strconv.ParseInt: parsing " 1": invalid syntax'],
    ["1..2", 'strconv.ParseInt: parsing "": invalid syntax'],
    ["1.2.3\n", 'strconv.ParseInt: parsing "3\\n": invalid syntax'],
    ["9223372036854775808.0.0", 'strconv.ParseInt: parsing "9223372036854775808": value out of range'],
  ])("%j -> %j", (input, error) => {
    expect(parseSemverDetailed(input)).toEqual({ ok: false, error });
    expect(parseSemver(input)).toBeUndefined();
  });
});

describe("semverEquals", () => {
  it("compares all five fields", () => {
    const a = parseSemver("3.4.0")!;
    expect(semverEquals(a, v(3, 4, 0))).toBe(true);
    expect(semverEquals(a, parseSemver("03.4.000")!)).toBe(true);
    expect(semverEquals(a, parseSemver("3.4.0-experimental")!)).toBe(false);
    expect(semverEquals(a, parseSemver("3.4.0+meta")!)).toBe(false);
    expect(semverEquals(a, parseSemver("3.4.1")!)).toBe(false);
    expect(semverEquals(a, parseSemver("3.4.0-")!)).toBe(true);
  });

  it("compares numbers and bigints by value", () => {
    expect(semverEquals(v(9007199254740993n, 0, 0), parseSemver("9007199254740993.0.0")!)).toBe(true);
    expect(semverEquals(v(9007199254740993n, 0, 0), parseSemver("9007199254740992.0.0")!)).toBe(false);
  });
});
