// sh source for values and bytes: quoting, and here-document or printf for contents.
import { describe, expect, test } from "vitest";
import { heredocDelimiter, printfLines, shQuote, writeBytes } from "../../../src/emit/legacy/sh.js";

const NAMED_ESCAPES = new Map([
  ["n", 10],
  ["t", 9],
  ["\\", 0x5c],
]);

/** What sh's printf writes for a single-quoted format of printfLines (escapes \n \t \\ \ooo and %%). */
function runPrintf(line: string): number[] {
  const m = /^printf '([^']*)'$/.exec(line);
  if (!m) throw new Error(`not a printf line: ${line}`);
  const f = m[1]!;
  const out: number[] = [];
  for (let i = 0; i < f.length; i++) {
    const c = f[i]!;
    if (c === "%") {
      expect(f[i + 1]).toBe("%");
      out.push(0x25);
      i++;
    } else if (c === "\\") {
      const named = NAMED_ESCAPES.get(f[i + 1]!);
      if (named !== undefined) {
        out.push(named);
        i++;
      } else {
        const oct = f.slice(i + 1, i + 4);
        expect(oct).toMatch(/^[0-7]{3}$/);
        out.push(parseInt(oct, 8));
        i += 3;
      }
    } else {
      const code = c.charCodeAt(0);
      expect(code >= 0x20 && code <= 0x7e).toBe(true);
      out.push(code);
    }
  }
  return out;
}

describe("shQuote", () => {
  test.each([
    ["plain", "'plain'"],
    ["", "''"],
    ["it's", `'it'\\''s'`],
    ['$HOME `id` $(id) \\ "', `'$HOME \`id\` $(id) \\ "'`],
    ["two\nlines", "'two\nlines'"],
    ["''", `''\\'''\\'''`],
  ])("%j", (value, quoted) => {
    expect(shQuote(value)).toBe(quoted);
  });

  test("numbers and absent values", () => {
    expect(shQuote(1000)).toBe("'1000'");
    expect(shQuote(undefined)).toBe("''");
  });

  test("a NUL byte cannot be an argument", () => {
    expect(() => shQuote("a\0b")).toThrow(/NUL/);
  });
});

describe("writeBytes", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  test("text ending in a newline is a quoted here-document, byte for byte", () => {
    const text = "echo $HOME `id` 'q' \"d\" \\ %s\n\tindented\nünïcode ✓\n";
    expect(writeBytes(bytes(text), '"$K_TMP"')).toBe(`cat > "$K_TMP" <<'KINDLING_EOF'\n${text}KINDLING_EOF`);
  });

  test("the delimiter avoids lines of the text", () => {
    expect(heredocDelimiter("a\nKINDLING_EOF\nKINDLING_EOF_1\n")).toBe("KINDLING_EOF_2");
    expect(heredocDelimiter("  KINDLING_EOF\nKINDLING_EOFx\n")).toBe("KINDLING_EOF");
    expect(writeBytes(bytes("x\nKINDLING_EOF\n"), "f")).toBe("cat > f <<'KINDLING_EOF_1'\nx\nKINDLING_EOF\nKINDLING_EOF_1");
  });

  test.each([
    ["no final newline", bytes("no newline")],
    ["NUL bytes", Uint8Array.of(0x61, 0, 0x62, 0x0a)],
    ["control characters", bytes("bell\x07\n")],
    ["carriage returns", bytes("dos\r\n")],
    ["invalid UTF-8", Uint8Array.of(0xff, 0xfe, 0x0a)],
  ])("%s use printf", (_, data) => {
    expect(writeBytes(data, "f")).toMatch(/^(printf '[^']*' > f|\{\n( {2}printf '[^']*'\n)+\} > f)$/);
  });

  test("empty contents truncate", () => {
    expect(writeBytes(new Uint8Array(), '"$K_TMP"')).toBe(': > "$K_TMP"');
  });

  test("printf formats carry every byte value exactly", () => {
    const all = Uint8Array.from({ length: 512 }, (_, i) => (i * 7) % 256);
    const lines = printfLines(all);
    expect(lines.flatMap(runPrintf)).toEqual([...all]);
    expect(lines.every((l) => l.length < 300)).toBe(true);
  });

  test("printf escapes %, backslash and quote readably", () => {
    expect(printfLines(bytes("100% \\ it's"))).toEqual(["printf '100%% \\\\ it\\047s'"]);
    // Octal escapes are always three digits, so a following digit is not swallowed.
    expect(printfLines(Uint8Array.of(1, 0x37))).toEqual(["printf '\\0017'"]);
  });

  test("a multi-line printf is one redirected group", () => {
    expect(writeBytes(bytes("a\nb"), "f")).toBe("{\n  printf 'a\\n'\n  printf 'b'\n} > f");
  });
});
