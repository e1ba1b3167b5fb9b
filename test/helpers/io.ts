import { readFile } from "node:fs/promises";
import type { CommandIO } from "../../src/cli/io.js";

/** A CommandIO over buffers, for running commands in-process. */
export function memoryIO(stdin = "", env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = {
    readStdin: async () => Buffer.from(stdin, "utf8"),
    readFile: (p) => readFile(p),
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env,
    stderrIsTTY: false,
  };
  return { io, stdout: () => out.join(""), stderr: () => err.join("") };
}
