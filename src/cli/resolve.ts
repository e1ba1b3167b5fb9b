/**
 * `kindling resolve [--pretty] CONFIG|-`: the config a machine finally
 * applies, with its `ignition.config` replace and merge references followed
 * as Ignition follows them (deliver/cloud/resolve.ts), hashes checked.
 * Prints it as Go marshals it; exit 1 with one line per problem otherwise.
 */
import { resolveConfig, sourceFetcher } from "../deliver/cloud/resolve.js";
import { marshalGoJson } from "../emit/json-go.js";
import { loadSpec } from "../ignition/schema.js";
import { type FlagSpecs, readCommandLine, usageError } from "./args.js";
import { type CommandIO, readInput } from "./io.js";

const USAGE = `Usage: kindling resolve [options] CONFIG|-

Prints the Ignition config a machine finally applies: each ignition.config.replace
and ignition.config.merge reference (data, http, https, s3 and gs URLs) fetched,
gunzipped and checked against its verification.hash, then replaced or merged as
Ignition does. Use it to see what a pointer config (kindling user-data's gzip and
object strategies) carries. s3 URLs are read with the AWS credential chain, gs URLs
with Application Default Credentials.

Options:
  -p, --pretty             indent the output
  --storage-endpoint URL   send the s3 and gs API calls to URL (an S3-compatible store, an emulator)
  --token TOKEN            a bearer token for gs URLs instead of Application Default Credentials
`;

const FLAGS = {
  pretty: { type: "boolean", short: "p" },
  "storage-endpoint": { type: "string" },
  token: { type: "string" },
} as const satisfies FlagSpecs;

export async function resolveCommand(args: string[], io: CommandIO): Promise<number> {
  const parsed = readCommandLine(io, { name: "resolve", usage: USAGE }, args, FLAGS);
  if (typeof parsed === "number") return parsed;
  if (parsed.positionals.length !== 1) return usageError(io, "resolve", "give one CONFIG (- for standard input)");
  const file = parsed.positionals[0]!;
  const input = await readInput(io, file);
  if (!input) return 1;
  const { flags } = parsed;
  const fetcher = sourceFetcher({
    env: io.env,
    ...(flags["storage-endpoint"] !== undefined ? { storageEndpoint: flags["storage-endpoint"] } : {}),
    ...(flags.token !== undefined ? { token: flags.token } : {}),
  });
  const resolved = await resolveConfig(input, fetcher, file === "-" ? "the config" : file);
  if (!resolved.config || !resolved.version) {
    for (const d of resolved.diagnostics) io.stderr(`error: ${d.message}\n  hint: ${d.hint}\n`);
    return 1;
  }
  io.stdout(marshalGoJson(loadSpec(resolved.version), resolved.config, flags.pretty === true) + "\n");
  return 0;
}
