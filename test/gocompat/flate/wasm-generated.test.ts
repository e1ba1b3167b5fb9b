// flate-wasm.generated.ts is what asc makes of wasm/flate/ today (the drift
// check, like the other generated files), and the module it holds is
// self-contained: no imports, the three entry points and its memory.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { buildFlateWasm, WASM_OUTPUT_PATH, wasmSource } from "../../../scripts/gen-wasm.mjs";
import { FLATE_WASM_BASE64 } from "../../../src/gocompat/flate/flate-wasm.generated.js";

describe("the generated wasm module", () => {
  test("flate-wasm.generated.ts matches the AssemblyScript sources", async () => {
    const bytes = await buildFlateWasm();
    expect(readFileSync(WASM_OUTPUT_PATH, "utf8"), "flate-wasm.generated.ts is stale: run npm run gen:wasm").toBe(wasmSource(bytes));
  }, 60_000);

  test("imports nothing and exports prepare, gzip, output and memory", () => {
    const module = new WebAssembly.Module(Buffer.from(FLATE_WASM_BASE64, "base64"));
    expect(WebAssembly.Module.imports(module)).toEqual([]);
    expect(
      WebAssembly.Module.exports(module)
        .map((e) => `${e.name}:${e.kind}`)
        .sort(),
    ).toEqual(["gzip:function", "memory:memory", "output:function", "prepare:function"]);
  });
});
