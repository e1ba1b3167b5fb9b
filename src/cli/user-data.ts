/**
 * `kindling user-data --platform ec2|gce|azure [options] CONFIG|-`: the
 * exact bytes the platform hands the instance, made to fit its limit
 * (deliver/cloud/). The strategy chosen and the sizes go to stderr.
 */

import { PLATFORMS, type Platform, USER_DATA_LIMITS } from "../deliver/cloud/limits.js";
import { type FlagSpecs, readCommandLine, usageError } from "./args.js";
import { prepareUserData, USER_DATA_FLAGS, USER_DATA_OPTIONS } from "./cloud-user-data.js";
import { type CommandIO, writeAtomically } from "./io.js";

const USAGE = `Usage: kindling user-data --platform ec2|gce|azure [options] CONFIG|-

Prints the user data the platform hands the instance, made to fit its limit:
  inline   the config as is, when it fits (EC2 16,384 bytes; GCE 262,144; Azure customData 65,535)
  gzip     for Ignition, a small config that replaces itself with the gzipped config (a data URL,
           sha512-verified; spec 3.1.0 or later); for cloud-init, the gzip bytes (cloud-init unpacks them)
  object   with --bucket: the config uploaded under its sha512, and a small config that points to it
           (sha512-verified); for cloud-init, an #include of its https URL
The first that fits is used, and named on stderr. CONFIG is Butane YAML, Ignition JSON or a
cloud-init document (#cloud-config, or a #! script).

Options:
  --platform P         ec2, gce or azure (required)
${USER_DATA_OPTIONS}  --token TOKEN        the same as --storage-token
  -o, --output FILE    write FILE (whole or not at all) instead of standard output; needed for gzip bytes
`;

const FLAGS = {
  ...USER_DATA_FLAGS,
  platform: { type: "string", choices: PLATFORMS },
  token: { type: "string" },
  output: { type: "string", short: "o" },
} as const satisfies FlagSpecs;

export async function userDataCommand(args: string[], io: CommandIO): Promise<number> {
  const parsed = readCommandLine(io, { name: "user-data", usage: USAGE }, args, FLAGS);
  if (typeof parsed === "number") return parsed;
  const { flags, positionals } = parsed;
  if (!flags.platform) return usageError(io, "user-data", "give the --platform: ec2, gce or azure");
  if (positionals.length !== 1) return usageError(io, "user-data", "give one CONFIG (- for standard input)");
  const platform = flags.platform as Platform;
  const storageToken = flags["storage-token"] ?? flags.token;
  const prepared = await prepareUserData(
    { ...flags, ...(storageToken !== undefined ? { "storage-token": storageToken } : {}) },
    positionals[0]!,
    platform,
    io,
  );
  if (typeof prepared === "number") return prepared;

  const { strategy, bytes, limit } = prepared.userData;
  const binary = bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (binary && flags.output === undefined) {
    io.stderr("Error: the gzip strategy gives cloud-init binary bytes; write them to a file with -o FILE\n");
    return 1;
  }
  if (flags.output !== undefined) writeAtomically(flags.output, bytes);
  else io.stdout(Buffer.from(bytes).toString("utf8"));
  const n = (x: number) => x.toLocaleString("en-US");
  if (prepared.stored) {
    const { location, existed } = prepared.stored;
    io.stderr(`user-data: the config is at ${location}${existed ? " (already there, not uploaded again)" : ""}\n`);
  }
  io.stderr(
    `user-data: ${platform} ${USER_DATA_LIMITS[platform].field}, strategy ${strategy}: ${n(bytes.length)} of ${n(limit)} bytes (config ${n(prepared.payload.bytes.length)} bytes)\n`,
  );
  return 0;
}
