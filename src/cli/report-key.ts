/**
 * `kindling report-key`: the key a machine signs its first-boot reports
 * with, derived from kindling serve's report secret, the machine's group and
 * (optionally) its label, for configs made with `transpile --verify` rather
 * than served by kindling serve (which gives each delivery to a machine its
 * groups name a key of its own). The server takes this key for a machine
 * while it has no delivery of that machine's config on record.
 */
import { reportKey } from "../verify/report-signature.js";
import { type FlagSpecs, readCommandLine, usageError } from "./args.js";
import { type CommandIO, readSecret } from "./io.js";

const USAGE = `Usage: kindling report-key --secret-file FILE --group GROUP [--machine LABEL]

Prints the 64-hex-digit key for transpile --verify-key-file. kindling serve
takes it for a machine while it has not delivered that machine's config itself.

Options:
      --secret-file FILE  kindling serve's --report-secret-file
      --group GROUP       the machine's group (a group id on that server)
      --machine LABEL     the label the server knows the machine by, such as
                          mac=52:54:00:12:34:56 (default: one key for the group)
  -h, --help              show this help
`;

const FLAGS = {
  "secret-file": { type: "string" },
  group: { type: "string" },
  machine: { type: "string" },
} as const satisfies FlagSpecs;

export async function reportKeyCommand(args: string[], io: CommandIO): Promise<number> {
  const parsed = readCommandLine(io, { name: "report-key", usage: USAGE }, args, FLAGS);
  if (typeof parsed === "number") return parsed;
  if (parsed.positionals.length) return usageError(io, "report-key", `unexpected argument: ${parsed.positionals[0]}`);
  const { "secret-file": file, group, machine = "" } = parsed.flags;
  if (!file || !group) return usageError(io, "report-key", "give --secret-file FILE and --group GROUP");
  if (machine && !/^[a-z0-9_.-]+=.+$/.test(machine))
    return usageError(io, "report-key", `invalid argument "${machine}" for --machine: LABEL=VALUE, such as mac=52:54:00:12:34:56`);
  const secret = await readSecret(io, file, undefined, "the report secret", 32);
  if (secret.error || !secret.value) {
    io.stderr(`kindling report-key: ${secret.error}\n`);
    return 1;
  }
  io.stdout(reportKey(secret.value, group, machine) + "\n");
  return 0;
}
