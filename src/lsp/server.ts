/**
 * The language server's wiring: open documents are transpiled on every open
 * and change and their diagnostics published at once (no debounce; a
 * 2,000-line config takes a few milliseconds), and completion, hover and
 * quick fixes are answered from the document's text.
 */
import { resolve } from "node:path";
import { CodeActionKind, type Connection, TextDocumentSyncKind, TextDocuments } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { codeActions } from "./code-actions.js";
import { completions } from "./completion.js";
import { type DocumentOptions, documentDiagnostics } from "./diagnostics.js";
import { hover } from "./hover.js";

/** initializationOptions the server reads. */
export interface ServerSettings {
  /** The files directory for `local:` paths (-d), absolute or relative to the server's working directory. */
  filesDir?: string;
}

/**
 * Whether a document is a Butane config: a `.bu` file, or YAML with a
 * top-level variant or version, so editors may attach the server to every
 * YAML file without other YAML getting Butane's errors.
 */
export function isButane(uri: string, text: string): boolean {
  return /\.bu$/i.test(uri) || /^(variant|version)\s*:/m.test(text);
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let options: DocumentOptions = {};
  /** What was last published for each open document, for code actions. */
  const published = new Map<string, ReturnType<typeof documentDiagnostics>>();

  connection.onInitialize((params) => {
    const settings = (params.initializationOptions ?? {}) as ServerSettings;
    if (typeof settings.filesDir === "string") options = { filesDir: resolve(settings.filesDir) };
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [" "] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: "kindling" },
    };
  });

  const publish = (doc: TextDocument) => {
    let diagnostics: ReturnType<typeof documentDiagnostics> = [];
    try {
      const text = doc.getText();
      if (isButane(doc.uri, text)) diagnostics = documentDiagnostics(text, options);
    } catch (err) {
      connection.console.error(
        `kindling: internal error on ${doc.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
    published.set(doc.uri, diagnostics);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  };
  documents.onDidChangeContent((e) => publish(e.document));
  documents.onDidClose((e) => {
    published.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const text = (uri: string) => documents.get(uri)?.getText();
  connection.onCompletion((p) => {
    const t = text(p.textDocument.uri);
    return t === undefined ? [] : completions(t, p.position);
  });
  connection.onHover((p) => {
    const t = text(p.textDocument.uri);
    return t === undefined ? null : (hover(t, p.position) ?? null);
  });
  connection.onCodeAction((p) => {
    const t = text(p.textDocument.uri);
    return t === undefined ? [] : codeActions(p.textDocument.uri, t, p.context.diagnostics, published.get(p.textDocument.uri));
  });

  documents.listen(connection);
  connection.listen();
}
