/**
 * `kindling validate [--target ignition|cloud-config] [--format text|json] FILE|-`.
 * With the default target, ignition-validate's contract. The report goes to
 * stdout, one `error|warning at $.path, line L col C: message` per line;
 * exit 1 when there is an error or the input is not a config ("couldn't
 * parse config: …" on stderr), 0 with warnings only.
 * `--format json` prints `{file, version, valid, diagnostics}`, each diagnostic
 * the located object every --format json output uses (output-format.ts);
 * `--format text` is the raw report.
 * `--target cloud-config` validates user data as `coreos-cloudinit -validate`
 * does instead (see validate-cloud-config.ts).
 */
import { hasErrors } from "../diagnostics/diagnostic.js";
import { renderRawReport } from "../diagnostics/render-raw.js";
import { validateIgnition } from "../ignition/validate.js";
import { specRangeText } from "../ignition/versions.js";
import { type FlagSpecs, readCommandLine, usageError } from "./args.js";
import { type CommandIO, describeIoError } from "./io.js";
import { inputName, jsonLine, locatedAll, locatedFailure } from "./output-format.js";
import { validateCloudConfigFile } from "./validate-cloud-config.js";

const USAGE = `Usage: kindling validate [--target ignition|cloud-config] [--format text|json] FILE|-

Validates an Ignition config (spec ${specRangeText((x) => `, or ${x}`)}) the way
ignition-validate does. Use - to read standard input.

With --target cloud-config, validates user data (#cloud-config, #! script or
Ignition) the way coreos-cloudinit -validate does: one FILE:LINE:COL: line per
finding, exit 1 when there is any.
`;

const FLAGS = {
  format: { type: "string", choices: ["raw", "text", "json"] },
  target: { type: "string", choices: ["ignition", "cloud-config"] },
} as const satisfies FlagSpecs;

export async function validateCommand(args: string[], io: CommandIO): Promise<number> {
  const parsed = readCommandLine(io, { name: "validate", usage: USAGE, usageCode: 1 }, args, FLAGS);
  if (typeof parsed === "number") return parsed;
  const { format = "raw", target = "ignition" } = parsed.flags;
  const files = parsed.positionals;
  if (files.length !== 1)
    return usageError(io, "validate", files.length ? "give one FILE, not several" : "give the FILE to validate (- for standard input)", 1);

  if (target === "cloud-config") return validateCloudConfigFile(files[0], format, io);

  let input: Uint8Array;
  try {
    input = files[0] === "-" ? await io.readStdin() : await io.readFile(files[0]);
  } catch (err) {
    io.stderr(`couldn't read config: ${describeIoError(files[0], err)}\n`);
    return 1;
  }

  const result = validateIgnition(input);
  if (format === "json") {
    const file = inputName(files[0]);
    const body = {
      file,
      version: result.version ?? null,
      valid: !result.failure && !hasErrors(result.diagnostics),
      diagnostics: result.failure ? [locatedFailure(result.failure, file)] : locatedAll(result.diagnostics, file),
    };
    io.stdout(jsonLine(body));
    return body.valid ? 0 : 1;
  }
  io.stdout(renderRawReport(result.diagnostics));
  if (hasErrors(result.diagnostics)) return 1;
  if (result.failure) {
    io.stderr(`couldn't parse config: ${result.failure.text}\n`);
    return 1;
  }
  return 0;
}
