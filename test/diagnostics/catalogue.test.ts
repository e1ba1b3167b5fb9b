// The diagnostics catalogue (src/diagnostics/catalogue/): one entry per
// code, and codes written there and nowhere else. Sources are read with the
// TypeScript parser, so comments (which may name codes) do not count.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";
import { CATALOGUE } from "../../src/diagnostics/catalogue/index.js";
import type { Message } from "../../src/diagnostics/message.js";

const root = join(import.meta.dirname, "../..");
const src = join(root, "src");
const catalogue = join(src, "diagnostics", "catalogue");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
}

function visit(node: ts.Node, f: (n: ts.Node) => void): void {
  f(node);
  node.forEachChild((c) => visit(c, f));
}

const isText = (n: ts.Node): n is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral =>
  ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n);

/** The codes the catalogue defines: the first argument of each `m("code", …)`. */
function catalogueCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of sources(catalogue)) {
    visit(parse(file), (n) => {
      if (
        ts.isCallExpression(n) &&
        ts.isIdentifier(n.expression) &&
        n.expression.text === "m" &&
        n.arguments[0] &&
        isText(n.arguments[0])
      ) {
        codes.add(n.arguments[0].text);
      }
    });
  }
  return codes;
}

const CODE_SHAPE = /^[a-z]+(\.[a-z0-9_-]+)+$/;

/**
 * Where `file` writes a code itself: a catalogue code as a literal, a code
 * built from a template (`butane.filter.${what}`), or a `code:` given a
 * dotted literal of any family (an errno code such as "ENOENT" is no
 * diagnostic).
 */
function inlineCodes(file: string, codes: Set<string>, families: Set<string>): string[] {
  const found: string[] = [];
  const sf = parse(file);
  const where = (n: ts.Node) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(n.getStart(sf));
    return `${relative(root, file)}:${line + 1}:${character + 1}: ${n.getText(sf)}`;
  };
  const ofFamily = (text: string) => text.includes(".") && families.has(text.split(".")[0]!);
  visit(sf, (n) => {
    if (ts.isPropertyAssignment(n) && n.name.getText(sf) === "code" && isText(n.initializer) && CODE_SHAPE.test(n.initializer.text)) {
      found.push(where(n));
    } else if (isText(n) && codes.has(n.text)) {
      found.push(where(n));
    } else if (ts.isTemplateExpression(n) && ofFamily(n.head.text)) {
      found.push(where(n));
    }
  });
  return found;
}

/** Arguments for entries that take something other than text. */
const SAMPLE_ARGS: Record<string, unknown[]> = {
  "cloudConfig.unrecognizedKey": ["x", ["a", "b"]],
};

/** Every entry, a parameterised one called with sample arguments. */
function entries(): { name: string; message: Message }[] {
  return Object.entries(CATALOGUE).flatMap(([group, table]) =>
    Object.entries(table).map(([key, entry]) => {
      const name = `${group}.${key}`;
      const message =
        typeof entry === "function"
          ? (entry as (...args: unknown[]) => Message)(...(SAMPLE_ARGS[name] ?? Array.from({ length: entry.length }, () => "x")))
          : (entry as Message);
      return { name, message };
    }),
  );
}

test("each code belongs to exactly one entry", () => {
  const owners = new Map<string, string[]>();
  for (const { name, message } of entries()) owners.set(message.code, [...(owners.get(message.code) ?? []), name]);
  expect([...owners].filter(([, names]) => names.length > 1)).toEqual([]);
});

test("CATALOGUE holds every entry the catalogue files define", () => {
  expect(new Set(entries().map((e) => e.message.code))).toEqual(catalogueCodes());
});

test("codes name their origin, then what is wrong", () => {
  const malformed = entries().filter(
    ({ message }) => !/^(ignition|butane|cloudconfig|legacy|verify|cloud|cluster|lab)(\.[a-z0-9_-]+)+$/.test(message.code),
  );
  expect(malformed).toEqual([]);
});

test("every entry says how to fix the problem", () => {
  expect(
    entries()
      .filter(({ message }) => !message.hint?.trim())
      .map((e) => e.name),
  ).toEqual([]);
});

test("the catalogue defines codes of each origin", () => {
  const families = new Set([...catalogueCodes()].map((c) => c.split(".")[0]));
  for (const family of ["ignition", "butane", "cloudconfig", "legacy", "verify", "cloud", "cluster", "lab"]) expect(families).toContain(family);
});

test("every catalogue entry writes its code whole, as one literal", () => {
  const built: string[] = [];
  for (const file of sources(catalogue)) {
    visit(parse(file), (n) => {
      if (
        ts.isCallExpression(n) &&
        ts.isIdentifier(n.expression) &&
        n.expression.text === "m" &&
        !(n.arguments[0] && isText(n.arguments[0]))
      ) {
        built.push(`${relative(root, file)}: ${n.getText()}`);
      }
    });
  }
  expect(built).toEqual([]);
});

test("no file outside src/diagnostics/catalogue/ writes a diagnostic code", () => {
  const codes = catalogueCodes();
  const families = new Set([...codes].map((c) => c.split(".")[0]!));
  const found = sources(src)
    .filter((f) => !f.startsWith(catalogue + "/"))
    .flatMap((f) => inlineCodes(f, codes, families));
  expect(found).toEqual([]);
});

test("the scan finds each way of writing a code inline", () => {
  const dir = join(root, "test", "fixtures", "diagnostics");
  const codes = new Set(["ignition.path.relative"]);
  const found = inlineCodes(join(dir, "inline-codes.ts"), codes, new Set(["butane", "ignition"]));
  expect(found.map((f) => f.replace(/^[^ ]+ /, ""))).toEqual([
    'code: "legacy.anything"',
    '"ignition.path.relative"',
    "`butane.filter.${what}`",
  ]);
});
