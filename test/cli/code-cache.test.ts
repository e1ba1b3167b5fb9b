import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, test } from "vitest";
import { cachePathFor, loadWithCodeCache } from "../../src/cli/code-cache.js";

function bundle(source = 'const path = require("node:path"); exports.answer = () => path.basename(__filename) + ":" + 42;') {
  const dir = mkdtempSync(join(tmpdir(), "kindling-code-cache-"));
  const file = join(dir, "command.cjs");
  writeFileSync(file, source);
  return { dir, file };
}

describe("loading a bundled command with V8's code cache", () => {
  test("the first run has no cache and writes one; the next run uses it", () => {
    const { dir, file } = bundle();
    const first = loadWithCodeCache(file);
    expect((first.exports.answer as () => string)()).toBe("command.cjs:42");
    expect(first.cache).toBe("missing");
    first.saveCache();
    expect(existsSync(cachePathFor(file))).toBe(true);
    expect(cachePathFor(file)).toContain(process.versions.v8);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const second = loadWithCodeCache(file);
    expect(second.cache).toBe("used");
    expect((second.exports.answer as () => string)()).toBe("command.cjs:42");
  });
  test("a cache for other source is refused by V8 and the command still runs", () => {
    const { file } = bundle();
    writeFileSync(cachePathFor(file), "not a code cache");
    const loaded = loadWithCodeCache(file);
    expect(loaded.cache).toBe("rejected");
    expect((loaded.exports.answer as () => string)()).toBe("command.cjs:42");
  });
  test("when the cache cannot be written the command runs anyway and leaves nothing behind", () => {
    const { dir, file } = bundle();
    mkdirSync(cachePathFor(file)); // rename onto a directory fails, even for root
    const loaded = loadWithCodeCache(file);
    expect(loaded.cache).toBe("missing");
    expect(() => loaded.saveCache()).not.toThrow();
    expect(readdirSync(dir).sort()).toEqual(["command.cjs", basename(cachePathFor(file))].sort());
  });
});
