import { describe, expect, it } from "vitest";
import { parseUnitOptions } from "../../src/gocompat/unitfile.js";

const opt = (section: string, name: string, value: string) => ({ section, name, value });
const x = (n: number) => "x".repeat(n);
const TOO_LONG = { ok: false, error: "line too long (max 2048 bytes)" };

describe("parseUnitOptions (unit.DeserializeOptions) parses", () => {
  it.each([
    ["", []],
    ["[Install]", []],
    ["[Install]\n", []],
    ["[Unit]\n[Install]\n", []],
    [
      "[Unit]\nDescription=Foo\n\n[Service]\nExecStart=/bin/true\n",
      [opt("Unit", "Description", "Foo"), opt("Service", "ExecStart", "/bin/true")],
    ],
    ["[S]\nA=b=c", [opt("S", "A", "b=c")]],
    ["[S]\n=v\n", [opt("S", "", "v")]],
    ["[S]\nA=\n", [opt("S", "A", "")]],
    ["[S]\n Foo Bar = baz qux \n", [opt("S", "Foo Bar", "baz qux")]],
    ["[S]\n  \t A=1\u00a0\n", [opt("S", "A", "1")]],
    ["[S]\nA=\u0085x\u0085\n", [opt("S", "A", "x")]],
    ["[S]\nA=\ufeffx\n", [opt("S", "A", "\ufeffx")]],
    // text before the first section is skipped
    ["x=y\n[S]\nA = 1 \r\nB=2\r\n", [opt("S", "A", "1"), opt("S", "B", "2")]],
    ["[S]\n[T]\nA=1", [opt("T", "A", "1")]],
    ["[S]\nA=1\n[S]\nA=2\n", [opt("S", "A", "1"), opt("S", "A", "2")]],
    // a section name runs to the first ']', even across lines
    ["[a\nb]\nX=1", [opt("a\nb", "X", "1")]],
    ["[]\nX=1", [opt("", "X", "1")]],
    // comments, with backslash continuation (one trailing space allowed)
    ["#c\n[Unit]\n;x\\\ny\nA=1", [opt("Unit", "A", "1")]],
    ["[S]\n# c \\ \nA=1", []],
    ["[S]\n# c \\  \nA=1", [opt("S", "A", "1")]],
    // value continuation keeps the backslash and joins lines with '\n'
    ["[Unit]\nA=b \\\n c\n", [opt("Unit", "A", "b \\\n c")]],
    ["[S]\nA=b\\\n\nB=c", [opt("S", "A", "b\\\n"), opt("S", "B", "c")]],
    ["[S]\nA=b\\", [opt("S", "A", "b\\")]],
    ["[S]\nA=b\\\n", [opt("S", "A", "b\\\n")]],
    ["[S]\nA=b\\ \nC=d", [opt("S", "A", "b\\"), opt("S", "C", "d")]],
  ])("%j", (contents, options) => {
    expect(parseUnitOptions(contents)).toEqual({ ok: true, options });
  });

  it("decodes invalid UTF-8 as Go strings print it", () => {
    const bytes = Uint8Array.of(...new TextEncoder().encode("[S]\nn"), 0xff, ...new TextEncoder().encode("m=v\n"));
    expect(parseUnitOptions(bytes)).toEqual({ ok: true, options: [opt("S", "n\ufffdm", "v")] });
  });
});

