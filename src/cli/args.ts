/**
 * Command-line parsing for kindling's own commands (everything but
 * `transpile`, which keeps Butane's pflag behaviour): node:util parseArgs
 * reads the words, and this module turns what it found into one-line usage
 * errors ("unknown flag: --x", "flag needs an argument: --root", "invalid
 * argument "x" for --format: one of raw, json") instead of parseArgs' own
 * messages. `--flag VALUE` and `--flag=VALUE` are the same; a flag's value may
 * be limited to a list of choices.
 */
import { parseArgs } from "node:util";

export interface FlagSpec {
  type: "string" | "boolean";
  short?: string;
  /** The values a string flag accepts; any other is a usage error naming them. */
  choices?: readonly string[];
  /** A string flag given several times keeps every value (otherwise the last wins). */
  multiple?: boolean;
}

export type FlagSpecs = Record<string, FlagSpec>;

/** What the flags parsed to: strings (or lists of them) and booleans, by flag name. */
export type FlagValues<S extends FlagSpecs> = {
  [K in keyof S]?: S[K]["type"] extends "boolean" ? boolean : S[K]["multiple"] extends true ? string[] : string;
};

export type ParsedArgs<S extends FlagSpecs> =
  | { ok: true; flags: FlagValues<S>; positionals: string[] }
  | { ok: false; message: string }
  | { ok: "help" };

const HELP: FlagSpecs = { help: { type: "boolean", short: "h" } };

/**
 * Parses `args` against `specs` (every command also takes -h/--help). A lone
 * "-" is a positional (standard input, by convention); "--" ends the flags.
 */
export function parseCommandArgs<S extends FlagSpecs>(args: string[], specs: S): ParsedArgs<S> {
  const options = { ...HELP, ...specs };
  const { tokens } = parseArgs({ args, options: toNodeOptions(options), strict: false, allowPositionals: true, tokens: true });
  const flags: Record<string, string | string[] | boolean> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== "option") continue;
    const spec = Object.hasOwn(options, token.name) ? options[token.name]! : undefined;
    if (!spec) return { ok: false, message: `unknown flag: ${token.rawName}` };
    if (token.name === "help") return { ok: "help" };
    if (spec.type === "boolean") {
      if (token.inlineValue) return { ok: false, message: `flag takes no value: ${token.rawName}` };
      flags[token.name] = true;
      continue;
    }
    const value = token.value;
    if (value === undefined) return { ok: false, message: `flag needs an argument: ${token.rawName}` };
    if (spec.choices && !spec.choices.includes(value)) {
      return { ok: false, message: `invalid argument ${JSON.stringify(value)} for ${token.rawName}: one of ${spec.choices.join(", ")}` };
    }
    if (spec.multiple) {
      flags[token.name] ??= [];
      (flags[token.name] as string[]).push(value);
    } else flags[token.name] = value;
  }
  return { ok: true, flags: flags as FlagValues<S>, positionals };
}

function toNodeOptions(specs: FlagSpecs) {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const [name, spec] of Object.entries(specs)) options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}) };
  return options;
}

/** A usage error: one line, and where the whole help is. Returns `code` (2 unless the command mimics a tool that uses another). */
export function usageError(io: { stderr(text: string): void }, command: string, message: string, code = 2): number {
  io.stderr(`Error: ${message}\nSee 'kindling ${command} --help'.\n`);
  return code;
}

/**
 * A command's flags, or the exit status when there is nothing more to do:
 * 0 after printing `usage` for --help, `usageCode` after a usage error.
 */
export function readCommandLine<S extends FlagSpecs>(
  io: { stdout(text: string): void; stderr(text: string): void },
  command: { name: string; usage: string; usageCode?: number },
  args: string[],
  specs: S,
): { flags: FlagValues<S>; positionals: string[] } | number {
  const parsed = parseCommandArgs(args, specs);
  if (parsed.ok === "help") {
    io.stdout(command.usage);
    return 0;
  }
  if (!parsed.ok) return usageError(io, command.name, parsed.message, command.usageCode);
  return parsed;
}
