import { describe, expect, it } from "vitest";
import { encodeYamlV3 } from "../../../src/gocompat/yaml-v3/encode.js";

/** Encodes `{ k: value }` and returns everything after "k:". */
function encodedValue(value: unknown): string {
  const out = encodeYamlV3({ k: value });
  expect(out.startsWith("k:")).toBe(true);
  return out.slice(2);
}

describe("encodeYamlV3 scalars: plain vs quoted strings", () => {
  it.each([
    // Plain: resolves to !!str and has no indicators.
    ["hello", " hello\n"],
    ["3.4.0", " 3.4.0\n"],
    ["data:,a%3D1%0A", " data:,a%3D1%0A\n"],
    ["machineconfiguration.openshift.io/v1", " machineconfiguration.openshift.io/v1\n"],
    ["a:b", " a:b\n"],
    ["a#b", " a#b\n"],
    ["-x", " -x\n"],
    [":x", " :x\n"],
    ["a]", " a]\n"],
    ["a,b", " a,b\n"],
    ["it's", " it's\n"],
    ["<<", " <<\n"],
    ["é", " é\n"],
    ["\u00a0x", " \u00a0x\n"],
    ["1e400", " 1e400\n"], // overflows ParseFloat, so it stays a string
    ["0x", " 0x\n"],
    ["2001-02-30", " 2001-02-30\n"], // not a valid date, not a number
    ["2001-12-14T21:59:43", " 2001-12-14T21:59:43\n"], // no zone: no layout matches
    ["2001-12-14 21:59:43.10 -5", " 2001-12-14 21:59:43.10 -5\n"],
    ["nope", " nope\n"],
    ["Yesterday", " Yesterday\n"],
  ])("%j stays plain", (s, want) => {
    expect(encodedValue(s)).toBe(want);
  });

  it.each([
    // Resolve to something other than !!str (YAML 1.2 core / yaml.v3 resolver).
    ["", ' ""\n'],
    ["true", ' "true"\n'],
    ["True", ' "True"\n'],
    ["FALSE", ' "FALSE"\n'],
    ["null", ' "null"\n'],
    ["Null", ' "Null"\n'],
    ["~", ' "~"\n'],
    ["0644", ' "0644"\n'],
    ["42", ' "42"\n'],
    ["-1", ' "-1"\n'],
    ["+1", ' "+1"\n'],
    ["0x1F", ' "0x1F"\n'],
    ["0o17", ' "0o17"\n'],
    ["0b101", ' "0b101"\n'],
    ["1_000", ' "1_000"\n'],
    ["08", ' "08"\n'], // not octal, but a float
    ["1e3", ' "1e3"\n'],
    ["1.5", ' "1.5"\n'],
    [".5", ' ".5"\n'],
    ["-.5", ' "-.5"\n'],
    [".inf", ' ".inf"\n'],
    ["-.Inf", ' "-.Inf"\n'],
    [".nan", ' ".nan"\n'],
    ["18446744073709551615", ' "18446744073709551615"\n'], // uint64 max
    ["99999999999999999999999", ' "99999999999999999999999"\n'], // float
    // YAML 1.1 booleans are quoted for compatibility.
    ["yes", ' "yes"\n'],
    ["Yes", ' "Yes"\n'],
    ["on", ' "on"\n'],
    ["OFF", ' "OFF"\n'],
    ["y", ' "y"\n'],
    ["N", ' "N"\n'],
    // YAML 1.1 base-60 floats are quoted too.
    ["1:20", ' "1:20"\n'],
    ["-12:30:45.5", ' "-12:30:45.5"\n'],
    // Timestamps.
    ["2001-12-14", ' "2001-12-14"\n'],
    ["2001-1-2", ' "2001-1-2"\n'],
    ["2001-12-14T21:59:43.10Z", ' "2001-12-14T21:59:43.10Z"\n'],
    ["2001-12-14t21:59:43.10-05:00", ' "2001-12-14t21:59:43.10-05:00"\n'],
    ["2001-12-14 21:59:43.10", ' "2001-12-14 21:59:43.10"\n'],
    ["2000-02-29", ' "2000-02-29"\n'],
  ])("%j is double-quoted because it would not read back as a string", (s, want) => {
    expect(encodedValue(s)).toBe(want);
  });

  it.each([
    // Plain requested, but the emitter refuses plain: single quotes.
    ["a: b", " 'a: b'\n"],
    ["a:", " 'a:'\n"],
    ["a #b", " 'a #b'\n"],
    ["#x", " '#x'\n"],
    ["- x", " '- x'\n"],
    ["-", " '-'\n"],
    ["? x", " '? x'\n"],
    ["[a]", " '[a]'\n"],
    ["{a}", " '{a}'\n"],
    ["*a", " '*a'\n"],
    ["&a", " '&a'\n"],
    ["!a", " '!a'\n"],
    ["|a", " '|a'\n"],
    [">a", " '>a'\n"],
    ["%a", " '%a'\n"],
    ["@a", " '@a'\n"],
    ["`a", " '`a'\n"],
    ['"a', " '\"a'\n"],
    ["'a", " '''a'\n"],
    ["it's: here", " 'it''s: here'\n"],
    [" lead", " ' lead'\n"],
    ["trail ", " 'trail '\n"],
    ["---", " '---'\n"],
    ["...", " '...'\n"],
    ["--- x", " '--- x'\n"],
  ])("%j is single-quoted", (s, want) => {
    expect(encodedValue(s)).toBe(want);
  });

  it.each([
    // Neither plain nor single quotes allowed: double quotes with escapes.
    ["tab\there", ' "tab\\there"\n'],
    ["a\rb", ' "a\\rb"\n'],
    ["a\r\nb", ' "a\\r\\nb"\n'],
    ["bell\u0007", ' "bell\\a"\n'],
    ["nul\u0000", ' "nul\\0"\n'],
    ["esc\u001b", ' "esc\\e"\n'],
    ["del\u007f", ' "del\\x7F"\n'],
    ["c1\u0080", ' "c1\\x80"\n'],
    ["nel\u0085", ' "nel\\N"\n'],
    ["emoji 😀", ' "emoji \\U0001F600"\n'],
    ["x\ufffe", ' "x\\uFFFE"\n'],
    ['tab\t"q"\\', ' "tab\\t\\"q\\"\\\\"\n'],
    // A leading BOM makes yaml.v3 escape every character.
    ["\ufeffab", ' "\\uFEFF\\x61\\x62"\n'],
    // Lone surrogates are replaced as Go's JSON decoding would.
    ["a\ud800", " a\ufffd\n"],
  ])("%j is double-quoted with yaml.v3 escapes", (s, want) => {
    expect(encodedValue(s)).toBe(want);
  });

  it("never folds long lines (unlimited best width)", () => {
    const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
    expect(encodedValue(long)).toBe(` ${long}\n`);
    expect(encodedValue(`${long}: x`)).toBe(` '${long}: x'\n`);
    expect(encodedValue(`${long}\t`)).toBe(` "${long}\\t"\n`);
  });
});

