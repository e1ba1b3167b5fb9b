// npm run bench (language server part): how long after a change to a
// 2,000-line Butane config `kindling lsp --stdio` publishes its diagnostics,
// measured from a client over stdio (didChange sent → publishDiagnostics for
// that version received). Prints the median; exits 1 above the 30 ms target.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";

const TARGET_MS = 30;
const RUNS = 61;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** A 2,000-line config: users, files with inline contents, units; one decimal mode and one misspelled key to report. */
function config() {
  const lines = ["variant: fcos", "version: 1.6.0", "passwd:", "  users:"];
  for (let u = 0; u < 20; u++)
    lines.push(`    - name: user${u}`, `      groups: [wheel]`, `      ssh_authorized_keys: [ssh-ed25519 AAAA${u}]`);
  lines.push("storage:", "  files:");
  for (let f = 0; lines.length < 1700; f++) {
    lines.push(`    - path: /etc/app/conf-${f}.conf`, `      mode: ${f === 3 ? 644 : "0644"}`, "      contents:", "        inline: |");
    for (let l = 0; l < 20; l++) lines.push(`          key${l} = value ${f * 100 + l}`);
  }
  lines.push("systemd:", "  units:");
  for (let u = 0; lines.length < 2000 - 4; u++) {
    lines.push(`    - name: worker-${u}.service`, `      ${u === 5 ? "enabeld" : "enabled"}: true`, "      contents: |");
    lines.push("        [Service]", `        ExecStart=/usr/bin/worker ${u}`, "        [Install]", "        WantedBy=multi-user.target");
  }
  while (lines.length < 2000) lines.push("# end");
  return `${lines.join("\n")}\n`;
}

const text = config();
const child = spawn(process.execPath, [join(root, "dist/cli.js"), "lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const waiting = new Map();
let diagnosticCount = 0;
connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
  diagnosticCount = p.diagnostics.length;
  waiting.get(p.version)?.();
});
connection.listen();
await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
await connection.sendNotification(InitializedNotification.type, {});

const uri = "file:///bench/config.bu";
const published = (version) => new Promise((resolve) => waiting.set(version, resolve));
let next = published(1);
await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "yaml", version: 1, text } });
await next;

// Each change edits one character of a file's contents (line 100), as typing does.
const times = [];
for (let version = 2; version < RUNS + 2; version++) {
  next = published(version);
  const t = process.hrtime.bigint();
  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: { line: 99, character: 10 }, end: { line: 99, character: 11 } }, text: String(version % 10) }],
  });
  await next;
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
await connection.sendRequest(ShutdownRequest.type);
await connection.sendNotification(ExitNotification.type);
connection.dispose();

times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const p90 = times[Math.floor(times.length * 0.9)];
console.log(
  `lsp: diagnostics after a change to a ${text.split("\n").length - 1}-line config (${diagnosticCount} diagnostics): median ${median.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms (target ${TARGET_MS} ms)`,
);
if (median > TARGET_MS) {
  console.error(`lsp: FAILED: median ${median.toFixed(1)} ms is above the ${TARGET_MS} ms target`);
  process.exit(1);
}
