import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32, crc32Portable } from "../../../src/gocompat/flate/crc32.js";
import { goGzipBest } from "../../../src/gocompat/flate/gzip.js";
import { prng, CONFIG_WORDS as WORDS } from "../../helpers/prng.js";

/** Inputs of one of several shapes: random, small alphabets, skewed, text, copies, runs. */
function makeInput(rnd: () => number, kind: number, n: number): Uint8Array {
  const ri = (k: number) => Math.floor(rnd() * k);
  const b = new Uint8Array(n);
  switch (kind) {
    case 0:
      for (let i = 0; i < n; i++) b[i] = ri(256);
      break;
    case 1: {
      const k = 1 + ri(6);
      for (let i = 0; i < n; i++) b[i] = 97 + ri(k);
      break;
    }
    case 2: // geometric symbol frequencies: forces length-limited codes
      for (let i = 0; i < n; i++) {
        let j = 0;
        while (j < 40 && rnd() < 0.5) j++;
        b[i] = j;
      }
      break;
    case 3:
      for (let i = 0; i < n; ) {
        const w = WORDS[ri(WORDS.length)]!;
        for (let c = 0; c < w.length && i < n; c++) b[i++] = w.charCodeAt(c);
        if (i < n) b[i++] = rnd() < 0.1 ? 10 : 32;
      }
      break;
    case 4: // copies from up to 40000 bytes back, with literals between
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
    default: // long runs with rare changes
      for (let i = 0; i < n; i++) b[i] = rnd() < 0.005 ? ri(256) : i > 0 ? b[i - 1]! : 0;
  }
  return b;
}

const EDGE_SIZES = [0, 1, 2, 3, 4, 5, 258, 262, 263, 16384, 32767, 32768, 32769, 65273, 65274, 65535, 65536, 65537];

describe("goGzipBest round trip (gunzip gives the input back)", () => {
  const rnd = prng(0x5eed);
  const cases: [string, Uint8Array][] = [];
  for (let t = 0; t < 300; t++) {
    const kind = Math.floor(rnd() * 6);
    const r = rnd();
    const n =
      r < 0.3 ? EDGE_SIZES[Math.floor(rnd() * EDGE_SIZES.length)]! : r < 0.9 ? Math.floor(rnd() * 3000) : Math.floor(rnd() * 200000);
    cases.push([`#${t} kind ${kind} size ${n}`, makeInput(rnd, kind, n)]);
  }

  it.each(cases)("%s", (_name, input) => {
    const gz = goGzipBest(input);
    expect(Buffer.from(gunzipSync(gz)).equals(Buffer.from(input))).toBe(true);
    // Go's header (no name, MTIME 0, XFL 2, OS 255) and CRC-32 / ISIZE trailer.
    expect(Array.from(gz.subarray(0, 10))).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
    const view = new DataView(gz.buffer, gz.byteOffset, gz.byteLength);
    expect(view.getUint32(gz.length - 8, true)).toBe(crc32(input));
    expect(view.getUint32(gz.length - 4, true)).toBe(input.length);
  });

  it("handles 2 MiB of mixed data (window slides, unstorable blocks)", () => {
    const r2 = prng(99);
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 16; i++) parts.push(makeInput(r2, i % 6, 131072));
    const input = Buffer.concat(parts);
    expect(gunzipSync(goGzipBest(input)).equals(input)).toBe(true);
  });
});

describe("crc32", () => {
  it("matches known IEEE checksums", () => {
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new TextEncoder().encode("The quick brown fox jumps over the lazy dog"))).toBe(0x414fa339);
  });
  it("the portable version (Node before 20.15) agrees with the native one", () => {
    expect(crc32Portable(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    const data = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 2654435761) >>> 24);
    for (const n of [0, 1, 7, 8, 9, 4096, data.length]) expect(crc32Portable(data.subarray(0, n))).toBe(crc32(data.subarray(0, n)));
  });
});
