// Running one case against the library and checking the property: the call
// returns; it gives output or a failure with a message or diagnostics; every
// error diagnostic is located (a non-empty path or a line and column) and
// says something. A thrown exception is a crash, identified by its
// signature: the error's class and code and the first frame in the
// library (function and file, without line numbers, so the signature
// survives edits and minimisation).
import { join } from "node:path";

/** The verification agent's settings when a case asks for `verify`. */
export const AGENT = { url: "http://192.0.2.1:8080/reports", group: "fuzz", machine: "mac=52:54:00:12:34:56", key: "0f".repeat(32) };

const decoder = new TextDecoder();

/** The call a case makes, as a user of the library would make it. */
export function invoke(L, c) {
  const input = c.as === "text" ? decoder.decode(c.input) : c.input;
  switch (c.entry) {
    case "transpile": {
      const { filesDir, verify, ...rest } = c.options;
      const options = { ...rest };
      if (filesDir) options.filesDir = join(L.root, filesDir);
      if (verify) options.verify = AGENT;
      return L.lib.transpile(input, options);
    }
    case "validateIgnition":
      return L.lib.validateIgnition(input);
    case "validateCloudConfig":
      return L.lib.validateCloudConfig(input);
  }
  throw new Error(`unknown entry point ${c.entry}`);
}

/** What is wrong with a result, or undefined. */
export function problemWith(entry, result) {
  const diagnostics = entry === "validateCloudConfig" ? result : result?.diagnostics;
  if (!Array.isArray(diagnostics)) return "no diagnostics list";
  for (const d of diagnostics) {
    if (typeof d?.message !== "string" || !d.message) return `diagnostic without a message (${d?.code})`;
    if (d.severity !== "error") continue;
    const located = (Array.isArray(d.path) && d.path.length > 0) || (d.span && Number.isInteger(d.span.line));
    if (!located) return `error diagnostic without a path or position (${d.code})`;
  }
  if (entry === "transpile") {
    if (result.output === undefined && !result.failure) return "neither output nor failure";
    if (result.output !== undefined && typeof result.output !== "string") return "output is not text";
  }
  if (entry === "validateIgnition") {
    if (result.failure && !result.failure.text) return "failure without a message";
    if (!result.config && !result.failure && !diagnostics.some((d) => d.severity === "error")) return "no config and no reason";
  }
  return undefined;
}

/** The signature of a thrown value. */
export function signatureOf(e) {
  if (!(e instanceof Error)) return `throw ${typeof e}: ${String(e).slice(0, 80)}`;
  const frames = (e.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
  const frame = frames.find((l) => /[/\\]dist[/\\]/.test(l)) ?? frames[0];
  const name = e.name + (e.code ? ` [${e.code}]` : "");
  if (!frame) return `${name}: ${e.message.slice(0, 80)}`;
  const m = /at (?:(.+?) \()?([^()]*?)(?::\d+:\d+)?\)?$/.exec(frame.trim());
  if (!m) return `${name}: ${e.message.slice(0, 80)}`;
  const fn = (m[1] ?? "<anonymous>")
    .replace(/^(async |new )/, "")
    .replace(/^(Object|String|Array|Number|Boolean|Function|Module)\./, "")
    .replace(/ \[as [^\]]*\]$/, "");
  // The file inside dist/ (emit/legacy/sh.js), a node: module, or a file's own name: never this machine's paths.
  const file = /[/\\]dist[/\\](.*)$/.exec(m[2])?.[1] ?? m[2].split(/[/\\]/).pop();
  return `${name} at ${fn} (${file})`;
}

/** The stack with this machine's paths cut back to the repository. */
export function portableStack(e, root) {
  const text = e instanceof Error ? (e.stack ?? String(e)) : String(e);
  return text
    .split("\n")
    .slice(0, 8)
    .map((l) => l.split(`file://${root}/`).join("").split(`${root}/`).join(""))
    .join("\n");
}

/** { kind: "ok" } | { kind: "crash" | "violation", signature, message, stack? }, and the time the call took in ms. */
export function runCase(L, c) {
  const start = performance.now();
  let result;
  try {
    result = invoke(L, c);
  } catch (e) {
    const ms = performance.now() - start;
    return {
      kind: "crash",
      signature: signatureOf(e),
      message: e instanceof Error ? e.message : String(e),
      stack: portableStack(e, L.root),
      ms,
    };
  }
  const ms = performance.now() - start;
  const problem = problemWith(c.entry, result);
  if (problem) return { kind: "violation", signature: `${c.entry}: ${problem}`, message: problem, ms };
  return { kind: "ok", ms };
}
