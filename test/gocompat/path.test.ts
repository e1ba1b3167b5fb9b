import { describe, expect, it } from "vitest";
import { goPathBase, goPathClean, goPathDir, goPathExt, goPathIsAbs, goPathJoin, goPathSplit } from "../../src/gocompat/path.js";

describe("goPathClean (path.Clean)", () => {
  it.each([
    ["", "."],
    [".", "."],
    ["./", "."],
    ["..", ".."],
    ["../", ".."],
    ["/", "/"],
    ["//", "/"],
    ["///", "/"],
    ["a/", "a"],
    ["a//b", "a/b"],
    ["a/./b", "a/b"],
    ["a/b/..", "a"],
    ["a/b/../..", "."],
    ["a/b/../../..", ".."],
    ["a/../../b", "../b"],
    ["../../a/..", "../.."],
    ["/../x", "/x"],
    ["/..", "/"],
    ["/../../a/../b", "/b"],
    ["/etc/./systemd//system/", "/etc/systemd/system"],
    ["/a/b/c/../../d", "/a/d"],
    ["abc/..", "."],
    ["..a/b", "..a/b"],
    ["a/...", "a/..."],
    [".hidden/", ".hidden"],
  ])("%j -> %j", (input, want) => {
    expect(goPathClean(input)).toBe(want);
  });
});

describe("goPathIsAbs", () => {
  it.each([
    ["/", true],
    ["/etc", true],
    ["", false],
    ["etc/", false],
    ["./x", false],
  ])("%j -> %s", (p, want) => {
    expect(goPathIsAbs(p)).toBe(want);
  });
});

describe("goPathJoin", () => {
  it.each([
    [[], ""],
    [[""], ""],
    [["", ""], ""],
    [["a"], "a"],
    [["a", "b"], "a/b"],
    [["a", "", "b"], "a/b"],
    [["", "b"], "b"],
    [["/", "etc"], "/etc"],
    [["a/", "/b/"], "a/b"],
    [["/a", "../../x"], "/x"],
    [["..", "a"], "../a"],
    [["", "/x"], "/x"],
  ])("%j -> %j", (elems, want) => {
    expect(goPathJoin(...elems)).toBe(want);
  });
});

describe("goPathSplit", () => {
  it.each([
    ["/etc/hosts", "/etc/", "hosts"],
    ["hosts", "", "hosts"],
    ["/etc/", "/etc/", ""],
    ["", "", ""],
    ["/", "/", ""],
  ])("%j -> [%j, %j]", (p, dir, file) => {
    expect(goPathSplit(p)).toEqual([dir, file]);
  });
});

describe("goPathExt", () => {
  it.each([
    ["/a/.service", ".service"],
    ["foo.service", ".service"],
    ["a.b.c", ".c"],
    ["a.b/c", ""],
    ["/x.", "."],
    ["noext", ""],
    ["", ""],
    ["dir.d/", ""],
    ["unit@.service", ".service"],
  ])("%j -> %j", (p, want) => {
    expect(goPathExt(p)).toBe(want);
  });
});

describe("goPathBase", () => {
  it.each([
    ["", "."],
    ["/", "/"],
    ["///", "/"],
    ["a", "a"],
    ["a/", "a"],
    ["/a/b", "b"],
    ["/a/b//", "b"],
    ["a/..", ".."],
    [".", "."],
  ])("%j -> %j", (p, want) => {
    expect(goPathBase(p)).toBe(want);
  });
});

describe("goPathDir", () => {
  it.each([
    ["", "."],
    ["/", "/"],
    ["a", "."],
    ["a/", "a"],
    ["/a", "/"],
    ["/a/b", "/a"],
    ["/a/b/", "/a/b"],
    ["a/b/../c", "a"],
    ["//x//y", "/x"],
    ["../x", ".."],
  ])("%j -> %j", (p, want) => {
    expect(goPathDir(p)).toBe(want);
  });
});
