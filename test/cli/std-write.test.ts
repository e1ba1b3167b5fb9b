// fdWriter: the CLI's synchronous stdout/stderr. A full non-blocking pipe
// hands the rest to Node's stream without losing or reordering a byte, and
// a reader that goes away ends the output quietly.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const writer = join(import.meta.dirname, "../../dist/cli/std-write.js");

/** A child that writes `lines` numbered lines through fdWriter(1), 1,000 calls. */
function child(lines: number, touchStream: boolean) {
  const script = `
    import { fdWriter } from ${JSON.stringify(writer)};
    ${touchStream ? "process.stdout;" : ""}
    const out = fdWriter(1);
    for (let i = 0; i < ${lines}; i++) out(String(i).padStart(8, "0") + "x".repeat(200) + "\\n");
  `;
  return spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
}

const expected = (lines: number) => Array.from({ length: lines }, (_, i) => String(i).padStart(8, "0") + "x".repeat(200) + "\n").join("");

describe("fdWriter", () => {
  test.each([false, true])("delivers every byte in order to a slow reader (non-blocking pipe: %s)", async (nonBlocking) => {
    const lines = 20_000; // ~4 MB, far beyond a pipe's 64 KiB
    const p = child(lines, nonBlocking);
    p.stdout.pause();
    await new Promise((r) => setTimeout(r, 300)); // let the pipe fill up
    const chunks: Buffer[] = [];
    p.stdout.on("data", (c: Buffer) => chunks.push(c));
    p.stdout.resume();
    let stderr = "";
    p.stderr.on("data", (c: Buffer) => {
      stderr += c;
    });
    const code = await new Promise((r) => p.on("close", r));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(Buffer.concat(chunks).toString() === expected(lines)).toBe(true);
  });

  test.each([false, true])("stops quietly when the reader goes away (non-blocking pipe: %s)", async (nonBlocking) => {
    const p = child(200_000, nonBlocking);
    let stderr = "";
    p.stderr.on("data", (c: Buffer) => {
      stderr += c;
    });
    p.stdout.once("data", () => p.stdout.destroy());
    const code = await new Promise((r) => p.on("close", r));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
