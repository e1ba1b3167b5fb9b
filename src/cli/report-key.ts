/**
 * `kindling report-key`: the key a machine signs its first-boot reports
 * with, derived from kindling serve's report secret, the machine's group and
 * (optionally) its label, for configs made with `transpile --verify` rather
 * than served by kindling serve (which derives keys itself).
 */
import { reportKey } from "../deliver/pxe/reports.js";
import { type CommandIO, readSecret } from "./io.js";

const USAGE = `Usage: kindling report-key --secret-file FILE --group GROUP [--machine LABEL]

Prints the 64-hex-digit key for transpile --verify-key-file.

Options:
      --secret-file FILE  kindling serve's --report-secret-file
      --group GROUP       the machine's group (a group id on that server)
      --machine LABEL     the label the server knows the machine by, such as
                          mac=52:54:00:12:34:56 (default: one key for the group)
  -h, --help              show this help
`;

export async function reportKeyCommand(args: string[], io: CommandIO): Promise<number> {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-h" || a === "--help") {
      io.stdout(USAGE);
      return 0;
    }
    if (a !== "--secret-file" && a !== "--group" && a !== "--machine") return usage(io, `unknown argument: ${a}`);
    const v = args[++i];
    if (v === undefined) return usage(io, `flag needs an argument: ${a}`);
    values[a] = v;
  }
  const file = values["--secret-file"];
  const group = values["--group"];
  if (!file || !group) return usage(io, "give --secret-file FILE and --group GROUP");
  const machine = values["--machine"] ?? "";
  if (machine && !/^[a-z0-9_.-]+=.+$/.test(machine)) return usage(io, `invalid argument "${machine}" for --machine: LABEL=VALUE, such as mac=52:54:00:12:34:56`);
  const secret = await readSecret(io, file, undefined, "the report secret", 32);
  if (secret.error || !secret.value) {
    io.stderr(`kindling report-key: ${secret.error}\n`);
    return 1;
  }
  io.stdout(reportKey(secret.value, group, machine) + "\n");
  return 0;
}

function usage(io: CommandIO, message: string): number {
  io.stderr(`Error: ${message}\n${USAGE}`);
  return 2;
}
