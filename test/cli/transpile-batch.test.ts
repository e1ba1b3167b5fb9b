// --out-dir batches through the built command, where inputs are spread over
// worker threads: the result must not depend on the number of threads.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";

const cli = resolve(import.meta.dirname, "../../dist/cli.js");

function inputs(): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "kindling-batch-threads-"));
  const files: string[] = [];
  for (let i = 0; i < 24; i++) {
    const body =
      i % 7 === 3
        ? `variant: fcos\nversion: 1.6.0\nstorage:\n  files:\n    - path: relative/${i}\n`
        : `variant: fcos\nversion: 1.${i % 7}.0\nstorage:\n  files:\n    - path: /etc/f${i}\n      contents:\n        inline: |\n${"          line of text\n".repeat(i * 10)}`;
    const file = join(dir, `c${String(i).padStart(2, "0")}.bu`);
    writeFileSync(file, body);
    files.push(file);
  }
  return { dir, files };
}

function run(files: string[], out: string, jobs: string) {
  const r = spawnSync(process.execPath, [cli, "transpile", "--raw-errors", "--jobs", jobs, "--out-dir", out, ...files], {
    encoding: "utf8",
  });
  const written = Object.fromEntries(
    readdirSync(out)
      .sort()
      .map((f) => [f, readFileSync(join(out, f), "utf8")]),
  );
  return { status: r.status, stderr: r.stderr, written };
}

describe("transpile --out-dir with threads", () => {
  test("one thread and several give the same files, the same report in input order, the same exit status", () => {
    const { dir, files } = inputs();
    const one = run(files, join(dir, "one"), "1");
    const three = run(files, join(dir, "three"), "3");
    expect(three).toEqual(one);
    expect(one.status).toBe(1);
    expect(Object.keys(one.written)).toHaveLength(24 - 3);
    const failures = one.stderr.split("\n").filter((l) => l.endsWith(": not written"));
    expect(failures).toEqual([3, 10, 17].map((i) => `${files[i]}: not written`));
    expect(one.written["c01.ign"]).toContain('"version":"3.1.0"');
  });
  test("--jobs needs a positive number", () => {
    const r = spawnSync(process.execPath, [cli, "transpile", "--jobs", "0", "--out-dir", tmpdir(), "x.bu"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('invalid argument "0" for --jobs');
  });
});
