// The fuzzer's parts (scripts/fuzz/): cases reproducible from (seed, index)
// and covering every entry point, target, option and spec version; the
// property check; signatures; minimisation; the store.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCase } from "../../scripts/fuzz/cases.mjs";
import { loadLibrary } from "../../scripts/fuzz/library.mjs";
import { budgetOf, ddmin, minimiseCase } from "../../scripts/fuzz/minimise.mjs";
import { buildCorpus } from "../../scripts/fuzz/seeds.mjs";
import { hashOf, loadStored, storeCase } from "../../scripts/fuzz/store.mjs";
import { problemWith, runCase, signatureOf } from "../../scripts/fuzz/targets.mjs";
import { slowCandidates, Timing } from "../../scripts/fuzz/timing.mjs";
import type { Corpus, FuzzCase, FuzzLibrary } from "../helpers/fuzz-shapes.js";

const root = join(import.meta.dirname, "../..");
let L: FuzzLibrary;
let corpus: Corpus;
beforeAll(async () => {
  L = await loadLibrary(root);
  corpus = buildCorpus(L);
});

describe("cases", () => {
  it("are the same for the same seed and index, and differ between indexes", () => {
    for (let i = 0; i < 50; i++) {
      const a = makeCase(corpus, L, "s", i);
      const b = makeCase(corpus, L, "s", i);
      expect(Buffer.from(b.input).equals(Buffer.from(a.input))).toBe(true);
      expect(b.options).toEqual(a.options);
    }
    const distinct = new Set(Array.from({ length: 50 }, (_, i) => Buffer.from(makeCase(corpus, L, "s", i).input).toString("base64")));
    expect(distinct.size).toBeGreaterThan(45);
  });

  it("reach every entry point, target, option, input form and Ignition spec version", () => {
    const seen = new Set<string>();
    const decoder = new TextDecoder();
    for (let i = 0; i < 3000; i++) {
      const c = makeCase(corpus, L, "coverage", i, { grow: false });
      seen.add(`entry ${c.entry}`);
      seen.add(`as ${c.as}`);
      for (const [k, v] of Object.entries(c.options)) seen.add(k === "target" || k === "filesDir" ? `${k} ${v}` : k);
      const version = /"version": ?"([^"]*)"/.exec(decoder.decode(c.input))?.[1];
      if (c.entry === "validateIgnition" && version) seen.add(`ignition ${version}`);
    }
    const expected = [
      "entry transpile",
      "entry validateIgnition",
      "entry validateCloudConfig",
      "as text",
      "as bytes",
      "target ignition",
      "target cloud-config",
      "target cloud-init",
      "target script",
      "pretty",
      "raw",
      "strict",
      "verify",
      "filesDir examples",
      "filesDir test/fixtures/fuzz-files",
      ...L.ignitionVersions.map((v: string) => `ignition ${v}`),
    ];
    expect(expected.filter((e) => !seen.has(e))).toEqual([]);
  });

  it("come from seeds in test/fixtures and examples/ (not stored fuzz cases), Butane, Ignition and cloud-config", () => {
    const names = [...corpus.butane, ...corpus.ignition, ...corpus.cloudConfig].map((s) => s.name);
    expect(names).toContain("examples/webserver.bu");
    expect(names).toContain("examples/raid-luks.ign");
    expect(names).toContain("test/fixtures/fuzz-seeds/coreos-cloud-config.yaml");
    expect(names.some((n: string) => n.startsWith("test/fixtures/ignition-validate/"))).toBe(true);
    expect(names.filter((n: string) => n.startsWith("test/fixtures/fuzz/"))).toEqual([]);
    expect(corpus.cloudConfig.length).toBeGreaterThan(3);
  });

  it("include grown inputs of about 100 KB, each with its half for the linear-time check", () => {
    const grown = [];
    for (let i = 0; grown.length < 3 && i < 10_000; i++) {
      const c = makeCase(corpus, L, "grow", i);
      if (c.half) grown.push(c);
    }
    expect(grown).toHaveLength(3);
    for (const c of grown) {
      expect(c.input.length).toBeGreaterThan(50_000);
      expect(c.half.length).toBeGreaterThan(c.input.length * 0.3);
      expect(c.half.length).toBeLessThan(c.input.length * 0.7);
    }
  });
});

