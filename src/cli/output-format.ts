/**
 * `--format text|json`, one machine-readable output across transpile,
 * validate, verify and status: with json, stdout carries one JSON object
 * and every diagnostic in it is the same located object (render-located.ts:
 * severity, code, message, hint, file, line, column, path). The flags a
 * command had before (`--json`, validate's `--format raw`) stay as aliases.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic, type Message } from "../diagnostics/message.js";
import { type LocatedDiagnostic, locate } from "../diagnostics/render-located.js";
import type { FlagSpecs } from "./args.js";

export type OutputFormat = "text" | "json";

/** The flags, for commands read with readCommandLine. */
export const FORMAT_FLAGS = {
  format: { type: "string", choices: ["text", "json"] },
  json: { type: "boolean" },
} as const satisfies FlagSpecs;

export const FORMAT_USAGE = "      --format F        text (default) or json: one JSON object on stdout (--json is the same)\n";

/** The format the flags ask for. */
export function outputFormat(flags: { format?: string; json?: boolean }): OutputFormat {
  return flags.format === "json" || flags.json === true ? "json" : "text";
}

/** The name diagnostics carry for an input: the file as given, or <stdin>. */
export const inputName = (file: string | undefined): string => (file === undefined || file === "-" ? "<stdin>" : file);

/** Diagnostics as the JSON outputs carry them. */
export function locatedAll(diagnostics: readonly Diagnostic[], file: string): LocatedDiagnostic[] {
  return diagnostics.map((d) => locate(d, file));
}

/** A failure that is a catalogue message rather than a diagnostic (an input that is no config at all), located like one. */
export function locatedFailure(failure: Message, file: string): LocatedDiagnostic {
  return locate(diagnostic("error", failure, []), file);
}

/** One JSON object and a newline, as every --format json output ends. */
export const jsonLine = (body: unknown): string => `${JSON.stringify(body, null, 2)}\n`;
