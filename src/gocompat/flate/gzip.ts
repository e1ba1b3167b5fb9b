/**
 * A gzip member byte-identical to what Go's compress/gzip writes for
 * gzip.NewWriterLevel(w, gzip.BestCompression), one Write(data), Close(),
 * computed by the WebAssembly build of the port (wasm/flate/, compiled into
 * flate-wasm.generated.ts by `npm run gen:wasm`) so it runs at compiled speed
 * from the first call. The TypeScript port it mirrors is gzip-js.ts.
 *
 * The module is compiled and instantiated synchronously on first use; each
 * call copies the input into its memory, runs the whole pipeline there, and
 * copies the gzip bytes out.
 */

import { FLATE_WASM_BASE64 } from "./flate-wasm.generated.js";

interface FlateWasm {
  /** Makes room for `len` input bytes and the output; returns the input's address. */
  prepare(len: number): number;
  /** Gzips the input placed at prepare(len)'s address; returns the output length. */
  gzip(len: number): number;
  /** Address of the last output. */
  output(): number;
  memory: { readonly buffer: ArrayBuffer };
}

/** The part of the WebAssembly API used here (the project's lib settings declare none of it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** The module's input limit (1.5 GiB: input, output room and state share 4 GiB of wasm32 memory). */
const MAX_INPUT = 0x60000000;

let flate: FlateWasm | undefined;

function instance(): FlateWasm {
  if (flate === undefined) {
    const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const module = new wasmApi.Module(Buffer.from(FLATE_WASM_BASE64, "base64"));
    flate = new wasmApi.Instance(module, {}).exports as FlateWasm;
  }
  return flate;
}

/** Gzips `data` exactly as Go's gzip writer does at BestCompression. */
export function goGzipBest(data: Uint8Array): Uint8Array {
  if (data.length > MAX_INPUT) throw new RangeError(`gzip: ${data.length} bytes is more than the 1.5 GiB this compressor takes`);
  const wasm = instance();
  const input = wasm.prepare(data.length);
  new Uint8Array(wasm.memory.buffer, input, data.length).set(data);
  const n = wasm.gzip(data.length);
  return new Uint8Array(wasm.memory.buffer, wasm.output(), n).slice();
}
