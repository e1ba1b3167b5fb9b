// kindling lsp --stdio, driven by a real LSP client over stdio: the
// transpiler's diagnostics (same lines, columns, codes, hints), completion,
// hover, quick fixes, shutdown and exit.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type CodeAction,
  CodeActionRequest,
  type CompletionItem,
  CompletionRequest,
  type Diagnostic,
  type Hover,
  HoverRequest,
  type TextEdit,
} from "vscode-languageserver-protocol/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { transpile } from "../../src/transpile.js";
import { type LspClient, startClient } from "./client.js";

const URI = "file:///work/config.bu";

// A decimal mode, a relative path, a misspelled key, and non-ASCII text
// (an astral emoji is two UTF-16 units) in front of a reported value.
const CONFIG = `variant: fcos
version: 1.6.0
passwd:
  users:
    - name: core
      gecos: "Kindling 🔥 opérateur"
storage:
  files:
    - path: etc/motd
      mode: 644
      contents:
        inline: hello
    - {path: "/🔥/é", mode: 644, overwite: true}
`;

/** What `kindling transpile` reports, converted here independently to LSP positions. */
function expectedDiagnostics(text: string) {
  const lines = text.split("\n");
  return transpile(text).diagnostics.map((d) => ({
    line: d.span!.line - 1,
    character: [...lines[d.span!.line - 1]!].slice(0, d.span!.column - 1).join("").length,
    code: d.code,
    message: d.hint ? `${d.message}\nhelp: ${d.hint}` : d.message,
    hint: d.hint,
  }));
}

const shape = (ds: Diagnostic[]) =>
  ds.map((d) => ({
    line: d.range.start.line,
    character: d.range.start.character,
    code: d.code,
    message: d.message,
    hint: (d.data as { hint?: string }).hint,
  }));

const apply = (text: string, edits: TextEdit[]) => TextDocument.applyEdits(TextDocument.create(URI, "yaml", 0, text), edits);

let client: LspClient;
beforeAll(async () => {
  client = await startClient();
});
afterAll(() => {
  client.child.kill();
});