describe("the property", () => {
  const fake = (lib: Record<string, unknown>) => ({ root, lib });
  const c = { entry: "transpile", input: new Uint8Array([0x61]), as: "bytes", options: {} };

  it("calls a thrown exception a crash, with its signature", () => {
    const v = runCase(
      fake({
        transpile: () => {
          throw new TypeError("boom");
        },
      }),
      c,
    );
    expect(v.kind).toBe("crash");
    expect(v.signature).toMatch(/^TypeError at /);
    expect(v.stack).not.toContain(root);
  });

  it("requires output or a failure, and a path or position on every error", () => {
    const located = { severity: "error", code: "x", message: "m", path: ["a"] };
    expect(problemWith("transpile", { diagnostics: [located], failure: "bad" })).toBeUndefined();
    expect(problemWith("transpile", { diagnostics: [], output: "{}" })).toBeUndefined();
    expect(problemWith("transpile", { diagnostics: [] })).toBe("neither output nor failure");
    expect(problemWith("transpile", { diagnostics: [{ ...located, path: [] }], failure: "bad" })).toMatch(/without a path or position/);
    expect(
      problemWith("transpile", { diagnostics: [{ ...located, path: [], span: { line: 1, column: 1 } }], failure: "bad" }),
    ).toBeUndefined();
    expect(problemWith("transpile", { diagnostics: [{ ...located, severity: "warning", path: [] }], output: "{}" })).toBeUndefined();
    expect(problemWith("validateCloudConfig", [{ ...located, message: "" }])).toMatch(/without a message/);
    expect(problemWith("validateIgnition", { diagnostics: [], failure: { code: "c", text: "" } })).toBe("failure without a message");
    expect(problemWith("validateIgnition", { diagnostics: [] })).toBe("no config and no reason");
  });

  it("names a crash by class, code and first frame in the library, without line numbers or paths", () => {
    const e: Error & { code?: string } = new TypeError('The "path" argument must be of type string. Received undefined');
    e.code = "ERR_INVALID_ARG_TYPE";
    e.stack = `TypeError: x\n    at join (node:path:1305:7)\n    at joinFilesDir (file://${root}/dist/translate/local-files.js:13:22)\n    at localPath (file://${root}/dist/translate/local-files.js:34:18)`;
    expect(signatureOf(e)).toBe("TypeError [ERR_INVALID_ARG_TYPE] at joinFilesDir (translate/local-files.js)");
    const f = new Error("a NUL byte cannot be passed to sh");
    f.stack = `Error: a\n    at shQuote (file://${root}/dist/emit/legacy/sh.js:11:15)\n    at String.sq (file://${root}/dist/emit/legacy/script.js:9:69)`;
    expect(signatureOf(f)).toBe("Error at shQuote (emit/legacy/sh.js)");
    expect(signatureOf("text")).toBe("throw string: text");
  });
});

describe("minimisation", () => {
  it("ddmin keeps only what the failure needs", async () => {
    const units = Array.from({ length: 100 }, (_, i) => i);
    const kept = await ddmin(units, async (u: number[]) => u.includes(17) && u.includes(83));
    expect(kept).toEqual([17, 83]);
  });

  it("stops with what it has when its budget of runs or time is spent", async () => {
    const units = Array.from({ length: 100 }, (_, i) => i);
    const test = async (u: number[]) => u.includes(17);
    expect(await ddmin(units, test, { runs: 5000, until: Date.now() - 1 })).toEqual(units);
    expect((await ddmin(units, test, { runs: 3 })).length).toBeGreaterThan(1);
    expect(await ddmin(units, test, budgetOf())).toEqual([17]);
  });

  it("reduces a case to the bytes and options that give the same signature", async () => {
    const input = new TextEncoder().encode("variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /a\u0000b\n");
    const original = { entry: "transpile", input, as: "text", options: { target: "script", pretty: true, strict: true, verify: true } };
    const run = (c: FuzzCase) =>
      c.input.includes(0) && c.options.target === "script"
        ? { kind: "crash", signature: "S" }
        : c.input.includes(0)
          ? { kind: "crash", signature: "T" }
          : { kind: "ok" };
    const small = await minimiseCase(original, "S", run);
    expect([...small.input]).toEqual([0]);
    expect(small.options).toEqual({ target: "script" });
    expect(small.as).toBe("bytes");
  });

  it("drops an option the large input needed once the small input does without it", async () => {
    const input = new TextEncoder().encode("local: x\n\u0000\n");
    const original = { entry: "transpile", input, as: "bytes", options: { target: "ignition", filesDir: "examples" } };
    const needsFilesDir = (c: FuzzCase) => new TextDecoder().decode(c.input).includes("local") && !c.options.filesDir;
    const run = (c: FuzzCase) =>
      needsFilesDir(c) ? { kind: "ok" } : c.input.includes(0) ? { kind: "crash", signature: "S" } : { kind: "ok" };
    const small = await minimiseCase(original, "S", run);
    expect([...small.input]).toEqual([0]);
    expect(small.options).toEqual({ target: "ignition" });
  });
});

describe("the store", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "fuzz-store-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the input and a sidecar named by the signature's hash, and reads them back", () => {
    const c = { entry: "validateIgnition", input: new Uint8Array([0x7b, 0x00]), as: "bytes", options: {} };
    const name = storeCase(dir, c, { kind: "crash", signature: "Error at f (a.js)", message: "m" });
    expect(name).toBe(`${hashOf("Error at f (a.js)")}.ign`);
    storeCase(dir, c, { kind: "crash", signature: "Error at f (a.js)", message: "m" });
    expect(readdirSync(dir).sort()).toEqual([`${hashOf("Error at f (a.js)")}.ign`, `${hashOf("Error at f (a.js)")}.json`]);
    const [stored] = loadStored(dir);
    expect(stored.case).toEqual(c);
    expect(stored.sidecar).toMatchObject({ entry: "validateIgnition", signature: "Error at f (a.js)", kind: "crash" });
  });
});

describe("timing", () => {
  it("re-times superlinear candidates first and only a few of each kind, so one slow kind cannot crowd out the rest", () => {
    const t = new Timing();
    for (let i = 0; i < 200; i++) t.add(i, "validateIgnition", 1000, 0.5);
    for (let i = 200; i < 230; i++) t.add(i, "validateCloudConfig", 1000, 2000); // an alias nest, thirty times
    for (let i = 0; i < 200; i++) t.add(1000 + i, "validateCloudConfig", 1000, 0.5);
    t.add(500, "transpile", 100_000, 40);
    t.addGrowth(500, "transpile", 100_000, 40, 10);
    const { candidates } = slowCandidates([t.toJSON()]);
    expect(candidates[0]).toMatchObject({ index: 500, why: "superlinear" });
    expect(candidates.filter((c: { key: string }) => c.key.startsWith("validateCloudConfig")).length).toBe(3);
  });
});