describe("parseUnitOptions errors", () => {
  it.each([
    ["[Unit", "unable to find end of section"],
    ["[S]\nA=1\n[T", "unable to find end of section"],
    ["[Unit] x\n", 'found garbage after section name : "x"'],
    ["[a]b]\n", 'found garbage after section name : "b]"'],
    ['[S]"x"\n', 'found garbage after section name : "\\"x\\""'],
    ["[S] \x01\n", 'found garbage after section name : "\\x01"'],
    ["[S]\u00e9\n", 'found garbage after section name : "\u00e9"'],
    ["[Unit]\nA\nB=c", "unexpected newline encountered while parsing option name"],
    ["[S]\nA\r=1", "unexpected newline encountered while parsing option name"],
    // "\r\n" leaves the '\r' on the line, so "b\\\r" is no continuation and "c" is a bad name
    ["[S]\nA=b\\\r\nc\r\n", "unexpected newline encountered while parsing option name"],
    ["[Unit]\nA", "EOF"],
    ["[S]\nA=1\nB", "EOF"],
  ])("%j -> %j", (contents, error) => {
    expect(parseUnitOptions(contents)).toEqual({ ok: false, error });
  });

  it("reports invalid UTF-8 garbage with \\x escapes", () => {
    const bytes = Uint8Array.of(0x5b, 0x53, 0x5d, 0x20, 0xfe, 0x0a);
    expect(parseUnitOptions(bytes)).toEqual({
      ok: false,
      error: 'found garbage after section name : "\\xfe"',
    });
  });
});

describe("parseUnitOptions line-length guard", () => {
  it("accepts a 2047-byte line and rejects a 2048-byte one", () => {
    expect(parseUnitOptions("[S]\nA=" + x(2045))).toEqual({ ok: true, options: [opt("S", "A", x(2045))] });
    expect(parseUnitOptions("[S]\nA=" + x(2045) + "\n")).toEqual({
      ok: true,
      options: [opt("S", "A", x(2045))],
    });
    expect(parseUnitOptions("[S]\nA=" + x(2046))).toEqual(TOO_LONG);
    expect(parseUnitOptions("[S]\nA=" + x(2046) + "\n")).toEqual(TOO_LONG);
  });

  it("applies to comments and section names too", () => {
    expect(parseUnitOptions("#" + "c".repeat(3000) + "\n[S]\nA=1")).toEqual(TOO_LONG);
    expect(parseUnitOptions("[" + "s".repeat(2100) + "]\nA=1")).toEqual(TOO_LONG);
  });

  it("counts '\\r' as a line end when looking ahead", () => {
    expect(parseUnitOptions("[S]\nA=" + x(2099) + "\r")).toEqual(TOO_LONG);
    expect(parseUnitOptions("[S]\nA=" + x(100) + "\r" + x(3000))).toEqual({
      ok: true,
      options: [opt("S", "A", x(100) + "\r" + x(3000))],
    });
  });

  it("does not look between continuation lines shorter than the limit", () => {
    expect(parseUnitOptions("[S]\nA=" + x(1500) + "\\\n" + x(1500) + "\n")).toEqual({
      ok: true,
      options: [opt("S", "A", x(1500) + "\\\n" + x(1500))],
    });
  });

  // Whether a long line is caught depends on how much of the 4096-byte
  // buffer is left when the lexer reaches it: with 511 short options first
  // the option name starts with exactly 2048 bytes buffered and is checked;
  // with 512 only 2044 remain, no check happens, and the value is then read
  // across refills.
  const short = (n: number) => "[S]\n" + "B=1\n".repeat(n);
  const shorts = (n: number) => Array.from({ length: n }, () => opt("S", "B", "1"));

  it("catches a long line that starts with 2048 bytes buffered", () => {
    expect(parseUnitOptions(short(511) + "A=" + x(3000))).toEqual(TOO_LONG);
  });

  it("misses a long line that starts near the end of the buffer", () => {
    expect(parseUnitOptions(short(512) + "A=" + x(3000))).toEqual({
      ok: true,
      options: [...shorts(512), opt("S", "A", x(3000))],
    });
    expect(parseUnitOptions(short(512) + "A=" + x(3000) + "\nC=" + x(3000) + "\n")).toEqual({
      ok: true,
      options: [...shorts(512), opt("S", "A", x(3000)), opt("S", "C", x(3000))],
    });
  });

  it("checks again after the buffer is refilled", () => {
    expect(parseUnitOptions(short(1100) + "A=" + x(2100))).toEqual(TOO_LONG);
    expect(parseUnitOptions(short(1100) + "A=" + x(100))).toEqual({
      ok: true,
      options: [...shorts(1100), opt("S", "A", x(100))],
    });
  });
});
