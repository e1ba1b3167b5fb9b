// A storage.trees above gzip-pool's threshold, through the built CLI (where
// its files are gzipped on worker threads): the output equals the library's
// from the sources, where everything runs on one thread.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { transpile } from "../../src/transpile.js";

test("a large tree transpiles to the same bytes with threads as without", () => {
  const dir = mkdtempSync(join(tmpdir(), "kindling-tree-threads-"));
  for (let d = 0; d < 4; d++) {
    mkdirSync(join(dir, "tree", `d${d}`), { recursive: true });
    for (let f = 0; f < 60; f++) {
      let body = "";
      for (let l = 0; body.length < 5000; l++) body += `line ${d}-${f}-${l} ${((d * 60 + f) * 7919 + l * 104729) % 100003}\n`;
      writeFileSync(join(dir, "tree", `d${d}`, `f${f}.txt`), body);
    }
  }
  const config = "variant: fcos\nversion: 1.6.0\nstorage:\n  trees:\n    - local: tree\n      path: /srv\n";
  writeFileSync(join(dir, "tree.bu"), config);
  const cli = spawnSync(
    process.execPath,
    [new URL("../../dist/cli.js", import.meta.url).pathname, "transpile", "-d", dir, join(dir, "tree.bu")],
    {
      encoding: "utf8",
      maxBuffer: 64 << 20,
    },
  );
  expect(cli.status).toBe(0);
  const lib = transpile(config, { filesDir: dir });
  expect(cli.stdout).toBe(lib.output + "\n");
});
