/**
 * `kindling transpile [options] [FILE]`: Butane's command line. The config
 * goes to stdout (or -o FILE, written atomically and only on success), the
 * report to stderr; exit 0 on success (warnings allowed), 1 when translation
 * fails or --strict meets a warning, 2 on usage errors.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { renderPrettyReport } from "../diagnostics/render-pretty.js";
import { renderRawReport } from "../diagnostics/render-raw.js";
import { legacyFromIgnition, looksLikeJson } from "../emit/legacy/from-ignition.js";
import { OUTPUT_TARGETS, type OutputTarget, STRICT_FAILURE, type TranspileResult, transpile } from "../transpile.js";
import { VERSION_LINE } from "../version.js";
import { usageError } from "./args.js";
// Threads (node:worker_threads, node:os) are loaded only for --out-dir.
import type { BatchResult, WorkerTask } from "./batch-workers.js";
import { type CommandIO, describeIoError, writeAtomically } from "./io.js";
import { inputName, jsonLine, locatedAll, type OutputFormat } from "./output-format.js";

const USAGE = `Usage: kindling transpile [options] [input-file]

Reads input-file (standard input when it is missing or -) and writes the
Ignition config (or --target's output) to standard output.

Options:
  -p, --pretty            output formatted json
  -s, --strict            fail on any warning
  -d, --files-dir DIR     allow embedding local files from this directory
  -r, --raw               never wrap in a MachineConfig; force Ignition output
  -o, --output FILE       write output to this file
      --out-dir DIR       transpile several inputs, writing DIR/<name>.ign for each
  -j, --jobs N            with --out-dir: threads to use (default: one per CPU)
  -c, --check             check config only; produce no output
  -t, --target TARGET     what to write: ignition (default), cloud-config
                          (coreos-cloudinit), cloud-init, or script (POSIX sh);
                          these three also take an Ignition config as input
      --verify URL        add the first-boot verification agent: it checks the
                          machine against this config and POSTs a signed
                          report to URL (kindling serve's /reports)
      --verify-group G    the machine's group on that server (required with --verify)
      --verify-key-file F the report key, 64 hex digits (kindling report-key)
      --verify-machine L  the label the server knows the machine by (mac=…)
      --raw-errors        print errors in the raw "error at $.path, line L col C: message" form
      --format F          text (default), or json: one JSON object on stdout,
                          {file, ok, output, failure, diagnostics}, nothing on stderr
      --color [WHEN]      colour the report: auto (default), always (the
                          default for a bare --color), never
  -V, --version           print the version and exit
  -h, --help              show this help
`;

interface Flags {
  pretty: boolean;
  strict: boolean;
  filesDir?: string;
  raw: boolean;
  output?: string;
  outDir?: string;
  check: boolean;
  rawErrors: boolean;
  format: OutputFormat;
  color: string;
  target: OutputTarget;
  verify?: { url: string; group?: string; keyFile?: string; machine?: string; key?: string };
  /** --out-dir threads; undefined means one per CPU. */
  jobs?: number;
  inputs: string[];
}

/** --color's values: Butane's three, and its yes/no aliases. */
const COLOR_VALUES = ["auto", "always", "never", "yes", "no"];

type Parsed = { ok: true; flags: Flags } | { ok: false; message: string } | { ok: "exit"; text: string };

