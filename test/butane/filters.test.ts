// A Butane version's field filters are the ones its table row names, not
// guessed from its version string.
import { describe, expect, test } from "vitest";
import { filtersFor } from "../../src/butane/filters.js";
import type { ButaneSpec } from "../../src/butane/registry.js";

const texts = (spec: ButaneSpec) => filtersFor(spec).map((f) => f.message.text);

describe("filtersFor", () => {
  test("a stabilised flatcar version keeps the filters its row names", () => {
    // The day flatcar 1.2.0 leaves experimental it still has Clevis and still lacks CEX.
    expect(texts({ variant: "flatcar", version: "1.2.0", base: "v0_8_exp", forbids: ["cex"] })).toEqual([
      "cex is not currently supported on the target platform",
    ]);
  });
  test("an experimental version that forbids nothing gets no filter", () => {
    expect(texts({ variant: "flatcar", version: "1.3.0-experimental", base: "v0_8_exp", forbids: [] })).toEqual([]);
  });
  test("a row's filters report in the order it names them", () => {
    expect(texts({ variant: "r4e", version: "1.0.0", base: "v0_4", forbids: ["raid", "kernel-arguments"] })).toEqual([
      "raid is not supported in this spec version",
      "kernel argument customization is not supported in this spec version",
    ]);
  });
});
