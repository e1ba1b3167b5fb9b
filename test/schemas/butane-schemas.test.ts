// schemas/butane/: generated from the transpiler's tables and never stale;
// every config the transpiler accepts validates; each misspelled key and each
// wrongly typed value is refused where the transpiler reports it.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { yamlPositionFor } from "../../src/butane/context-tree.js";
import { butaneSchemaFile, butaneSchemaFiles, type JsonSchema } from "../../src/butane/json-schema.js";
import { BUTANE_SPECS, type ButaneSpec } from "../../src/butane/registry.js";
import type { PathElement } from "../../src/diagnostics/diagnostic.js";
import { closestKey } from "../../src/lsp/closest-key.js";
import { parseYaml } from "../../src/source/yaml.js";
import { transpile } from "../../src/transpile.js";
import { parseYamlValue } from "../helpers/yaml-value.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DIR = join(ROOT, "schemas", "butane");
const FIXTURES = join(ROOT, "test", "fixtures");

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
const validators = new Map<string, ValidateFunction>();
function validatorFor(spec: ButaneSpec): ValidateFunction {
  const file = butaneSchemaFile(spec);
  let v = validators.get(file);
  if (!v) {
    v = ajv.compile(JSON.parse(readFileSync(join(DIR, file), "utf8")));
    validators.set(file, v);
  }
  return v;
}

/** An ajv error's instance path as the transpiler writes paths (the unknown key included). */
function errorPath(e: ErrorObject): PathElement[] {
  const path: PathElement[] = e.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
  if (e.keyword === "additionalProperties") path.push((e.params as { additionalProperty: string }).additionalProperty);
  return path;
}

describe("schemas/butane", () => {
  test("holds one schema per (variant, version), exactly as the generator writes it", () => {
    const files = butaneSchemaFiles();
    expect(files.map((f) => f.file).sort()).toEqual(BUTANE_SPECS.map(butaneSchemaFile).sort());
    expect(
      readdirSync(DIR)
        .filter((f) => f.endsWith(".json"))
        .sort(),
    ).toEqual(files.map((f) => f.file).sort());
    for (const { file, text } of files) expect(readFileSync(join(DIR, file), "utf8"), `${file} is stale: run npm run gen`).toBe(text);
  });

  test("compile under ajv's strict draft 2020-12", () => {
    for (const spec of BUTANE_SPECS) expect(() => validatorFor(spec)).not.toThrow();
  });

  test("leave out what a variant forbids, and keep what it allows", () => {
    const defs = (spec: string) =>
      (JSON.parse(readFileSync(join(DIR, `${spec}.json`), "utf8")) as { $defs: Record<string, JsonSchema> }).$defs;
    expect(Object.keys(defs("r4e-1.1.0").Storage_storage!.properties as object)).not.toContain("disks");
    expect(Object.keys(defs("r4e-1.1.0").Config!.properties as object)).not.toContain("kernel_arguments");
    expect(Object.keys(defs("fcos-1.5.0").Config!.properties as object)).toContain("kernel_arguments");
    expect(Object.keys(defs("flatcar-1.1.0").Luks_storage_luks!.properties as object)).not.toContain("clevis");
    expect(Object.keys(defs("flatcar-1.2.0-experimental").Luks_storage_luks!.properties as object)).toContain("clevis");
    expect(Object.keys(defs("flatcar-1.2.0-experimental").Luks_storage_luks!.properties as object)).not.toContain("cex");
    expect(Object.keys(defs("fcos-1.8.0-experimental").Luks!.properties as object)).toContain("cex");
    expect(Object.keys(defs("openshift-4.12.0").PasswdUser_passwd_users!.properties as object)).toEqual(["name", "ssh_authorized_keys"]);
    expect(Object.keys(defs("openshift-4.13.0").PasswdUser_passwd_users!.properties as object)).toContain("password_hash");
    expect(Object.keys(defs("openshift-4.16.0").Storage_storage!.properties as object)).not.toContain("links");
    // merge configs keep their headers; files lose theirs.
    expect(Object.keys(defs("openshift-4.16.0").Resource!.properties as object)).toContain("http_headers");
    expect(Object.keys(defs("openshift-4.16.0").Resource_storage_files_contents!.properties as object)).not.toContain("http_headers");
    expect(Object.keys(defs("fcos-1.6.0").Config!.properties as object)).toContain("boot_device");
    expect(Object.keys(defs("flatcar-1.1.0").Config!.properties as object)).not.toContain("boot_device");
  });

  test("describe every field, enumerate Butane's closed sets and read modes as integers", () => {
    const s = JSON.parse(readFileSync(join(DIR, "fcos-1.6.0.json"), "utf8")) as {
      $defs: Record<string, { properties: Record<string, JsonSchema> }>;
    };
    for (const [name, def] of Object.entries(s.$defs)) {
      for (const [field, prop] of Object.entries(def.properties)) expect(prop.description, `${name}.${field}`).toMatch(/\S/);
    }
    expect(s.$defs.BootDevice!.properties.layout!.enum).toEqual([
      "aarch64",
      "ppc64le",
      "x86_64",
      "s390x-eckd",
      "s390x-virt",
      "s390x-zfcp",
      null,
    ]);
    expect(s.$defs.Filesystem!.properties.format!.enum).toContain("xfs");
    expect(s.$defs.File!.properties.mode).toMatchObject({ type: ["integer", "null"], minimum: 0 });
    expect(s.$defs.File!.properties.mode!.description).toMatch(/0644/);
  });
});

