/**
 * `kindling transpile [options] [FILE]`: Butane's command line. The config
 * goes to stdout (or -o FILE, written atomically and only on success), the
 * report to stderr; exit 0 on success (warnings allowed), 1 when translation
 * fails or --strict meets a warning, 2 on usage errors.
 */
import { renameSync, writeFileSync } from "node:fs";
import { dirname, basename, join } from "node:path";
import { renderRawReport } from "../diagnostics/render-raw.js";
import { transpile } from "../transpile.js";
import { type CommandIO, describeIoError } from "./io.js";

const USAGE = `Usage: kindling transpile [options] [input-file]

Options:
  -p, --pretty            output formatted json
  -s, --strict            fail on any warning
  -d, --files-dir DIR     allow embedding local files from this directory
  -r, --raw               never wrap in a MachineConfig; force Ignition output
  -o, --output FILE       write output to this file
  -c, --check             check config only; produce no output
      --raw-errors        print errors in the raw "error at $.path, line L col C: message" form
      --color WHEN        colour the report: auto (default), always, never
  -V, --version           print the version and exit
  -h, --help              show this help
`;

export const VERSION = "kindling 0.1.0 (Butane v0.29.0 compatible)";

interface Flags {
  pretty: boolean;
  strict: boolean;
  filesDir?: string;
  raw: boolean;
  output?: string;
  check: boolean;
  rawErrors: boolean;
  color: string;
  inputs: string[];
}

type Parsed = { ok: true; flags: Flags } | { ok: false; message: string } | { ok: "exit"; text: string };

export function parseTranspileArgs(args: string[]): Parsed {
  const flags: Flags = { pretty: false, strict: false, raw: false, check: false, rawErrors: false, color: "auto", inputs: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const inlineValue = eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string | undefined => inlineValue ?? args[++i];
    switch (name) {
      case "-p": case "--pretty": flags.pretty = true; break;
      case "-s": case "--strict": flags.strict = true; break;
      case "-r": case "--raw": flags.raw = true; break;
      case "-c": case "--check": flags.check = true; break;
      case "--raw-errors": flags.rawErrors = true; break;
      case "-h": case "--help": return { ok: "exit", text: USAGE };
      case "-V": case "--version": return { ok: "exit", text: VERSION + "\n" };
      case "-d": case "--files-dir": {
        const v = value();
        if (v === undefined) return { ok: false, message: `flag needs an argument: ${name}` };
        flags.filesDir = v;
        break;
      }
      case "-o": case "--output": {
        const v = value();
        if (v === undefined) return { ok: false, message: `flag needs an argument: ${name}` };
        flags.output = v;
        break;
      }
      case "--color": case "--colour":
        flags.color = inlineValue ?? "always";
        break;
      default:
        if (a.startsWith("-") && a !== "-") return { ok: false, message: `unknown flag: ${a}` };
        flags.inputs.push(a);
    }
  }
  if (flags.inputs.length > 1) return { ok: false, message: "too many input files" };
  return { ok: true, flags };
}

function writeAtomically(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.kindling-${process.pid}.tmp`);
  writeFileSync(tmp, text, { mode: 0o644 });
  renameSync(tmp, path);
}

export async function transpileCommand(args: string[], io: CommandIO): Promise<number> {
  const parsed = parseTranspileArgs(args);
  if (parsed.ok === "exit") {
    io.stdout(parsed.text);
    return 0;
  }
  if (!parsed.ok) {
    io.stderr(`Error: ${parsed.message}\n${USAGE}`);
    return 2;
  }
  const flags = parsed.flags;
  const input = flags.inputs[0];
  let bytes: Uint8Array;
  try {
    bytes = input === undefined ? await io.readStdin() : await io.readFile(input);
  } catch (err) {
    io.stderr(`failed to open ${input}: ${describeIoError(input ?? "<stdin>", err)}\n`);
    return 1;
  }
  const result = transpile(Buffer.from(bytes).toString("utf8"), {
    filesDir: flags.filesDir,
    pretty: flags.pretty,
    raw: flags.raw,
    strict: flags.strict,
  });
  io.stderr(renderRawReport(result.diagnostics));
  if (result.failure !== undefined) {
    io.stderr(result.failure.startsWith("Config produced") ? `${result.failure}\n` : `Error translating config: ${result.failure}\n`);
    return 1;
  }
  if (flags.check) return 0;
  const text = result.output + "\n";
  if (flags.output) {
    try {
      writeAtomically(flags.output, text);
    } catch (err) {
      io.stderr(`Failed to write config to ${flags.output}: ${describeIoError(flags.output, err)}\n`);
      return 1;
    }
  } else {
    io.stdout(text);
  }
  return 0;
}
