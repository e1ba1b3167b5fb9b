// The YAML reader against yaml.v3 v3.0.1 (Butane's YAML library). Every
// expectation below is what yaml.v3 gives for the input, worked out from its
// scanner, parser and composer: node positions are its event start marks
// (1-based), values its decoded scalars, errors its problem text and the line
// its `fail` prints (context mark when not on the first line, else the
// problem mark; scanner errors add one, parser errors do not). They were
// also checked against yaml.v3 v3.0.1 itself (Unmarshal into a yaml.Node).
import { describe, expect, test } from "vitest";
import { parseYaml, type YamlMap, type YamlNode, type YamlScalar, type YamlSeq } from "../../src/source/yaml.js";

function root(text: string): YamlNode | undefined {
  const r = parseYaml(text);
  if (!r.ok) throw new Error(`unexpected error: line ${r.error.line}: ${r.error.message}`);
  return r.root;
}
const map = (text: string) => root(text) as YamlMap;
const seq = (text: string) => root(text) as YamlSeq;
/** The value of the first pair of a mapping document. */
const first = (text: string) => map(text).pairs[0].value as YamlScalar;
const at = (n: YamlNode) => [n.line, n.column, n.offset];
function error(text: string | Uint8Array): { message: string; line?: number } {
  const r = parseYaml(text);
  if (r.ok) throw new Error("expected an error");
  return r.error;
}

