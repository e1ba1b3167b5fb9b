import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { applyPatch, buildSchemas, formatJson } from "../scripts/gen-schemas.mjs";
import { buildTypes, typesSource } from "../scripts/gen-types.mjs";
import { IGNITION_SPECS, type SpecVersion, schemaFile } from "../src/versions/table.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SCHEMA_DIR = join(ROOT, "schemas", "ignition");
const TYPES_FILE = join(ROOT, "src", "ignition", "types.generated.ts");
// What ignition-validate said about each config (see test/fixtures/ignition-validate/README.md).
const CORPUS = join(ROOT, "test", "fixtures", "ignition-validate");

// The version table's specs, oldest first: each has its schema file, built in this order from the steps.
const VERSIONS = IGNITION_SPECS.map((s) => s.version);
type Version = SpecVersion;

const isVersion = (v: unknown): v is Version => (VERSIONS as unknown[]).includes(v);

/** A (sub)schema of schemas/ignition/*.json: the keywords and x- annotations the checks below read. */
interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  description?: string;
  "x-go"?: string;
  "x-go-struct"?: string;
  "x-key"?: string;
  "x-ignore-dups"?: string[];
  "x-merged-keys"?: Record<string, unknown>;
  [keyword: string]: unknown;
}
/** A whole schema file: an id and the definitions. */
interface SchemaFile extends Schema {
  $id: string;
  $defs: Record<string, Schema>;
}
const readJson = (file: string): SchemaFile => JSON.parse(readFileSync(file, "utf8"));
const schemas = new Map<Version, SchemaFile>(VERSIONS.map((v) => [v, readJson(join(SCHEMA_DIR, schemaFile(v)))]));

/** The annotation keywords of schemas/ignition/README.md, with the JSON type of their value. */
const X_KEYWORDS = {
  "x-go": "string",
  "x-go-struct": "string",
  "x-omitempty": "boolean",
  "x-key": "string",
  "x-ignore-dups": "array",
  "x-merged-keys": "object",
  "x-ignition-version": "string",
} as const;

function newAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  for (const [keyword, schemaType] of Object.entries(X_KEYWORDS)) ajv.addKeyword({ keyword, schemaType });
  return ajv;
}

// One compiled validator per version, shared by the tests below.
const ajv = newAjv();
for (const s of schemas.values()) ajv.addSchema(s);
const validatorFor = (v: Version) => ajv.getSchema(schemas.get(v)!.$id)!;

/** Every property schema of every definition, with a readable location. */
function* properties(schema: SchemaFile): Generator<[string, Schema]> {
  for (const [defName, def] of Object.entries(schema.$defs)) {
    for (const [prop, ps] of Object.entries(def.properties ?? {})) {
      yield [`${defName}.${prop}`, ps];
    }
  }
}

/** Every (sub)schema object in a document, depth first. */
function* subschemas(node: unknown, where = "#"): Generator<[string, Schema]> {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const [i, x] of node.entries()) yield* subschemas(x, `${where}/${i}`);
    return;
  }
  yield [where, node as Schema];
  for (const [k, v] of Object.entries(node)) {
    if (k === "enum") continue;
    yield* subschemas(v, `${where}/${k}`);
  }
}

