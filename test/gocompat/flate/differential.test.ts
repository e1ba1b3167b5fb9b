// The WebAssembly gzip (goGzipBest) against the TypeScript port it was made
// from (goGzipBestJs, itself checked against Go's recorded output): the same
// bytes for many deterministic inputs of every shape around the sizes where
// Go's compressor changes course (match limits, window slides, block and
// stored-block limits). The sequence is long enough (over 256 calls, large
// inputs late) that the wasm module's reused hash tables pass their position
// rebase as well.
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { goGzipBest } from "../../../src/gocompat/flate/gzip.js";
import { goGzipBestJs } from "../../../src/gocompat/flate/gzip-js.js";
import { prng, CONFIG_WORDS as WORDS } from "../../helpers/prng.js";

const KINDS = ["text", "random", "repeat", "mix", "skewed", "copies"] as const;
type Kind = (typeof KINDS)[number];

function makeInput(kind: Kind, n: number, seed: number): Uint8Array {
  const rnd = prng(seed);
  const ri = (k: number) => Math.floor(rnd() * k);
  const b = new Uint8Array(n);
  switch (kind) {
    case "text":
      for (let i = 0; i < n; ) {
        const w = WORDS[ri(WORDS.length)]!;
        for (let c = 0; c < w.length && i < n; c++) b[i++] = w.charCodeAt(c);
        if (i < n) b[i++] = rnd() < 0.1 ? 10 : 32;
      }
      break;
    case "random":
      for (let i = 0; i < n; i++) b[i] = ri(256);
      break;
    case "repeat": {
      const unit = 1 + ri(300);
      for (let i = 0; i < n; i++) b[i] = i < unit ? ri(256) : b[i - unit]!;
      break;
    }
    case "mix": // stretches of text, random bytes and runs
      for (let i = 0; i < n; ) {
        const len = 1 + ri(5000);
        const what = ri(3);
        for (let k = 0; k < len && i < n; k++, i++) {
          b[i] = what === 0 ? 97 + ri(8) : what === 1 ? ri(256) : 120;
        }
      }
      break;
    case "skewed": // geometric symbol frequencies: length-limited codes
      for (let i = 0; i < n; i++) {
        let j = 0;
        while (j < 40 && rnd() < 0.5) j++;
        b[i] = j;
      }
      break;
    case "copies": // copies from up to 40000 bytes back, literals between
      for (let i = 0; i < n; ) {
        if (i < 64 || rnd() < 0.1) {
          b[i++] = ri(256);
          continue;
        }
        const d = 1 + ri(Math.min(i, rnd() < 0.5 ? 40000 : 300));
        const len = 1 + ri(rnd() < 0.2 ? 600 : 20);
        for (let k = 0; k < len && i < n; k++, i++) b[i] = b[i - d]!;
      }
      break;
  }
  return b;
}

const SIZES = [
  0, 1, 2, 3, 4, 5, 10, 100, 257, 258, 259, 262, 263, 1000, 4096, 16383, 16384, 16385, 32767, 32768, 32769, 65273, 65274, 65535, 65536,
  65537, 200_000,
];

function same(input: Uint8Array, label: string): void {
  const wasm = goGzipBest(input);
  const js = goGzipBestJs(input);
  if (!Buffer.from(wasm).equals(Buffer.from(js))) {
    expect.fail(`${label}: wasm ${wasm.length} bytes, js ${js.length} bytes, first difference at ${firstDifference(wasm, js)}`);
  }
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

describe("wasm goGzipBest gives the TypeScript port's bytes", () => {
  it.each(KINDS)("%s at the edge sizes", (kind) => {
    for (const [i, n] of SIZES.entries()) same(makeInput(kind, n, 1000 * i + n + 1), `${kind} ${n}`);
  });

  it("many small inputs, then large ones (the hash position offset rebases)", () => {
    for (let i = 0; i < 300; i++) {
      const kind = KINDS[i % KINDS.length]!;
      same(makeInput(kind, 1 + ((i * 977) % 3000), i + 7), `${kind} small #${i}`);
    }
    for (const [i, kind] of KINDS.entries()) same(makeInput(kind, 70_000 + i * 13_001, 99 + i), `${kind} large #${i}`);
  });

  it("a few MB of mixed content, once", () => {
    const parts = [makeInput("text", 1_500_000, 5), makeInput("random", 300_000, 6), makeInput("copies", 700_000, 7)];
    const input = Buffer.concat(parts);
    same(input, "3 MB mix");
    expect(gunzipSync(goGzipBest(input)).equals(input)).toBe(true);
  });

  it("the output is a fresh copy, not a view of wasm memory", () => {
    const a = goGzipBest(makeInput("text", 5000, 1));
    const copy = Buffer.from(a);
    goGzipBest(makeInput("random", 5000, 2));
    expect(Buffer.from(a).equals(copy)).toBe(true);
  });
});