describe("positions", () => {
  test("mappings, scalars and flow sequences", () => {
    const m = map("a: 1\nb: [x, y]\n");
    expect(at(m)).toEqual([1, 1, 0]);
    expect(at(m.pairs[0].key)).toEqual([1, 1, 0]);
    expect(at(m.pairs[0].value)).toEqual([1, 4, 3]);
    expect(at(m.pairs[1].key)).toEqual([2, 1, 5]);
    const s = m.pairs[1].value as YamlSeq;
    expect(s.kind).toBe("seq");
    expect(at(s)).toEqual([2, 4, 8]);
    expect(s.items.map(at)).toEqual([
      [2, 5, 9],
      [2, 8, 12],
    ]);
  });

  test("a node starts at its anchor or tag", () => {
    const v = first("a: &x !!str v\n");
    expect(v).toMatchObject({ value: "v", anchor: "x", tag: "tag:yaml.org,2002:str", line: 1, column: 4 });
    expect(first("a: !t &y v")).toMatchObject({ tag: "!t", anchor: "y", line: 1, column: 4 });
    const m = map("&m\nk: v\n");
    expect(m).toMatchObject({ anchor: "m", line: 1, column: 1 });
    expect(at(m.pairs[0].key)).toEqual([2, 1, 3]);
    const s = map("key: &a\n  - x\n").pairs[0].value as YamlSeq;
    expect(s).toMatchObject({ kind: "seq", anchor: "a", line: 1, column: 6 });
    expect(at(s.items[0])).toEqual([2, 5, 12]);
    const k = map("&k a: b\n").pairs[0].key;
    expect(k).toMatchObject({ value: "a", anchor: "k", line: 1, column: 1 });
  });

  test("block sequences start at their first `-`, also at their key's column", () => {
    const s = seq("- a\n- b\n");
    expect(at(s)).toEqual([1, 1, 0]);
    expect(s.items.map(at)).toEqual([
      [1, 3, 2],
      [2, 3, 6],
    ]);
    const m = map("k:\n- a\n- b\nz: 1\n");
    const items = m.pairs[0].value as YamlSeq;
    expect(items.kind).toBe("seq");
    expect(at(items)).toEqual([2, 1, 3]);
    expect(items.items.map((n) => (n as YamlScalar).value)).toEqual(["a", "b"]);
    expect(m.pairs[1].key).toMatchObject({ value: "z", line: 4, column: 1 });
    expect(map("k: !!seq\n- a\n").pairs[0].value).toMatchObject({ kind: "seq", tag: "tag:yaml.org,2002:seq", line: 1, column: 4 });
  });

  test("compact nested collections", () => {
    const s = seq("- - a\n  - b\n- c: d\n  e: f\n");
    const inner = s.items[0] as YamlSeq;
    expect(at(inner)).toEqual([1, 3, 2]);
    expect(inner.items.map(at)).toEqual([
      [1, 5, 4],
      [2, 5, 10],
    ]);
    const m = s.items[1] as YamlMap;
    expect(at(m)).toEqual([3, 3, 14]);
    expect(m.pairs.map((p) => [(p.key as YamlScalar).value, (p.value as YamlScalar).value])).toEqual([
      ["c", "d"],
      ["e", "f"],
    ]);
  });

  test("explicit keys; a mapping starts at its `?`", () => {
    const m = map("? a\n: b\n");
    expect(at(m)).toEqual([1, 1, 0]);
    expect(at(m.pairs[0].key)).toEqual([1, 3, 2]);
    expect(at(m.pairs[0].value)).toEqual([2, 3, 6]);
  });

  test("left-out keys and values are empty plain scalars where yaml.v3 puts them", () => {
    const empty = { kind: "scalar", value: "", style: "plain" };
    // after the `:` of a value left out
    const m = map("a:\nb: c\n");
    expect(m.pairs[0].value).toEqual({ ...empty, line: 1, column: 3, offset: 2 });
    expect(map("a: b\nc:").pairs[1].value).toEqual({ ...empty, line: 2, column: 3, offset: 7 });
    // after the `-` of an empty entry
    expect(seq("-\n- x\n").items[0]).toEqual({ ...empty, line: 1, column: 2, offset: 1 });
    // after a `?` with no key
    const q = map("?\n: v\n");
    expect(q.pairs[0].key).toEqual({ ...empty, line: 1, column: 2, offset: 1 });
    expect(at(q.pairs[0].value)).toEqual([2, 3, 4]);
    // a key with neither `:` nor value: at the next token
    expect(map("? a\n? b\n").pairs[0].value).toEqual({ ...empty, line: 2, column: 1, offset: 4 });
    // flow mappings: at the `,` or `}` that follows
    const fm = map("x: {a, b: }").pairs[0].value as YamlMap;
    expect(fm.pairs[0].value).toEqual({ ...empty, line: 1, column: 6, offset: 5 });
    expect(fm.pairs[1].value).toEqual({ ...empty, line: 1, column: 11, offset: 10 });
    // a pair in a flow sequence: at its `:`
    const fs = map("x: [a: ]").pairs[0].value as YamlSeq;
    const pair = fs.items[0] as YamlMap;
    expect(pair.kind).toBe("map");
    expect(at(pair)).toEqual([1, 5, 4]);
    expect(pair.pairs[0].value).toEqual({ ...empty, line: 1, column: 6, offset: 5 });
    // a tag or anchor with nothing after it
    expect(map("a: !!str\nb: 1\n").pairs[0].value).toEqual({ ...empty, tag: "tag:yaml.org,2002:str", line: 1, column: 4, offset: 3 });
  });

  test("flow collections over several lines, nested, with trailing commas and pairs", () => {
    const m = map("x: [a,\n  b, {c: d,\n  e: f},\n  ]\ny: [a, b: c, ]\n");
    const s = m.pairs[0].value as YamlSeq;
    expect(s.items.map(at)).toEqual([
      [1, 5, 4],
      [2, 3, 9],
      [2, 6, 12],
    ]);
    const inner = s.items[2] as YamlMap;
    expect(inner.pairs.map((p) => at(p.key))).toEqual([
      [2, 7, 13],
      [3, 3, 21],
    ]);
    const y = m.pairs[1].value as YamlSeq;
    expect(y.items).toHaveLength(2);
    expect(y.items[1]).toMatchObject({ kind: "map", line: 5, column: 8 });
    expect(((y.items[1] as YamlMap).pairs[0].value as YamlScalar).value).toBe("c");
  });

  test("block scalars start at their indicator", () => {
    const m = map("k: |\n  x\nz: >-\n  y\n");
    expect(at(m.pairs[0].value)).toEqual([1, 4, 3]);
    expect(at(m.pairs[1].key)).toEqual([3, 1, 9]);
    expect(at(m.pairs[1].value)).toEqual([3, 4, 12]);
  });

  test("columns count code points; offsets are string indexes", () => {
    const m = map("é: ü\nk: 😀x\n");
    expect(at(m.pairs[0].value)).toEqual([1, 4, 3]);
    expect(at(m.pairs[1].key)).toEqual([2, 1, 5]);
    expect(m.pairs[1].value).toMatchObject({ value: "😀x", line: 2, column: 4, offset: 8 });
    const s = root("[😀, b]") as YamlSeq;
    expect(at(s.items[1])).toEqual([1, 5, 5]);
  });

  test("a byte order mark, CRLF line breaks, tabs between tokens", () => {
    expect(at(map("\uFEFFa: 1").pairs[0].key)).toEqual([1, 1, 1]);
    const crlf = map("a: 1\r\nb: 2\r\n");
    expect(at(crlf.pairs[1].key)).toEqual([2, 1, 6]);
    expect((crlf.pairs[1].value as YamlScalar).value).toBe("2");
    expect(first("a:\tb\t# c\n")).toMatchObject({ value: "b", line: 1, column: 4 });
    // Only the input's first byte order mark is skipped: yaml.v3's test for one at a line start looks at the
    // start of its buffer, so later ones are text.
    expect(map("a: 1\n\uFEFFb: 2\n").pairs[1].key).toMatchObject({ value: "\uFEFFb", line: 2, column: 1 });
  });

  test("comments: tabs before a comment after `?` or `:`, and tab-indented comment lines after a comment", () => {
    const q = map("?\t# c\n: v\n");
    expect(q.pairs[0].key).toMatchObject({ value: "", line: 1, column: 2 });
    expect(q.pairs[0].value).toMatchObject({ value: "v", line: 2, column: 3 });
    const m = map("a: 1\n# c1\n\t# c2\nb: 2\n");
    expect(m.pairs.map((p) => (p.value as YamlScalar).value)).toEqual(["1", "2"]);
  });

  test("documents", () => {
    expect(root("")).toBeUndefined();
    expect(root("# only a comment\n")).toBeUndefined();
    expect(root("---\n")).toEqual({ kind: "scalar", value: "", style: "plain", line: 2, column: 1, offset: 4 });
    expect(at(map("---\na: 1\n...\n"))).toEqual([2, 1, 4]);
    expect(root("--- a\n")).toMatchObject({ value: "a", line: 1, column: 5 });
    // only the first document counts
    expect((map("a: 1\n---\nb: [\n").pairs[0].key as YamlScalar).value).toBe("a");
    expect(map("%YAML 1.1\n---\na: 1\n").pairs).toHaveLength(1);
  });
});

