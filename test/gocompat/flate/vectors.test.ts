import { readdirSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { goGzipBest } from "../../../src/gocompat/flate/gzip.js";
import { goGzipBestJs } from "../../../src/gocompat/flate/gzip-js.js";

// Go's own gzip output for each vector (see test/fixtures/go-gzip/README.md);
// the input is recovered with Node's zlib, an independent inflater.
const DIR = new URL("../../fixtures/go-gzip/", import.meta.url);
const vectors = readdirSync(DIR)
  .filter((f) => f.endsWith(".gz"))
  .sort()
  .map((f) => {
    const go = readFileSync(new URL(f, DIR));
    return { name: f.slice(0, -3), go, input: new Uint8Array(gunzipSync(go)) };
  });

describe("goGzipBest (wasm) matches Go's gzip at BestCompression", () => {
  it("has the recorded vectors", () => {
    expect(vectors.length).toBeGreaterThanOrEqual(36);
  });

  it.each(vectors.map((v) => [v.name, v] as const))("%s", (_name, v) => {
    expect(Buffer.from(goGzipBest(v.input)).equals(v.go)).toBe(true);
  });

  it("matches again in reverse order (the reused compressor keeps no state)", () => {
    for (const v of [...vectors].reverse()) {
      expect(Buffer.from(goGzipBest(v.input)).equals(v.go), v.name).toBe(true);
    }
  });
});

// The TypeScript port stays checked against Go too: it is the oracle of the
// wasm module's differential test.
describe("goGzipBestJs (the TypeScript port) matches Go's gzip at BestCompression", () => {
  it.each(vectors.map((v) => [v.name, v] as const))("%s", (_name, v) => {
    expect(Buffer.from(goGzipBestJs(v.input)).equals(v.go)).toBe(true);
  });
});
