// goGzipBestAll from the compiled modules (dist/), where worker threads exist:
// every result equals goGzipBest's for the same input, in input order.
import { describe, expect, test } from "vitest";
import { goGzipBest } from "../../../src/gocompat/flate/gzip.js";

const { goGzipBestAll, PARALLEL_FROM } = (await import(new URL("../../../dist/gocompat/flate/gzip-pool.js", import.meta.url).href)) as {
  goGzipBestAll: (inputs: Uint8Array[]) => Uint8Array[];
  PARALLEL_FROM: number;
};

/** Text-like bytes that compress about as much as config files do. */
function input(seed: number, size: number): Uint8Array {
  const words = ["alpha", "bravo", "charlie", "delta", "echo", "fox", "golf", "hotel"];
  let x = seed * 2654435761;
  let s = "";
  while (s.length < size) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += words[x % words.length] + (x % 7 === 0 ? "\n" : " ");
  }
  return Buffer.from(s.slice(0, size));
}

describe("goGzipBestAll", () => {
  test("above the threshold: the same bytes as goGzipBest, in input order", () => {
    const inputs = [input(0, 0), input(1, 70_000)];
    for (let i = 2; total(inputs) < PARALLEL_FROM + 50_000; i++) inputs.push(input(i, 500 + ((i * 977) % 9000)));
    const all = goGzipBestAll(inputs);
    expect(all.length).toBe(inputs.length);
    for (let i = 0; i < inputs.length; i++) expect(Buffer.from(all[i]!).equals(Buffer.from(goGzipBest(inputs[i]!)))).toBe(true);
  });

  test("below the threshold (no threads): the same bytes too", () => {
    const inputs = [input(7, 100), input(8, 3000)];
    expect(goGzipBestAll(inputs).map((b) => Buffer.from(b).toString("hex"))).toEqual(
      inputs.map((b) => Buffer.from(goGzipBest(b)).toString("hex")),
    );
  });
});

function total(inputs: Uint8Array[]): number {
  return inputs.reduce((n, b) => n + b.length, 0);
}