describe("scalar values", () => {
  test("plain scalars fold lines", () => {
    expect(first("a: one\n  two\n\n  three\n").value).toBe("one two\nthree");
    expect(first("a: b #c\n").value).toBe("b");
    expect(first("a: value with  spaces  \n").value).toBe("value with  spaces");
    expect(first("url: http://x:80/a?b=c#d\n").value).toBe("http://x:80/a?b=c#d");
    expect(map("<<: {a: 1}\n").pairs[0].key).toMatchObject({ value: "<<", style: "plain" });
    expect((root("x: [a b,\n  c\n  d]") as YamlMap).pairs[0].value).toMatchObject({ items: [{ value: "a b" }, { value: "c d" }] });
  });

  test("single-quoted", () => {
    expect(first("a: 'it''s'").value).toBe("it's");
    expect(first("a: 'x\n  y'").value).toBe("x y");
    expect(first("a: 'x  \n\n  y'").value).toBe("x\ny");
    expect(first("a: '  # not a comment '").value).toBe("  # not a comment ");
    expect(first("a: 'b'").style).toBe("single");
  });

  test("double-quoted escapes", () => {
    const v = first('a: "\\0\\a\\b\\t\\\t\\n\\v\\f\\r\\e\\ \\"\\\'\\\\\\N\\_\\L\\P\\x41\\u00e9\\U0001F600"');
    expect(v.value).toBe("\0\x07\b\t\t\n\v\f\r\x1b \"'\\\x85\xa0\u2028\u2029Aé😀");
    expect(v.style).toBe("double");
  });

  test("double-quoted line breaks: folded, escaped, kept when empty", () => {
    expect(first('a: "x\n  y"').value).toBe("x y");
    expect(first('a: "x\\\n  y"').value).toBe("xy");
    expect(first('a: "x \\\n  y"').value).toBe("x y");
    expect(first('a: "x\n\n  y"').value).toBe("x\ny");
    expect(first('a: "x\\n\n  y"').value).toBe("x\n y");
  });

  test("literal block scalars: clip, strip, keep", () => {
    expect(first("a: |\n  x\n  y\n").value).toBe("x\ny\n");
    expect(first("a: |-\n  x\n\n").value).toBe("x");
    expect(first("a: |+\n  x\n\n").value).toBe("x\n\n");
    expect(first("a: |+\n  x").value).toBe("x");
    expect(first("a: |\n\n  x\n").value).toBe("\nx\n");
    expect(first("a: | # comment\n  x\n").value).toBe("x\n");
    expect(first("a: |\n  x\n   y\n").value).toBe("x\n y\n");
    expect(first("a: |\n  x\n").style).toBe("literal");
  });

  test("explicit indentation indicators", () => {
    expect(first("a: |2\n    x\n  y\n").value).toBe("  x\ny\n");
    expect(first("a: |-2\n    x\n").value).toBe("  x");
    expect(first("a: >2-\n   x\n  y\n").value).toBe(" x\ny");
    expect((seq("- |1\n  x\n").items[0] as YamlScalar).value).toBe(" x\n");
  });

  test("folded block scalars", () => {
    const v = first("a: >\n  one\n  two\n\n  three\n   more\n  last\n");
    expect(v.value).toBe("one two\nthree\n more\nlast\n");
    expect(v.style).toBe("folded");
    expect(first("a: >-\n  a\n  b\n\n  c\n").value).toBe("a b\nc");
  });

  test("other line breaks: CR LF and NEL become LF, LS and PS stay", () => {
    expect(first("a: |\r\n  x\r\n  y\r\n").value).toBe("x\ny\n");
    expect(first("a: >\r\n  x\r\n  y\r\n").value).toBe("x y\n");
    expect(first("a: |\n  x\x85  y\n").value).toBe("x\ny\n");
    expect(first("a: |\n  x\u2028  y\n").value).toBe("x\u2028y\n");
    const m = map("a: 1\x85b: 2\u2029c: 3\r\n");
    expect(m.pairs.map((p) => at(p.key))).toEqual([
      [1, 1, 0],
      [2, 1, 5],
      [3, 1, 10],
    ]);
  });

  test("the same tree whether or not the input has characters that need the careful path", () => {
    // An astral character anywhere makes the scanner walk lines character by character.
    const docs = [
      "a: |\n  x\n   y\n\n  z\nb: >-\n  p\n  q\n# c1\n\t# c2\nc: [1, 2]\n",
      "- |+\n  keep\n\n- >\n  folded\n  text\n  # not a comment\n",
    ];
    const strip = (t: string) => JSON.stringify(parseYaml(t), (k, v) => (k === "target" ? undefined : v));
    for (const d of docs) {
      expect(strip(d + "# 😀\n")).toBe(strip(d));
      const crlf = d.replace(/\n/g, "\r\n");
      expect(strip(crlf + "# 😀\r\n")).toBe(strip(crlf));
    }
  });

  test("block scalars in sequences and at the top", () => {
    expect(seq("- |\n  x\n- y\n").items.map((n) => (n as YamlScalar).value)).toEqual(["x\n", "y"]);
    expect((root("|\n x\n") as YamlScalar).value).toBe("x\n");
  });

  test("tags", () => {
    expect(first('a: !!int "0600"')).toMatchObject({ value: "0600", style: "double", tag: "tag:yaml.org,2002:int" });
    expect(first("a: !local x").tag).toBe("!local");
    expect(first("a: !<tag:yaml.org,2002:str> y").tag).toBe("tag:yaml.org,2002:str");
    expect(first("a: ! z").tag).toBeUndefined();
    expect(first("a: !e%21x v").tag).toBe("!e!x");
    expect(first("%TAG !e! tag:example.com,2000:\n---\na: !e!foo v\n").tag).toBe("tag:example.com,2000:foo");
    expect(map("!!map\na: 1\n").tag).toBe("tag:yaml.org,2002:map");
  });

  test("anchors and aliases", () => {
    const m = map("a: &x 1\nb: *x\n");
    const alias = m.pairs[1].value;
    expect(alias).toMatchObject({ kind: "alias", name: "x", line: 2, column: 4, offset: 11 });
    expect(alias.kind === "alias" && alias.target).toBe(m.pairs[0].value);
    const rec = root("&a [*a]") as YamlSeq;
    const inner = rec.items[0];
    expect(inner.kind === "alias" && inner.target).toBe(rec);
    // a later anchor of the same name wins from there on
    const again = map("a: &x 1\nb: &x 2\nc: *x\n");
    const c = again.pairs[2].value;
    expect(c.kind === "alias" && c.target).toBe(again.pairs[1].value);
  });

  test("1024 characters is the longest simple key", () => {
    expect((map("k".repeat(1024) + ": v").pairs[0].key as YamlScalar).value).toHaveLength(1024);
    expect(error("k".repeat(1025) + ": v")).toEqual({ message: "mapping values are not allowed in this context" });
  });
});

