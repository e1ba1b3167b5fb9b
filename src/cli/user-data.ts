/**
 * `kindling user-data --platform ec2|gce|azure [--strategy inline|gzip]
 * [--target ignition|cloud-init] [-d DIR] [--strict] [-o FILE] CONFIG|-`:
 * the exact bytes the platform hands the instance, made to fit its limit
 * (deliver/cloud/user-data.ts). CONFIG is Butane YAML (transpiled first),
 * Ignition JSON (validated) or a cloud-init document (#cloud-config or a #!
 * script, passed as is). The strategy chosen and the sizes go to stderr.
 */

import { ignitionVersionOf } from "../butane/registry.js";
import { PLATFORMS, type Platform, USER_DATA_LIMITS } from "../deliver/cloud/limits.js";
import { fitUserData, type Payload, STRATEGIES, type Strategy } from "../deliver/cloud/user-data.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { renderRawReport } from "../diagnostics/render-raw.js";
import { validateIgnition } from "../ignition/validate.js";
import { transpile } from "../transpile.js";
import { userDataKind } from "../validate-cloud-config/header.js";
import { type FlagSpecs, readCommandLine, usageError } from "./args.js";
import { type CommandIO, readInput, writeAtomically } from "./io.js";

const USAGE = `Usage: kindling user-data --platform ec2|gce|azure [options] CONFIG|-

Prints the user data the platform hands the instance, made to fit its limit:
  inline   the config as is, when it fits (EC2 16,384 bytes; GCE 262,144; Azure customData 65,535)
  gzip     for Ignition, a small config that replaces itself with the gzipped config (a data URL,
           sha512-verified; spec 3.1.0 or later); for cloud-init, the gzip bytes (cloud-init unpacks them)
The first that fits is used, and named on stderr. CONFIG is Butane YAML, Ignition JSON or a
cloud-init document (#cloud-config, or a #! script).

Options:
  --platform P         ec2, gce or azure (required)
  --strategy S         inline or gzip only
  --target T           what Butane YAML becomes: ignition (default) or cloud-init
  -d, --files-dir DIR  the directory local files in Butane YAML are relative to
  --strict             fail on warnings
  -o, --output FILE    write FILE (whole or not at all) instead of standard output; needed for gzip bytes
`;

const FLAGS = {
  platform: { type: "string", choices: PLATFORMS },
  strategy: { type: "string", choices: STRATEGIES },
  target: { type: "string", choices: ["ignition", "cloud-init"] },
  "files-dir": { type: "string", short: "d" },
  strict: { type: "boolean" },
  output: { type: "string", short: "o" },
} as const satisfies FlagSpecs;

type Flags = { target?: string; "files-dir"?: string; strict?: boolean };

/** The payload CONFIG stands for, or the exit status after saying why there is none. */
function payloadOf(input: Uint8Array, flags: Flags, io: CommandIO): Payload | number {
  const kind = userDataKind(Buffer.from(input).toString("utf8"));
  if (kind === "cloud-config" || kind === "script") return { kind: "cloud-init", bytes: input };
  if (kind === "ignition") {
    const checked = validateIgnition(input);
    io.stderr(renderRawReport(checked.diagnostics));
    if (checked.failure || !checked.version || hasErrors(checked.diagnostics)) {
      if (checked.failure) io.stderr(`couldn't parse config: ${checked.failure.text}\n`);
      return 1;
    }
    return { kind: "ignition", bytes: input, version: checked.version };
  }
  const target = flags.target === "cloud-init" ? "cloud-init" : "ignition";
  const result = transpile(input, {
    target,
    ...(flags["files-dir"] !== undefined ? { filesDir: flags["files-dir"] } : {}),
    ...(flags.strict ? { strict: true } : {}),
  });
  io.stderr(renderRawReport(result.diagnostics));
  if (result.output === undefined || !result.spec) {
    io.stderr(`Error translating config: ${result.failure ?? "source config is invalid"}\n`);
    return 1;
  }
  const bytes = Buffer.from(result.output);
  return target === "cloud-init" ? { kind: "cloud-init", bytes } : { kind: "ignition", bytes, version: ignitionVersionOf(result.spec) };
}

export async function userDataCommand(args: string[], io: CommandIO): Promise<number> {
  const parsed = readCommandLine(io, { name: "user-data", usage: USAGE }, args, FLAGS);
  if (typeof parsed === "number") return parsed;
  const { flags, positionals } = parsed;
  if (!flags.platform) return usageError(io, "user-data", "give the --platform: ec2, gce or azure");
  if (positionals.length !== 1) return usageError(io, "user-data", "give one CONFIG (- for standard input)");
  const platform = flags.platform as Platform;
  const file = positionals[0]!;
  const input = await readInput(io, file);
  if (!input) return 1;
  const payload = payloadOf(input, flags, io);
  if (typeof payload === "number") return payload;

  const fitted = fitUserData(payload, platform, flags.strategy as Strategy | undefined);
  if (!fitted.userData) {
    for (const d of fitted.diagnostics) io.stderr(`error: ${d.message}\n  hint: ${d.hint}\n`);
    return 1;
  }
  const { strategy, bytes, limit } = fitted.userData;
  const binary = bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (binary && flags.output === undefined) {
    io.stderr("Error: the gzip strategy gives cloud-init binary bytes; write them to a file with -o FILE\n");
    return 1;
  }
  if (flags.output !== undefined) writeAtomically(flags.output, bytes);
  else io.stdout(Buffer.from(bytes).toString("utf8"));
  const n = (x: number) => x.toLocaleString("en-US");
  io.stderr(
    `user-data: ${platform} ${USER_DATA_LIMITS[platform].field}, strategy ${strategy}: ${n(bytes.length)} of ${n(limit)} bytes (config ${n(payload.bytes.length)} bytes)\n`,
  );
  return 0;
}
