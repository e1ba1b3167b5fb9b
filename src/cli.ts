#!/usr/bin/env node
/**
 * The `kindling` command: binds commands to the process. Each command module
 * is loaded only when it runs, so start-up stays small.
 */
import { readFile } from "node:fs/promises";
import type { Command, CommandIO } from "./cli/io.js";

const COMMANDS: Record<string, () => Promise<Command>> = {
  validate: async () => (await import("./cli/validate.js")).validateCommand,
  transpile: async () => (await import("./cli/transpile.js")).transpileCommand,
};

const USAGE = `Usage: kindling <command> [options]

Commands:
  transpile [FILE]   Butane YAML to Ignition JSON (butane compatible)
  validate FILE|-    check an Ignition config (ignition-validate compatible)

Run "kindling <command> --help" for a command's options.
`;

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const io: CommandIO = {
  readStdin,
  readFile: (path) => readFile(path),
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  stderrIsTTY: process.stderr.isTTY === true,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    io.stdout(USAGE);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`kindling: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return 2;
  }
  return (await load())(rest, io);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Only bugs reach here; user errors are diagnostics.
    process.stderr.write(`kindling: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 3;
  },
);