describe("schemas compile", () => {
  test("every schemas/ignition/*.json is the schema of one spec of the version table", () => {
    const files = readdirSync(SCHEMA_DIR)
      .filter((f) => f.endsWith(".json"))
      .sort();
    expect(files).toEqual(VERSIONS.map(schemaFile).sort());
  });

  test.each(VERSIONS)("%s compiles with ajv in strict mode", (v) => {
    const fresh = newAjv();
    expect(() => fresh.compile(schemas.get(v)!)).not.toThrow();
  });

  test.each(VERSIONS)("%s has the root annotations", (v) => {
    const s = schemas.get(v)!;
    expect(s.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(s.$id).toBe(`https://kindling.dev/schemas/ignition/${v}.json`);
    expect(s["x-ignition-version"]).toBe(v);
    expect(s.title).toContain(v);
    expect(s.$ref).toBe("#/$defs/Config");
  });
});

describe("generated files are up to date", () => {
  test("3.0.0.json is in canonical form (2-space JSON, trailing newline)", () => {
    const text = readFileSync(join(SCHEMA_DIR, "3.0.0.json"), "utf8");
    expect(text).toBe(formatJson(JSON.parse(text)));
  });

  test("schemas built from the steps match the files", () => {
    const built = buildSchemas(SCHEMA_DIR);
    expect(built.map((b: { version: string }) => b.version)).toEqual(VERSIONS.slice(1));
    for (const { file, text } of built) {
      expect(readFileSync(join(SCHEMA_DIR, file), "utf8"), `${file} is stale: run npm run gen`).toBe(text);
    }
  });

  test("types.generated.ts matches the newest spec's schema", () => {
    const source = typesSource(IGNITION_SPECS).version as Version;
    const expected = buildTypes(schemas.get(source)!);
    expect(readFileSync(TYPES_FILE, "utf8"), "types.generated.ts is stale: run npm run gen").toBe(expected);
    expect(buildTypes(schemas.get(source)!)).toBe(expected);
  });

  test("types.generated.ts has the header, the GoInt import and the root alias", () => {
    const text = readFileSync(TYPES_FILE, "utf8");
    expect(text.startsWith("// Generated by scripts/gen-types.mjs")).toBe(true);
    expect(text).toContain('import type { GoInt } from "../gocompat/int.js";');
    expect(text).toContain("export type IgnitionConfig = Config;");
    expect(text).toContain("export interface PasswdUser {");
    expect(text).toContain("  uid?: GoInt;");
    expect(text).toContain("  files?: File[];");
  });
});

describe("RFC 6902 applier", () => {
  const doc = { a: { b: 1, d: 3 }, l: [1, 2, 3] };
  test("add, remove, replace, move, copy, test", () => {
    expect(applyPatch(doc, [{ op: "add", path: "/a/c", value: 2 }])).toEqual({ a: { b: 1, d: 3, c: 2 }, l: [1, 2, 3] });
    expect(applyPatch(doc, [{ op: "add", path: "/l/1", value: 9 }]).l).toEqual([1, 9, 2, 3]);
    expect(applyPatch(doc, [{ op: "add", path: "/l/-", value: 9 }]).l).toEqual([1, 2, 3, 9]);
    expect(applyPatch(doc, [{ op: "remove", path: "/l/0" }]).l).toEqual([2, 3]);
    expect(applyPatch(doc, [{ op: "replace", path: "/a/b", value: [] }]).a).toEqual({ b: [], d: 3 });
    expect(applyPatch(doc, [{ op: "move", from: "/a/b", path: "/z" }])).toEqual({ a: { d: 3 }, l: [1, 2, 3], z: 1 });
    expect(applyPatch(doc, [{ op: "copy", from: "/l", path: "/a/l" }]).a.l).toEqual([1, 2, 3]);
    expect(applyPatch(doc, [{ op: "test", path: "/a", value: { d: 3, b: 1 } }])).toEqual(doc);
    expect(applyPatch(doc, [{ op: "add", path: "", value: 5 }])).toBe(5);
    expect(doc).toEqual({ a: { b: 1, d: 3 }, l: [1, 2, 3] }); // input untouched
  });
  test("escaped pointer tokens", () => {
    expect(applyPatch({ "a/b": { "~": 1 } }, [{ op: "replace", path: "/a~1b/~0", value: 2 }])).toEqual({ "a/b": { "~": 2 } });
  });
  test("x-before keeps member order", () => {
    const out = applyPatch(doc, [
      { op: "add", path: "/a/c", value: 2, "x-before": "d" },
      { op: "move", from: "/l", path: "/a/a0", "x-before": "b" },
    ]);
    expect(Object.keys(out.a)).toEqual(["a0", "b", "c", "d"]);
  });
  test("errors", () => {
    expect(() => applyPatch(doc, [{ op: "test", path: "/a/b", value: 2 }])).toThrow(/test failed/);
    expect(() => applyPatch(doc, [{ op: "remove", path: "/nope" }])).toThrow(/not found/);
    expect(() => applyPatch(doc, [{ op: "replace", path: "/a/x", value: 1 }])).toThrow(/not found/);
    expect(() => applyPatch(doc, [{ op: "add", path: "/l/7", value: 1 }])).toThrow(/out of range/);
    expect(() => applyPatch(doc, [{ op: "move", from: "/a", path: "/a/b/c" }])).toThrow(/into itself/);
    expect(() => applyPatch(doc, [{ op: "bogus", path: "/a" }])).toThrow(/unknown op/);
  });
});

describe.each(VERSIONS)("conventions of %s", (v) => {
  const s = schemas.get(v)!;

  test("every property and items schema carries x-go", () => {
    const missing: string[] = [];
    for (const [where, ps] of properties(s)) {
      if (typeof ps["x-go"] !== "string") missing.push(where);
      if (ps.items && typeof ps.items["x-go"] !== "string") missing.push(`${where}[]`);
    }
    expect(missing).toEqual([]);
  });

  test("x-go agrees with the JSON Schema shape", () => {
    const wrong: string[] = [];
    const scalar: Record<string, string> = { string: "string", int: "integer", bool: "boolean" };
    const check = (where: string, ps: Schema) => {
      const go = ps["x-go"]!;
      const bare = go.replace(/^\*/, "");
      if (ps.$ref) {
        if (ps.$ref !== `#/$defs/${bare}`) wrong.push(`${where}: ${ps.$ref} vs ${go}`);
        if (!s.$defs[bare]) wrong.push(`${where}: no def ${bare}`);
        return;
      }
      if (!Array.isArray(ps.type) || ps.type.length !== 2 || ps.type[1] !== "null") {
        wrong.push(`${where}: type must be [T, "null"]`);
        return;
      }
      if (ps.type[0] === "array") {
        const elem = go === "HTTPHeaders" ? "HTTPHeader" : go.startsWith("[]") ? go.slice(2) : null;
        if (elem === null || ps.items?.["x-go"] !== elem) wrong.push(`${where}: array x-go ${go}`);
        else check(`${where}[]`, ps.items!);
        return;
      }
      // Named string types (Device, SSHAuthorizedKey, ...) are strings.
      const expected = scalar[bare] ?? "string";
      if (ps.type[0] !== expected) wrong.push(`${where}: ${go} is not ${ps.type[0]}`);
      if (go.startsWith("*") && !scalar[bare]) wrong.push(`${where}: pointer to named type ${go}`);
    };
    for (const [where, ps] of properties(s)) check(where, ps);
    expect(wrong).toEqual([]);
  });

  test("definitions are nullable Go structs", () => {
    for (const [name, def] of Object.entries(s.$defs)) {
      expect(def.type, name).toEqual(["object", "null"]);
      expect(def["x-go-struct"], name).toBe(name);
      expect(typeof def.description, name).toBe("string");
    }
  });

  test("required only at Config.ignition and Ignition.version; no additionalProperties", () => {
    const required: string[] = [];
    for (const [where, node] of subschemas(s)) {
      expect(node, where).not.toHaveProperty("additionalProperties");
      if (node.required) required.push(`${where}: ${node.required.join(",")}`);
    }
    expect(required).toEqual(["#/$defs/Config: ignition", "#/$defs/Ignition: version"]);
  });

  test("every enum allows null", () => {
    for (const [where, node] of subschemas(s)) {
      if (node.enum) expect(node.enum, where).toContain(null);
    }
  });

  test("x-key, x-ignore-dups and x-merged-keys name real properties", () => {
    for (const [name, def] of Object.entries(s.$defs)) {
      const props = Object.keys(def.properties ?? {});
      if (def["x-key"] !== undefined && def["x-key"] !== "partition") expect(props, name).toContain(def["x-key"]);
      for (const f of def["x-ignore-dups"] ?? []) expect(props, name).toContain(f);
      for (const f of Object.keys(def["x-merged-keys"] ?? {})) expect(props, name).toContain(f);
    }
  });

  test("File properties are in Go field order", () => {
    expect(Object.keys(s.$defs.File!.properties!)).toEqual(["group", "overwrite", "path", "user", "append", "contents", "mode"]);
  });

  test("Storage and Luks key order", () => {
    const storage = ["directories", "disks", "files", "filesystems", "links", "luks", "raid"];
    const want = v === "3.0.0" || v === "3.1.0" ? storage.filter((k) => k !== "luks") : storage;
    expect(Object.keys(s.$defs.Storage!.properties!)).toEqual(want);
    if (s.$defs.Luks) {
      const keys = Object.keys(s.$defs.Luks.properties!);
      expect(keys).toEqual([...keys].sort());
    }
  });
});

// ---------------------------------------------------------------------------
// Differential check against the recorded ignition-validate corpus.

/**
 * JSON.parse, except that a number literal Go's decoder cannot store in an
 * `int` (a fraction or exponent, as in 420.0 or 1e3, or beyond int64) becomes
 * NaN, which no schema type accepts. The spec has no float fields, so such a
 * literal is only ever accepted under an unknown key, where nothing is checked.
 * Returns undefined when the text is not JSON.
 */
function parseAsGo(text: string): unknown {
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const out: Record<string, unknown> = {};
      ws();
      if (text[i] === "}") {
        i++;
        return out;
      }
      for (;;) {
        ws();
        const k = value() as string;
        ws();
        i++; // :
        Object.defineProperty(out, k, { value: value(), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i++] === "}") return out;
      }
    }
    if (c === "[") {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (text[i++] === "]") return out;
      }
    }
    if (c === '"') {
      const start = i++;
      while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      return JSON.parse(text.slice(start, ++i));
    }
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400))!;
    i += m[0].length;
    const lit = m[0];
    if (lit === "true" || lit === "false" || lit === "null") return JSON.parse(lit);
    if (!/^-?\d+$/.test(lit)) return NaN;
    const big = BigInt(lit);
    return big > 9223372036854775807n || big < -9223372036854775808n ? NaN : Number(lit);
  };
  return value();
}