describe("encodeYamlV3 literal blocks", () => {
  it.each([
    ["a\nb\n", " |\n  a\n  b\n"],
    ["a\nb", " |-\n  a\n  b\n"],
    ["a\nb\n\n", " |+\n  a\n  b\n\n"],
    ["a\n\nb\n", " |\n  a\n\n  b\n"],
    [" a\nb\n", " |2\n   a\n  b\n"],
    [" a\nb", " |2-\n   a\n  b\n"],
    // yaml.v3 writes no break after the header, so a leading empty line is
    // swallowed by the header's own line end (go-yaml/yaml#888).
    ["\na\n", " |2\n  a\n"],
    ["a\n b", " |-\n  a\n   b\n"],
    ["tab\there\n", " |\n  tab\there\n"],
    ["[Unit]\nAfter=x: y # z\n", " |\n  [Unit]\n  After=x: y # z\n"],
  ])("%j", (s, want) => {
    expect(encodedValue(s)).toBe(want);
  });

  it.each([
    // Literal requested but not allowed: double quotes.
    ["a \nb", ' "a \\nb"\n'],
    ["a\nb ", ' "a\\nb "\n'],
    ["a\nb\u0001", ' "a\\nb\\x01"\n'],
  ])("%j falls back to double quotes", (s, want) => {
    expect(encodedValue(s)).toBe(want);
  });

  it("indents blocks relative to their key inside sequences", () => {
    expect(encodeYamlV3({ x: [{ w: "a\nb\n", z: 1 }] })).toBe("x:\n  - w: |\n      a\n      b\n    z: 1\n");
    expect(encodeYamlV3(["a\nb\n", "c"])).toBe("- |\n  a\n  b\n- c\n");
  });

  it("ends the document right after a block that ends in a newline", () => {
    expect(encodeYamlV3({ a: "x\n" })).toBe("a: |\n  x\n");
    expect(encodeYamlV3({ a: "x\n", b: "w" })).toBe("a: |\n  x\nb: w\n");
  });

  it("encodes a bare string at the root", () => {
    expect(encodeYamlV3("hello")).toBe("hello\n");
    expect(encodeYamlV3("a\nb\n")).toBe("|\n  a\n  b\n");
    expect(encodeYamlV3("0644")).toBe('"0644"\n');
  });
});