/** Every Butane input under test/fixtures: `*.bu` files and the corpus-style `config.bu` folders. */
function fixtureInputs(dir: string): { file: string; filesDir?: string }[] {
  const out: { file: string; filesDir?: string }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "files") out.push(...fixtureInputs(path));
    } else if (name.endsWith(".bu")) {
      const files = join(dir, "files");
      out.push({ file: path, ...(existsSync(files) ? { filesDir: files } : {}) });
    }
  }
  return out;
}

describe("configs the transpiler accepts", () => {
  const inputs = fixtureInputs(FIXTURES);

  test("validate under their variant's and version's schema", () => {
    let checked = 0;
    const refused: string[] = [];
    for (const input of inputs) {
      const text = readFileSync(input.file, "utf8");
      // Without --raw: an OpenShift schema describes the MachineConfig, whose filters --raw skips.
      const r = transpile(text, { filesDir: input.filesDir });
      if (r.output === undefined || !r.spec) continue;
      // Butane warns about unknown keys (and aliased sections it cannot follow); the schemas refuse them.
      if (r.diagnostics.some((d) => d.code === "butane.key.unused" || d.code === "ignition.tree.mismatch")) continue;
      const validate = validatorFor(r.spec);
      if (!validate(parseYamlValue(text))) refused.push(`${input.file}: ${JSON.stringify(validate.errors)}`);
      checked++;
    }
    expect(refused).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});

/** One field of a schema, reached from the root: its struct's path (with 0 for a list's item) and its key. */
interface FieldSite {
  parent: PathElement[];
  key: string;
  schema: JsonSchema;
  siblings: string[];
}

function fieldSites(doc: JsonSchema): FieldSite[] {
  const defs = doc.$defs as Record<string, JsonSchema>;
  const deref = (s: JsonSchema) => (typeof s.$ref === "string" ? defs[s.$ref.slice("#/$defs/".length)]! : s);
  const out: FieldSite[] = [];
  const visit = (def: JsonSchema, at: PathElement[]) => {
    const props = def.properties as Record<string, JsonSchema>;
    for (const [key, prop] of Object.entries(props)) {
      out.push({ parent: at, key, schema: prop, siblings: Object.keys(props) });
      if (prop.$ref) visit(deref(prop), [...at, key]);
      const items = prop.items as JsonSchema | undefined;
      if (items?.$ref) visit(deref(items), [...at, key, 0]);
    }
  };
  visit(deref(doc), []);
  return out;
}

/** YAML lines that reach `parent` (0 for a list's first item) and set `key: value` there. */
function nest(parent: PathElement[], key: string, value: string): string[] {
  if (parent.length === 0) return [`${key}: ${value}`];
  const [head, ...rest] = parent;
  if (typeof rest[0] === "number") {
    const [first, ...more] = nest(rest.slice(1), key, value);
    return [`${head}:`, `  - ${first}`, ...more.map((l) => `    ${l}`)];
  }
  return [`${head}:`, ...nest(rest, key, value).map((l) => `  ${l}`)];
}

const documentAt = (spec: ButaneSpec, parent: PathElement[], key: string, value: string) =>
  `variant: ${spec.variant}\nversion: ${spec.version}\n${nest(parent, key, value).join("\n")}\n`;

/** A close misspelling of `key` that is no key of its mapping. */
function misspell(key: string, siblings: string[]): string {
  const candidates = [
    key.length > 3 ? key.slice(0, -2) + key.slice(-1) : "",
    key.slice(0, -2) + key.slice(-1) + key.slice(-2, -1),
    key + key.slice(-1),
  ];
  return candidates.find((c) => c.length > 0 && c !== key && !siblings.includes(c))!;
}

/** A value of the wrong type for a field, or undefined when every scalar fits (string fields). */
function wrongValue(schema: JsonSchema): string | undefined {
  if (schema.$ref) return "abc";
  const type = ([] as unknown[]).concat(schema.type ?? []);
  if (type.includes("array") || type.includes("object")) return "abc";
  if (type.includes("integer") || schema.anyOf) return "abc";
  if (type.includes("string") || schema.enum || schema.const) return "{a: 1}";
  return undefined;
}

const lineOf = (text: string, path: PathElement[]) => {
  const r = parseYaml(text);
  return r.ok ? yamlPositionFor(r.root, path, false)?.line : undefined;
};

describe.each(BUTANE_SPECS.map((spec) => [butaneSchemaFile(spec), spec] as const))("%s", (_file, spec) => {
  const doc = JSON.parse(readFileSync(join(DIR, butaneSchemaFile(spec)), "utf8")) as JsonSchema;
  const sites = fieldSites(doc).filter((s) => !(s.parent.length === 0 && (s.key === "variant" || s.key === "version")));

  test("a misspelled key is refused where the transpiler reports it unused, and its closest key is the field", () => {
    const validate = validatorFor(spec);
    for (const site of sites) {
      const wrong = misspell(site.key, site.siblings);
      const text = documentAt(spec, site.parent, wrong, "x");
      const reported = transpile(text, { raw: true })
        .diagnostics.filter((d) => d.code === "butane.key.unused")
        .map((d) => d.path);
      validate(parseYamlValue(text));
      const refused = (validate.errors ?? []).filter((e) => e.keyword === "additionalProperties").map(errorPath);
      expect({ text, refused }).toEqual({ text, refused: reported });
      expect(reported).toEqual([[...site.parent, wrong]]);
      expect(closestKey(wrong, site.siblings), wrong).toBe(site.key);
    }
  });

  test("a value of the wrong type is refused at the line the transpiler reports", () => {
    const validate = validatorFor(spec);
    let checked = 0;
    for (const site of sites) {
      const value = wrongValue(site.schema);
      if (value === undefined) continue;
      const text = documentAt(spec, site.parent, site.key, value);
      const failure = transpile(text, { raw: true }).failure ?? "";
      const reported = [...failure.matchAll(/line (\d+): cannot unmarshal/g)].map((m) => Number(m[1]));
      expect(validate(parseYamlValue(text)), text).toBe(false);
      const refused = [...new Set((validate.errors ?? []).map((e) => lineOf(text, errorPath(e))))];
      expect({ text, refused }).toEqual({ text, refused: reported });
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
