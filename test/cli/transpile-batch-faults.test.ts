// One bad input never sinks an --out-dir batch: a NUL byte the script target
// cannot carry is that file's located error, and even a kindling bug met on
// one input is reported for that input while the others are written.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test, vi } from "vitest";
import { memoryIO } from "../helpers/io.js";

vi.mock("../../src/transpile.js", async (original) => {
  const real = await original<typeof import("../../src/transpile.js")>();
  return {
    ...real,
    transpile: (source: string | Uint8Array, options: Parameters<typeof real.transpile>[1]) => {
      if (Buffer.from(source).includes("# trip a bug")) throw new TypeError("Cannot read properties of undefined (reading 'path')");
      return real.transpile(source, options);
    },
  };
});
const { transpileCommand } = await import("../../src/cli/transpile.js");

const good = "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/a\n      contents: {inline: a}\n";
const nul = 'variant: fcos\nversion: 1.5.0\npasswd:\n  users:\n    - name: "co\\0re"\n';

async function batch(files: Record<string, string>, ...args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "kindling-batch-faults-"));
  const inputs = Object.entries(files).map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
  const m = memoryIO();
  const code = await transpileCommand(["--raw-errors", "--jobs", "1", "--out-dir", join(dir, "out"), ...args, ...inputs], m.io);
  return { code, stderr: m.stderr(), out: join(dir, "out"), inputs };
}

describe("--out-dir with a bad input among good ones", () => {
  test("a NUL the script target cannot carry is that input's located error; the others are written", async () => {
    const r = await batch({ "a.bu": good, "nul.bu": nul, "b.bu": good }, "--target", "script");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error at $.passwd.users.0.name, line 5 col 13: the script target cannot carry a NUL byte here");
    expect(r.stderr).toContain(`${r.inputs[1]}: not written\n`);
    expect(r.stderr.endsWith("2 written, 1 failed\n")).toBe(true);
    expect(["a.sh", "b.sh"].every((f) => existsSync(join(r.out, f)))).toBe(true);
  });

  test("a kindling bug on one input is reported for it, the batch goes on, and the exit status says bug", async () => {
    const r = await batch({ "a.bu": good, "bug.bu": good + "# trip a bug\n", "b.bu": good });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `${r.inputs[1]}: kindling: internal error (a kindling bug; please report it): Cannot read properties of undefined (reading 'path')\n`,
    );
    expect(r.stderr.endsWith("2 written, 1 failed\n")).toBe(true);
    expect(["a.ign", "b.ign"].every((f) => existsSync(join(r.out, f)))).toBe(true);
  });
});