describe("encodeYamlV3 numbers, booleans and null", () => {
  it.each([
    [420, "420"],
    [0, "0"],
    [-0, "-0"],
    [-3, "-3"],
    [1.5, "1.5"],
    [0.1, "0.1"],
    [100000.5, "100000.5"],
    [123456, "123456"],
    [999999, "999999"],
    [1e6, "1e+06"],
    [1234567, "1.234567e+06"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [1.5e-7, "1.5e-07"],
    [1e21, "1e+21"],
    [2 ** 53, "9.007199254740992e+15"],
    [-2.5e100, "-2.5e+100"],
  ])("%d -> %s (FormatFloat 'g', -1)", (n, want) => {
    expect(encodedValue(n)).toBe(` ${want}\n`);
  });

  it("writes booleans and null plainly", () => {
    expect(encodeYamlV3({ a: true, b: false, c: null })).toBe("a: true\nb: false\nc: null\n");
    expect(encodeYamlV3(null)).toBe("null\n");
  });

  it("rejects values Go's JSON could not have produced", () => {
    expect(() => encodeYamlV3({ a: Number.NaN })).toThrow(TypeError);
    expect(() => encodeYamlV3({ a: Infinity })).toThrow(TypeError);
    expect(() => encodeYamlV3({ a: 1n })).toThrow(TypeError);
  });

  it("omits undefined properties and turns undefined array items into null", () => {
    expect(encodeYamlV3({ a: undefined, b: [undefined] })).toBe("b:\n  - null\n");
  });
});

describe("encodeYamlV3 collections", () => {
  it("writes empty collections in flow style", () => {
    expect(encodeYamlV3({ a: {}, b: [] })).toBe("a: {}\nb: []\n");
    expect(encodeYamlV3({})).toBe("{}\n");
    expect(encodeYamlV3([])).toBe("[]\n");
    expect(encodeYamlV3([[], {}])).toBe("- []\n- {}\n");
  });

  it("indents sequences under their key", () => {
    expect(encodeYamlV3({ a: ["x", "w"], b: { c: ["z"] } })).toBe("a:\n  - x\n  - w\nb:\n  c:\n    - z\n");
    // "y" and "n" are YAML 1.1 booleans, so yaml.v3 quotes them even as keys.
    expect(encodeYamlV3({ y: "n" })).toBe('"y": "n"\n');
  });

  it("writes the first key of a mapping in a sequence on the dash line", () => {
    expect(encodeYamlV3({ files: [{ path: "/a", mode: 420, contents: { source: "data:,x", compression: "" } }] })).toBe(
      'files:\n  - contents:\n      compression: ""\n      source: data:,x\n    mode: 420\n    path: /a\n',
    );
  });

  it("nests sequences compactly", () => {
    expect(encodeYamlV3([["a", "b"], "c", [["d"]]])).toBe("- - a\n  - b\n- c\n- - - d\n");
    expect(encodeYamlV3({ m: [{ a: [{ b: 1 }] }] })).toBe("m:\n  - a:\n      - b: 1\n");
  });

  it("sorts keys like yaml.v3 (digit runs compared as numbers, letters after other characters)", () => {
    // "_x" < "1a": '_' and '1' are not letters, so the digit runs starting
    // there are compared as numbers (none = 0 < 1). "1a" < "10": after an
    // equal digit, a letter sorts before a non-letter.
    const keys = ["b", "a10", "a9", "B", "_x", "a2b", "a", "a1", "a01", "1a", "10"];
    const v = Object.fromEntries(keys.map((k) => [k, 0]));
    expect(encodeYamlV3(v)).toBe(
      ["_x: 0", "1a: 0", '"10": 0', "B: 0", "a: 0", "a1: 0", "a01: 0", "a2b: 0", "a9: 0", "a10: 0", "b: 0", ""].join("\n"),
    );
  });

  it("quotes keys by the same rules as values", () => {
    expect(encodeYamlV3({ "0644": 1, "": 2, "a: b": 3, yes: 4, "tab\t": 5 })).toBe(
      '"": 2\n"0644": 1\n\'a: b\': 3\n"tab\\t": 5\n"yes": 4\n',
    );
  });

  it("uses complex keys for multi-line and over-long keys", () => {
    expect(encodeYamlV3({ "a\nb": "v" })).toBe("? |-\n  a\n  b\n: v\n");
    const long = "k".repeat(129);
    expect(encodeYamlV3({ [long]: "v" })).toBe(`? ${long}\n: v\n`);
    const limit = "k".repeat(128);
    expect(encodeYamlV3({ [limit]: "v" })).toBe(`${limit}: v\n`);
    expect(encodeYamlV3({ "x\n": { q: 1 } })).toBe("? |\n  x\n: q: 1\n");
  });

  it("handles a __proto__ key as data", () => {
    const v = JSON.parse('{"__proto__": 1, "a": 2}') as unknown;
    expect(encodeYamlV3(v)).toBe("__proto__: 1\na: 2\n");
  });
});