describe("kindling lsp --stdio", () => {
  let opened: Diagnostic[];

  test("initialize announces completion, hover and quick fixes", () => {
    const caps = client.initialized.capabilities;
    expect(caps.hoverProvider).toBe(true);
    expect(caps.completionProvider).toBeDefined();
    expect(caps.codeActionProvider).toEqual({ codeActionKinds: ["quickfix"] });
  });

  test("didOpen publishes the transpiler's diagnostics at its lines and columns, in UTF-16", async () => {
    opened = (await client.publish(URI, CONFIG, 1)).diagnostics;
    const expected = expectedDiagnostics(CONFIG);
    expect(expected.map((d) => d.code)).toEqual(
      expect.arrayContaining(["butane.key.unused", "butane.mode.decimal", "ignition.path.relative"]),
    );
    expect(shape(opened)).toEqual(expected);
    // Line 13's `mode: 644` is column 28 for kindling (code points), character 28 in UTF-16 (🔥 counts twice).
    const flow = opened.find((d) => d.range.start.line === 12 && d.code === "butane.mode.decimal")!;
    expect(flow.range).toEqual({ start: { line: 12, character: 28 }, end: { line: 12, character: 31 } });
    expect(transpile(CONFIG).diagnostics.find((d) => d.span?.line === 13 && d.code === "butane.mode.decimal")!.span!.column).toBe(28);
  });

  test("the positions and messages are those `kindling transpile --raw-errors` prints", () => {
    const cli = join(import.meta.dirname, "../../dist/cli.js");
    const r = spawnSync(process.execPath, [cli, "transpile", "--raw-errors"], { input: CONFIG, encoding: "utf8" });
    const printed = [...r.stderr.matchAll(/^(error|warning) at \S+, line (\d+) col (\d+): (.*)$/gm)].map((m) => `${m[2]}:${m[3]}: ${m[4]}`);
    const lines = CONFIG.split("\n");
    const published = opened.map((d) => {
      const line = lines[d.range.start.line]!;
      const column = [...line.slice(0, d.range.start.character)].length + 1;
      return `${d.range.start.line + 1}:${column}: ${d.message.split("\n")[0]}`;
    });
    expect(published).toEqual(printed);
    expect(printed.length).toBeGreaterThanOrEqual(4);
  });

  test("didChange publishes the new version's diagnostics", async () => {
    const fixed = CONFIG.replace("mode: 644\n", "mode: 0644\n");
    const p = await client.publish(URI, fixed, 2);
    expect(p.version).toBe(2);
    expect(shape(p.diagnostics)).toEqual(expectedDiagnostics(fixed));
    expect(p.diagnostics.length).toBeLessThan(opened.length);
  });

  test("failures without diagnostics (a value of the wrong type, YAML syntax) are at their line", async () => {
    const typed = (await client.publish(URI, "variant: fcos\nversion: 1.6.0\nstorage:\n  files:\n    - path: /a\n      mode: abc\n", 3))
      .diagnostics;
    expect(typed).toEqual([expect.objectContaining({ range: expect.objectContaining({ start: { line: 5, character: 6 } }) })]);
    expect(typed[0]!.message).toMatch(/cannot unmarshal !!str `abc` into int/);
    const syntax = (await client.publish(URI, "variant: fcos\nversion: 1.6.0\nstorage: [\n", 4)).diagnostics;
    expect(syntax).toHaveLength(1);
    expect(syntax[0]!.message).toMatch(/^yaml: /);
    const noVersion = (await client.publish(URI, "variant: fcos\nversion: 9.9.0\n", 5)).diagnostics;
    expect(noVersion).toEqual([expect.objectContaining({ message: "No translator exists for variant fcos with version 9.9.0" })]);
    expect(noVersion[0]!.range.start.line).toBe(1);
  });

  test("YAML that is not a Butane config gets no diagnostics", async () => {
    const p = await client.publish("file:///work/pod.yaml", "apiVersion: v1\nkind: Pod\n", 1);
    expect(p.diagnostics).toEqual([]);
    const bu = await client.publish("file:///work/empty.bu", "storage: {}\n", 1);
    expect(bu.diagnostics).toEqual([expect.objectContaining({ message: "error parsing variant; must be specified" })]);
  });

  test("code actions fix a decimal mode, a relative path and a misspelled key", async () => {
    await client.publish(URI, CONFIG, 6);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 14, character: 0 } },
      context: { diagnostics: opened },
    })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    expect(titles).toEqual(
      expect.arrayContaining(["Write the mode in octal: 0644", "Make the path absolute: /etc/motd", "Change overwite to overwrite"]),
    );
    const fixed = apply(
      CONFIG,
      actions.flatMap((a) => a.edit!.changes![URI]!),
    );
    expect(fixed).toContain("    - path: /etc/motd\n      mode: 0644\n");
    expect(fixed).toContain("overwrite: true");
    const left = transpile(fixed).diagnostics.map((d) => d.code);
    expect(left).not.toContain("butane.key.unused");
    expect(left).not.toContain("ignition.path.relative");
    expect(left).not.toContain("butane.mode.decimal");
  });

  test("a client that drops diagnostics' data still gets the misspelled key's fix", async () => {
    const bare = opened.map(({ data: _data, ...d }) => d);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 14, character: 0 } },
      context: { diagnostics: bare },
    })) as CodeAction[];
    expect(actions.map((a) => a.title)).toContain("Change overwite to overwrite");
  });

  test("completion offers the keys of the mapping at the cursor, with their descriptions", async () => {
    const text = "variant: fcos\nversion: 1.6.0\nstorage:\n  files:\n    - path: /etc/motd\n      \n";
    await client.publish(URI, text, 7);
    const items = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: URI },
      position: { line: 5, character: 6 },
    })) as CompletionItem[];
    const labels = items.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(["mode", "contents", "append", "overwrite", "user", "group"]));
    expect(labels).not.toContain("path");
    expect(items.find((i) => i.label === "mode")!.documentation).toMatchObject({ value: expect.stringMatching(/0644/) });

    const root = "variant: fcos\nversion: 1.6.0\n\n";
    await client.publish(URI, root, 8);
    const top = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: URI },
      position: { line: 2, character: 0 },
    })) as CompletionItem[];
    expect(top.map((i) => i.label)).toEqual(
      expect.arrayContaining(["storage", "passwd", "systemd", "boot_device", "grub", "kernel_arguments"]),
    );
    expect(top.map((i) => i.label)).not.toContain("variant");

    const value = "variant: fcos\nversion: 1.6.0\nstorage:\n  filesystems:\n    - device: /dev/vdb\n      format: \n";
    await client.publish(URI, value, 9);
    const formats = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: URI },
      position: { line: 5, character: 14 },
    })) as CompletionItem[];
    expect(formats.map((i) => i.label)).toEqual(expect.arrayContaining(["ext4", "xfs", "btrfs", "swap", "vfat"]));
  });

  test("hover shows a field's type and description", async () => {
    await client.publish(URI, CONFIG, 10);
    const h = (await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: URI },
      position: { line: 9, character: 8 },
    })) as Hover;
    expect(h.contents).toMatchObject({ kind: "markdown", value: expect.stringMatching(/^\*\*mode\*\* \(integer\)\n\n.*0644/) });
    expect(h.range).toEqual({ start: { line: 9, character: 6 }, end: { line: 9, character: 10 } });
  });

  test("initializationOptions.filesDir is the files directory for local paths", async () => {
    const other = await startClient({ filesDir: join(import.meta.dirname, "../../examples/webserver-files") });
    try {
      const text = "variant: fcos\nversion: 1.6.0\nstorage:\n  files:\n    - path: /etc/x\n      contents:\n        local: nope.txt\n";
      const p = await other.publish(URI, text, 1);
      expect(p.diagnostics).toHaveLength(1);
      expect(p.diagnostics[0]!.code).toBe("butane.local.io");
      expect((await client.publish("file:///work/local.bu", text, 1)).diagnostics[0]!.code).toBe("butane.local.no-files-dir");
    } finally {
      expect(await other.stop()).toBe(0);
    }
  });

  test("shutdown and exit end the process with status 0", async () => {
    expect(await client.stop()).toBe(0);
  });
});