export function parseTranspileArgs(args: string[]): Parsed {
  const flags: Flags = {
    pretty: false,
    strict: false,
    raw: false,
    check: false,
    rawErrors: false,
    format: "text",
    color: "auto",
    target: "ignition",
    inputs: [],
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const inlineValue = eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string | undefined => inlineValue ?? args[++i];
    switch (name) {
      case "-p":
      case "--pretty":
        flags.pretty = true;
        break;
      case "-s":
      case "--strict":
        flags.strict = true;
        break;
      case "-r":
      case "--raw":
        flags.raw = true;
        break;
      case "-c":
      case "--check":
        flags.check = true;
        break;
      case "--raw-errors":
        flags.rawErrors = true;
        break;
      case "-h":
      case "--help":
        return { ok: "exit", text: USAGE };
      case "-V":
      case "--version":
        return { ok: "exit", text: VERSION_LINE + "\n" };
      case "-d":
      case "--files-dir": {
        const v = value();
        if (v === undefined) return { ok: false, message: `flag needs an argument: ${name}` };
        flags.filesDir = v;
        break;
      }
      case "-o":
      case "--output": {
        const v = value();
        if (v === undefined) return { ok: false, message: `flag needs an argument: ${name}` };
        flags.output = v;
        break;
      }
      case "--out-dir": {
        const v = value();
        if (v === undefined) return { ok: false, message: `flag needs an argument: ${name}` };
        flags.outDir = v;
        break;
      }
      case "-t":
      case "--target": {
        const v = value();
        if (v === undefined) return { ok: false, message: `flag needs an argument: ${name}` };
        if (!(OUTPUT_TARGETS as readonly string[]).includes(v))
          return { ok: false, message: `invalid argument "${v}" for ${name}: one of ${OUTPUT_TARGETS.join(", ")}` };
        flags.target = v as OutputTarget;
        break;
      }
      case "--format": {
        const v = value();
        if (v === undefined) return { ok: false, message: `flag needs an argument: ${name}` };
        if (v !== "text" && v !== "json") return { ok: false, message: `invalid argument "${v}" for ${name}: one of text, json` };
        flags.format = v;
        break;
      }
      case "-j":
      case "--jobs": {
        const v = value();
        if (v === undefined) return { ok: false, message: `flag needs an argument: ${name}` };
        if (!/^[1-9][0-9]{0,2}$/.test(v)) return { ok: false, message: `invalid argument "${v}" for ${name}: a number of threads from 1` };
        flags.jobs = Number(v);
        break;
      }
      case "--verify":
      case "--verify-group":
      case "--verify-key-file":
      case "--verify-machine": {
        const v = value();
        if (v === undefined) return { ok: false, message: `flag needs an argument: ${name}` };
        flags.verify ??= { url: "" };
        const verify = flags.verify;
        if (name === "--verify") verify.url = v;
        else if (name === "--verify-group") verify.group = v;
        else if (name === "--verify-key-file") verify.keyFile = v;
        else verify.machine = v;
        break;
      }
      case "--color":
      case "--colour": {
        // Butane's --color has an optional value (alone it means always);
        // the next word is its value too when it is one of the values.
        const v = inlineValue ?? (COLOR_VALUES.includes(args[i + 1]!) ? args[++i]! : "always");
        if (!COLOR_VALUES.includes(v))
          return { ok: false, message: `invalid argument "${v}" for ${name}: one of ${COLOR_VALUES.join(", ")}` };
        flags.color = v;
        break;
      }
      default:
        if (a.startsWith("-") && a !== "-") return { ok: false, message: `unknown flag: ${a}` };
        flags.inputs.push(a);
    }
  }
  if (flags.verify) {
    const v = flags.verify;
    if (!v.url) return { ok: false, message: "--verify-group, --verify-key-file and --verify-machine need --verify URL" };
    if (!/^https?:\/\/[^\s'"]+$/.test(v.url))
      return { ok: false, message: `invalid argument "${v.url}" for --verify: an http:// or https:// URL` };
    if (!v.group || !v.keyFile) return { ok: false, message: "--verify needs --verify-group GROUP and --verify-key-file FILE" };
  }
  if (flags.inputs.length > 1 && flags.outDir === undefined)
    return { ok: false, message: "too many input files (use --out-dir DIR for several)" };
  if (flags.outDir !== undefined && flags.format === "json") return { ok: false, message: "--format json takes one input, not --out-dir" };
  if (flags.outDir !== undefined && flags.output !== undefined)
    return { ok: false, message: "--output and --out-dir cannot be used together" };
  if (flags.outDir !== undefined && flags.inputs.includes("-"))
    return { ok: false, message: "--out-dir names outputs after input files: give files, not - (standard input)" };
  return { ok: true, flags };
}

/** --out-dir file names by target. */
const OUTPUT_EXTENSIONS: Record<OutputTarget, string> = {
  ignition: ".ign",
  "cloud-config": ".cloud-config.yaml",
  "cloud-init": ".cloud-init.yaml",
  script: ".sh",
};

/** Scripts are written executable. */
const outputMode = (flags: Flags): number => (flags.target === "script" ? 0o755 : 0o644);

export async function transpileCommand(args: string[], io: CommandIO): Promise<number> {
  const parsed = parseTranspileArgs(args);
  if (parsed.ok === "exit") {
    io.stdout(parsed.text);
    return 0;
  }
  if (!parsed.ok) return usageError(io, "transpile", parsed.message);
  const flags = parsed.flags;
  if (flags.verify) {
    const file = flags.verify.keyFile!;
    let key: string;
    try {
      key = Buffer.from(await io.readFile(file))
        .toString("utf8")
        .trim();
    } catch (err) {
      io.stderr(`failed to read the report key: ${describeIoError(file, err)}\n`);
      return 1;
    }
    if (!/^[0-9a-f]{64}$/.test(key)) {
      io.stderr(`${file}: a report key is 64 lower-case hex digits; make one with kindling report-key\n`);
      return 1;
    }
    flags.verify.key = key;
  }
  if (flags.outDir !== undefined) return batch(flags, io);
  const input = flags.inputs[0];
  if (flags.format === "json") return transpileJson(flags, input, io);
  const outcome = await transpileOne(flags, input, io);
  if (outcome === undefined) return 1;
  if (flags.check) return 0;
  if (flags.output) {
    try {
      writeAtomically(flags.output, outcome, outputMode(flags));
    } catch (err) {
      io.stderr(`Failed to write config to ${flags.output}: ${describeIoError(flags.output, err)}\n`);
      return 1;
    }
  } else {
    io.stdout(outcome);
  }
  return 0;
}

/** Reads, transpiles and reports one input; returns the output text, or undefined on failure. */
async function transpileOne(flags: Flags, file: string | undefined, io: CommandIO): Promise<string | undefined> {
  // "-" is standard input, except under --raw-errors, where it is Butane's
  // literal file name.
  const input = file === "-" && !flags.rawErrors ? undefined : file;
  const bytes = await readInputBytes(input, io);
  if (bytes === undefined) return undefined;
  const text = Buffer.from(bytes).toString("utf8");
  const result = transpileBytes(flags, bytes);
  if (result.diagnostics.length > 0) {
    // Only a report asks whether stderr is a terminal (see std-write.ts).
    const color =
      flags.color === "always" || flags.color === "yes" || (flags.color === "auto" && io.stderrIsTTY && io.env.NO_COLOR === undefined);
    io.stderr(
      flags.rawErrors ? renderRawReport(result.diagnostics) : renderPrettyReport(result.diagnostics, text, input ?? "<stdin>", color),
    );
  }
  if (result.failure !== undefined) {
    io.stderr(result.failure === STRICT_FAILURE ? `${result.failure}\n` : `Error translating config: ${result.failure}\n`);
    return undefined;
  }
  return withNewline(result.output!);
}

/** The input's bytes (standard input when `input` is undefined), or undefined after saying why not. */
async function readInputBytes(input: string | undefined, io: CommandIO): Promise<Uint8Array | undefined> {
  try {
    return input === undefined ? await io.readStdin() : await io.readFile(input);
  } catch (err) {
    io.stderr(`failed to open ${input}: ${describeIoError(input ?? "<stdin>", err)}\n`);
    return undefined;
  }
}

function transpileBytes(flags: Flags, bytes: Uint8Array): TranspileResult {
  const v = flags.verify;
  const verify = v ? { url: v.url, group: v.group!, key: v.key!, ...(v.machine ? { machine: v.machine } : {}) } : undefined;
  // A legacy target also takes an Ignition config (Butane itself reads only YAML,
  // so the default target keeps its answer to JSON input).
  if (flags.target !== "ignition" && looksLikeJson(Buffer.from(bytes.subarray(0, 64)).toString("utf8")))
    return legacyFromIgnition(bytes, flags.target, verify);
  return transpile(bytes, {
    filesDir: flags.filesDir,
    pretty: flags.pretty,
    raw: flags.raw,
    strict: flags.strict,
    target: flags.target,
    verify,
  });
}

const withNewline = (output: string): string => (output.endsWith("\n") ? output : output + "\n");

/**
 * --format json: one object on stdout, `{file, ok, output, failure,
 * diagnostics}`; `output` is the config unless it went to -o FILE (then
 * `written` names the file) or --check asked for none. Exit status as for text.
 */
async function transpileJson(flags: Flags, file: string | undefined, io: CommandIO): Promise<number> {
  const input = file === "-" ? undefined : file;
  const bytes = await readInputBytes(input, io);
  if (bytes === undefined) return 1;
  const result = transpileBytes(flags, bytes);
  const name = inputName(input);
  const diagnostics = locatedAll(result.diagnostics, name);
  if (result.failure !== undefined) {
    io.stdout(jsonLine({ file: name, ok: false, output: null, failure: result.failure, diagnostics }));
    return 1;
  }
  const output = withNewline(result.output!);
  if (flags.output !== undefined && !flags.check) {
    try {
      writeAtomically(flags.output, output, outputMode(flags));
    } catch (err) {
      io.stderr(`Failed to write config to ${flags.output}: ${describeIoError(flags.output, err)}\n`);
      return 1;
    }
  }
  const shown = flags.check || flags.output !== undefined ? null : output;
  io.stdout(
    jsonLine({
      file: name,
      ok: true,
      output: shown,
      ...(flags.output !== undefined && !flags.check ? { written: flags.output } : {}),
      diagnostics,
    }),
  );
  return 0;
}

/** Where --out-dir writes an input's output: DIR/<base name without .bu/.yaml/.yml><target's extension>. */
function batchOutput(flags: Flags, input: string): string {
  return join(flags.outDir!, basename(input).replace(/\.(bu|ya?ml)$/, "") + OUTPUT_EXTENSIONS[flags.target]);
}

/** Two inputs that --out-dir would write to the same file, or undefined. */
function outputClash(flags: Flags): string | undefined {
  const seen = new Map<string, string>();
  for (const input of flags.inputs) {
    const output = batchOutput(flags, input);
    const first = seen.get(output);
    if (first === undefined) {
      seen.set(output, input);
      continue;
    }
    if (first === input) return `${input} is given twice`;
    return `${first} and ${input} would both be written to ${output}; rename one, or transpile them into different --out-dir folders`;
  }
  return undefined;
}

/**
 * Several inputs in one process: DIR/<name>.ign for each that succeeds, then
 * one summary line; exit 1 if any fails. Inputs whose outputs would collide
 * are refused before anything is written.
 */
async function batch(flags: Flags, io: CommandIO): Promise<number> {
  const dir = flags.outDir!;
  const clash = flags.check ? undefined : outputClash(flags);
  if (clash !== undefined) {
    io.stderr(`kindling transpile: ${clash}; nothing was written\n`);
    return 1;
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    io.stderr(`cannot create ${dir}: ${describeIoError(dir, err)}\n`);
    return 1;
  }
  const { runBatch } = await import("./batch-workers.js");
  const results = await runBatch({
    count: flags.inputs.length,
    jobs: flags.jobs,
    module: import.meta.url,
    exportName: "transpileBatchWorker",
    payload: { flags, stderrIsTTY: io.stderrIsTTY },
    item: (i) => batchItem(flags, flags.inputs[i]!, io),
  });
  let failed = 0;
  for (const r of results) {
    io.stderr(r.stderr);
    if (r.failed) failed++;
  }
  io.stderr(`${results.length - failed} ${flags.check ? "checked" : "written"}, ${failed} failed\n`);
  if (results.some((r) => r.internal)) return 3;
  return failed ? 1 : 0;
}

/**
 * One input of a batch; its report is returned rather than printed, so
 * reports keep input order. A kindling bug met on one input is reported for
 * that input (exit status 3 at the end); the batch goes on with the others.
 */
async function batchItem(flags: Flags, input: string, io: CommandIO): Promise<BatchResult> {
  const captured: string[] = [];
  const itemIO: CommandIO = { ...io, stderr: (text) => void captured.push(text) };
  let out: string | undefined;
  try {
    out = await transpileOne(flags, input, itemIO);
  } catch (err) {
    captured.push(
      `${input}: kindling: internal error (a kindling bug; please report it): ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return { stderr: captured.join(""), failed: true, internal: true };
  }
  let failed = false;
  if (out === undefined) {
    failed = true;
    captured.push(`${input}: not written\n`);
  } else if (!flags.check) {
    const target = batchOutput(flags, input);
    try {
      writeAtomically(target, out, outputMode(flags));
    } catch (err) {
      captured.push(`Failed to write config to ${target}: ${describeIoError(target, err)}\n`);
      failed = true;
    }
  }
  return { stderr: captured.join(""), failed };
}

/** A batch worker thread's share of the inputs (see batch-workers.ts). */
export async function transpileBatchWorker(
  task: WorkerTask<{ flags: Flags; stderrIsTTY: boolean }>,
  post: (index: number, result: BatchResult) => void,
): Promise<void> {
  const { flags, stderrIsTTY } = task.payload;
  const io: CommandIO = {
    readStdin: async () => new Uint8Array(),
    readFile: async (path) => readFileSync(path),
    stdout: () => {},
    stderr: () => {},
    env: process.env,
    stderrIsTTY,
  };
  const { serveBatch } = await import("./batch-workers.js");
  await serveBatch(task, (i) => batchItem(flags, flags.inputs[i]!, io), post);
}
