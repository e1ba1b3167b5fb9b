import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { goGzipBest } from "../../../src/emit/gzip/gzip.js";

interface Vector {
  name: string;
  input_base64: string;
  gzip_base64: string;
}

// CI always has the shared conformance tree; a missing file must fail, not skip.
const VECTORS_URL = new URL("../../../../shared/conformance/deflate/go-gzip-best.json", import.meta.url);
const vectors = (JSON.parse(readFileSync(VECTORS_URL, "utf8")) as { vectors: Vector[] }).vectors;

describe("goGzipBest matches Go's gzip at BestCompression", () => {
  it("has the shared vectors", () => {
    expect(vectors.length).toBeGreaterThanOrEqual(36);
  });

  it.each(vectors.map((v) => [v.name, v] as const))("%s", (_name, v) => {
    const input = new Uint8Array(Buffer.from(v.input_base64, "base64"));
    const got = Buffer.from(goGzipBest(input)).toString("base64");
    expect(got).toBe(v.gzip_base64);
  });

  it("matches again in reverse order (the reused compressor keeps no state)", () => {
    for (const v of [...vectors].reverse()) {
      const input = new Uint8Array(Buffer.from(v.input_base64, "base64"));
      expect(Buffer.from(goGzipBest(input)).toString("base64"), v.name).toBe(v.gzip_base64);
    }
  });
});
