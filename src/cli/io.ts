/**
 * What a command may touch. The entry point (src/cli.ts) binds it to the real
 * process; tests bind it to buffers, so commands run in-process.
 */
import { renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export interface CommandIO {
  readStdin(): Promise<Uint8Array>;
  readFile(path: string): Promise<Uint8Array>;
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  stderrIsTTY: boolean;
}

/** Writes `path` whole or not at all: a temporary file beside it, renamed over it. */
export function writeAtomically(path: string, data: string | Uint8Array, mode = 0o644): void {
  const tmp = join(dirname(path), `.${basename(path)}.kindling-${process.pid}.tmp`);
  writeFileSync(tmp, data, { mode });
  renameSync(tmp, path);
}

/** FILE's bytes (standard input for "-"), or undefined after saying on stderr why it cannot be read. */
export async function readInput(io: CommandIO, file: string): Promise<Uint8Array | undefined> {
  try {
    return file === "-" ? await io.readStdin() : await io.readFile(file);
  } catch (err) {
    io.stderr(`Error: ${describeIoError(file, err)}\n`);
    return undefined;
  }
}

/** A command returns its exit status. */
export type Command = (args: string[], io: CommandIO) => Promise<number>;

/** Node's I/O errors as one line: "open config.ign: no such file or directory". */
export function describeIoError(path: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EISDIR: "is a directory",
  };
  return `open ${path}: ${(e.code && reasons[e.code]) ?? e.message}`;
}

/** A secret from FILE (trimmed), else from the environment; an error when unreadable or shorter than `min`. */
export async function readSecret(
  io: CommandIO,
  file: string | undefined,
  fromEnv: string | undefined,
  what: string,
  min: number,
): Promise<{ value?: string; error?: string }> {
  let value = fromEnv;
  if (file !== undefined) {
    try {
      value = Buffer.from(await io.readFile(file))
        .toString("utf8")
        .trim();
    } catch (err) {
      return { error: `cannot read ${what}: ${describeIoError(file, err)}` };
    }
  }
  if (value !== undefined && value.length < min) return { error: `${what} must be at least ${min} characters` };
  return value === undefined ? {} : { value };
}
