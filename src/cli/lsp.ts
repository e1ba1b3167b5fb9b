/**
 * `kindling lsp --stdio`: the language server (src/lsp/) over standard input
 * and output, for editors. It runs until the client sends exit.
 */
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver/node";
import { startServer } from "../lsp/server.js";
import { usageError } from "./args.js";
import type { CommandIO } from "./io.js";

const USAGE = `Usage: kindling lsp --stdio

A language server for Butane configs: the transpiler's diagnostics as you
type, completion and hover from the config's variant and version, and quick
fixes (octal modes, absolute paths, misspelled keys). It speaks LSP over
standard input and output.

initializationOptions:
  filesDir   the files directory for local: paths (like transpile -d)
`;

export async function lspCommand(args: string[], io: CommandIO): Promise<number> {
  if (args.includes("-h") || args.includes("--help")) {
    io.stdout(USAGE);
    return 0;
  }
  const unknown = args.find((a) => a !== "--stdio");
  if (unknown !== undefined || !args.includes("--stdio")) {
    return usageError(
      io,
      "lsp",
      unknown !== undefined ? `unknown flag: ${unknown}` : "--stdio is the only transport: kindling lsp --stdio",
    );
  }
  const connection = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(process.stdin),
    new StreamMessageWriter(process.stdout),
  );
  startServer(connection);
  // The connection exits the process when the client says exit.
  return new Promise<number>(() => {});
}