interface Case {
  name: string;
  version: Version;
  config: unknown;
  accepted: boolean;
  unmarshalError: boolean;
  /** From "Go struct field Struct.a.b.c of type ...": "a.b.c". */
  goField?: string;
}

function loadCases(): { cases: Case[]; skipped: string[] } {
  const cases: Case[] = [];
  const skipped: string[] = [];
  for (const name of readdirSync(CORPUS).sort()) {
    const dir = join(CORPUS, name);
    const file = join(dir, "config.ign");
    if (!existsSync(file)) continue;
    const config = parseAsGo(readFileSync(file, "utf8"));
    const version = (config as { ignition?: { version?: unknown } } | null | undefined)?.ignition?.version;
    if (!isVersion(version)) {
      skipped.push(name);
      continue;
    }
    const out = readFileSync(join(dir, "expected.out"), "utf8");
    cases.push({
      name,
      version,
      config,
      accepted: readFileSync(join(dir, "expected.exit"), "utf8").trim() === "0",
      unmarshalError: out.includes("json: cannot unmarshal"),
      goField: /Go struct field [^.\s]*\.(\S+) of type/.exec(out)?.[1],
    });
  }
  return { cases, skipped };
}

describe("differential: ignition-validate corpus", () => {
  const { cases, skipped } = loadCases();
  const accepted = cases.filter((c) => c.accepted);
  const rejectedByDecoder = cases.filter((c) => c.unmarshalError);

  test("the corpus has cases of both kinds", () => {
    expect(accepted.length).toBeGreaterThan(0);
    expect(rejectedByDecoder.length).toBeGreaterThan(0);
    expect(skipped.length).toBeLessThan(cases.length);
  });

  test.each(accepted.map((c) => [c.name, c] as const))("accepted: %s validates", (_name, c) => {
    const validate = validatorFor(c.version);
    const ok = validate(c.config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
  });

  test.each(rejectedByDecoder.map((c) => [c.name, c] as const))("json: cannot unmarshal: %s does not validate", (_name, c) => {
    const validate = validatorFor(c.version);
    expect(validate(c.config)).toBe(false);
    // The schema fails where Go's decoder failed (Go names the field without indices).
    const paths = (validate.errors ?? []).map((e) =>
      e.instancePath
        .split("/")
        .filter((t) => t && !/^\d+$/.test(t))
        .join("."),
    );
    expect(c.goField).toBeDefined();
    expect(paths).toContain(c.goField);
  });
});
