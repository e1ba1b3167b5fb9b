// A real LSP client for the tests: `node dist/cli.js lsp --stdio` spawned and
// driven over its standard input and output with vscode-languageserver-protocol.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  type InitializeResult,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";

const CLI = join(import.meta.dirname, "../../dist/cli.js");

export interface LspClient {
  connection: ProtocolConnection;
  child: ChildProcess;
  initialized: InitializeResult;
  /** Opens (version 1) or changes (later versions) a document and resolves with the diagnostics published for that version. */
  publish(uri: string, text: string, version: number): Promise<PublishDiagnosticsParams>;
  /** shutdown, exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startClient(initializationOptions: Record<string, unknown> = {}): Promise<LspClient> {
  const child = spawn(process.execPath, [CLI, "lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting = new Map<string, (p: PublishDiagnosticsParams) => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const key = `${p.uri}@${p.version}`;
    waiting.get(key)?.(p);
    waiting.delete(key);
  });
  connection.listen();
  const initialized = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    initializationOptions,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    connection,
    child,
    initialized,
    publish(uri, text, version) {
      const published = new Promise<PublishDiagnosticsParams>((resolve) => waiting.set(`${uri}@${version}`, resolve));
      if (version === 1) {
        void connection.sendNotification(DidOpenTextDocumentNotification.type, {
          textDocument: { uri, languageId: "yaml", version, text },
        });
      } else {
        void connection.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version },
          contentChanges: [{ text }],
        });
      }
      return published;
    },
    async stop() {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}