describe("errors, with yaml.v3's message and line", () => {
  test.each([
    // parser errors print the 0-based line of their context (the collection or node being read)
    ["variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/a\n     mode: 0644\n", "did not find expected '-' indicator", 4],
    ["top:\n  a:\n    b: 1\n   c: 2\n", "did not find expected key", 1],
    // ... or, when the context is on the first line, the problem's
    ["a: 1\n- b\n", "did not find expected key", 1],
    ["x: 1\na: !e!x v\n", "found undefined tag handle", 1],
    ["x: 1\na: [b, - c]\n", "did not find expected node content", 1],
    ["x: 1\na: ]\n", "did not find expected node content", 1],
    ["x: 1\na: [b, c}\n", "did not find expected ',' or ']'", 1],
    ["x: 1\na: {b: c]\n", "did not find expected ',' or '}'", 1],
    ["a: [b\n", "did not find expected ',' or ']'", 1],
    // yaml.v3 (after libyaml) consumes the `:` after an empty explicit key in a flow sequence
    ["x: 1\ny: [? : b]\n", "did not find expected ',' or ']'", 1],
    ["%YAML 1.1\nfoo\n", "did not find expected <document start>", 1],
    ["%YAML 1.1\n%YAML 1.1\n---\na\n", "found duplicate %YAML directive", 1],
    ["%TAG !e! x:\n%TAG !e! y:\n---\na\n", "found duplicate %TAG directive", 1],
    ["# c\n%YAML 2.0\n---\na\n", "found incompatible YAML document", 1],
    // scanner errors print their context's line (1-based), else the problem's
    ["variant: fcos\nversion: 1.5.0\nstorage:\n\tfiles:\n\t\t- path: /etc/tabbed\n", "found character that cannot start any token", 4],
    ["x:\n- \ta\n", "found character that cannot start any token", 2],
    ["x: 1\na: b: c\n", "mapping values are not allowed in this context", 2],
    ["x: 1\na: - b\n", "block sequence entries are not allowed in this context", 2],
    ["x: 1\na: ? b\n", "mapping keys are not allowed in this context", 2],
    ["a: 1\nb\n", "could not find expected ':'", 2],
    ["a: 1\nb\nc: 2\n", "could not find expected ':'", 2],
    ['x: 1\na: "abc\n', "found unexpected end of stream", 2],
    ['a: "abc\n', "found unexpected end of stream", 2],
    ["x: 1\na: 'b\n--- c'\n", "found unexpected document indicator", 2],
    ['x: 1\na: "\\q"\n', "found unknown escape character", 2],
    ['x: 1\na: "\\/"\n', "found unknown escape character", 2],
    ['x: 1\na: "\\x4g"\n', "did not find expected hexdecimal number", 2],
    ['x: 1\na: "\\ud800"\n', "found invalid Unicode character escape code", 2],
    ["x: 1\na: b\n\tc: d\n", "found a tab character that violates indentation", 2],
    ["x: 1\na: |x\n", "did not find expected comment or line break", 2],
    ["x: 1\na: |0\n", "found an indentation indicator equal to 0", 2],
    ["x: 1\na: |\n\tb\n", "found a tab character where an indentation space is expected", 2],
    ["x: 1\na: &\n", "did not find expected alphabetic or numeric character", 2],
    ["x: 1\na: *b.c\n", "did not find expected alphabetic or numeric character", 2],
    ["x: 1\na: !<x>y\n", "did not find expected whitespace or line break", 2],
    ["x: 1\na: !<x\n", "did not find the expected '>'", 2],
    ["x: 1\na: !! b\n", "did not find expected tag URI", 2],
    ["x: 1\na: !x%zz b\n", "did not find URI escaped octet", 2],
    ["x: 1\n%FOO\n", "found unknown directive name", 2],
    ["x: 1\na: `b`\n", "found character that cannot start any token", 2],
    // tabs: a `-` takes no comment on its line; a plain scalar continued by a tab-indented line
    ["x: 1\ny:\n-\t# c\n", "found character that cannot start any token", 3],
    ["a: 1\n\t# c\nb: 2\n", "found a tab character that violates indentation", 2],
    ['a: "1"\n\t# c\nb: 2\n', "found character that cannot start any token", 2],
    // yaml.v3 looks for the next comment line byte by byte: a multi-byte line break (here LS) ends the search
    ["a: 1\n# c\u2028\t# d\nb: 2\n", "found character that cannot start any token", 3],
    // a required key found stale while the scanner looks ahead for the parser
    ["a: 1\n[b\n", "could not find expected ':'", 2],
    // a scanner error within the scanner's lookahead comes before a parser error
    ['x: 1\na: [b c}\n"unterminated\n', "found unexpected end of stream", 3],
    // ... also past the end of the first document
    ['a: 1\n---\n"x\n', "found unexpected end of stream", 3],
  ])("%j", (text, message, line) => {
    expect(error(text)).toEqual({ message, line });
  });

  test("errors on the first line have no line number", () => {
    expect(error("%YAML 1.2\n---\nvariant: fcos\n")).toEqual({ message: "found incompatible YAML document" });
    expect(error("a: b: c\n")).toEqual({ message: "mapping values are not allowed in this context" });
    expect(error("a: ]\n")).toEqual({ message: "did not find expected node content" });
  });

  test("an unknown alias has no line", () => {
    expect(error("variant: fcos\nversion: 1.5.0\npasswd:\n  users:\n    - name: *admin_name\n")).toEqual({
      message: "unknown anchor 'admin_name' referenced",
    });
  });

  test("control characters", () => {
    expect(error("a: \u0001\n")).toEqual({ message: "control characters are not allowed" });
    expect(error("a: b\u007f\n")).toEqual({ message: "control characters are not allowed" });
  });

  test("a control character counts once reading reaches its 512-byte chunk", () => {
    const filler = "x: 1\n".repeat(300); // 1500 bytes
    // a syntax error in an earlier chunk comes first
    expect(error("a: b: c\n" + filler + "z: \u0001\n")).toEqual({ message: "mapping values are not allowed in this context" });
    // a control character in the first chunk comes before anything else
    expect(error("z: \u0001\n" + filler + "a: b: c\n")).toEqual({ message: "control characters are not allowed" });
    expect(error("a: 'b\n" + filler + "\u0001'")).toEqual({ message: "control characters are not allowed" });
    // a key found wanting just before the chunk boundary (offset 512): nothing past it was read yet
    expect(error("x: 1\n".repeat(100) + "[abc\nxyz: 1\nq: \u0001\n")).toEqual({ message: "could not find expected ':'", line: 101 });
  });

  describe("bytes are decoded as yaml.v3 decodes them", () => {
    const bytes = (...parts: (string | number[])[]) =>
      new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p)))));

    test("each kind of undecodable UTF-8 gets the reader's own message, with no line", () => {
      expect(error(bytes("a: b", [0xff], "\n"))).toEqual({ message: "invalid leading UTF-8 octet" });
      expect(error(bytes("a: b", [0x80], "\n"))).toEqual({ message: "invalid leading UTF-8 octet" });
      expect(error(bytes("a: b", [0xe2, 0x28, 0xa1], "\n"))).toEqual({ message: "invalid trailing UTF-8 octet" });
      expect(error(bytes("a: b", [0xc0, 0xaf], "\n"))).toEqual({ message: "invalid length of a UTF-8 sequence" });
      expect(error(bytes("a: b", [0xed, 0xa0, 0x80], "\n"))).toEqual({ message: "invalid Unicode character" });
      expect(error(bytes("a: b", [0xf4, 0x90, 0x80, 0x80], "\n"))).toEqual({ message: "invalid Unicode character" });
      expect(error(bytes("a: b", [0xe2, 0x82]))).toEqual({ message: "incomplete UTF-8 octet sequence" });
    });

    test("well-formed bytes parse as their text does, a leading byte order mark skipped", () => {
      const text = "variant: fcos\nversion: 1.5.0\nname: \u00e9\u2713\ud83d\ude80\n";
      expect(parseYaml(bytes([0xef, 0xbb, 0xbf], text))).toEqual(parseYaml("\ufeff" + text));
      expect(parseYaml(bytes(text))).toEqual(parseYaml(text));
    });

    test("UTF-16 with a byte order mark, both byte orders", () => {
      const text = "a: \u00e9\ud83d\ude80\n";
      const le = Buffer.from("\ufeff" + text, "utf16le");
      const be = Buffer.from(le).swap16();
      expect(parseYaml(new Uint8Array(le))).toEqual(parseYaml("\ufeff" + text));
      expect(parseYaml(new Uint8Array(be))).toEqual(parseYaml("\ufeff" + text));
      expect(error(new Uint8Array([...le.subarray(0, 6), 0x00, 0xdc]))).toEqual({ message: "unexpected low surrogate area" });
      expect(error(new Uint8Array([...le, 0x41]))).toEqual({ message: "incomplete UTF-16 character" });
    });

    test("an undecodable byte counts once reading reaches its 512-byte chunk, as a control character does", () => {
      const filler = "x: 1\n".repeat(300); // 1500 bytes
      expect(error(bytes("a: b: c\n", filler, "z: ", [0xff], "\n"))).toEqual({ message: "mapping values are not allowed in this context" });
      expect(error(bytes("z: ", [0xff], "\n", filler, "a: b: c\n"))).toEqual({ message: "invalid leading UTF-8 octet" });
      // whichever comes first in the chunk wins
      expect(error(bytes("z: \u0001 ", [0xff], "\n"))).toEqual({ message: "control characters are not allowed" });
      expect(error(bytes("z: ", [0xff], " \u0001\n"))).toEqual({ message: "invalid leading UTF-8 octet" });
      // a key found wanting just before the chunk boundary (offset 512): nothing past it was read yet
      expect(error(bytes("x: 1\n".repeat(100), "[abc\nxyz: 1\nq: ", [0xff], "\n"))).toEqual({
        message: "could not find expected ':'",
        line: 101,
      });
    });
  });
});
