/**
 * `kindling status`: the fleet at a glance, from a kindling serve's admin
 * API (GET /admin/status): which machines got their config, which reported,
 * which checks failed. Exit 0 when no machine failed a check or stayed
 * silent for longer than --within after its delivery, 1 when one did, 2 on
 * usage errors, 3 when the server cannot be asked.
 */
import ky, { HTTPError } from "ky";
import type { FleetRow } from "../deliver/pxe/fleet.js";
import { healthy, judge, parseDuration, renderTable } from "../verify/status.js";
import { type CommandIO, readSecret } from "./io.js";

const USAGE = `Usage: kindling status [--server URL] [--within DURATION] [--json]

Shows every machine kindling serve delivered a verified config to, and its
latest first-boot report.

Options:
      --server URL         the kindling serve to ask (default $KINDLING_SERVER,
                           else http://127.0.0.1:8080)
      --admin-token-file F the admin API's token (default $KINDLING_ADMIN_TOKEN)
      --within DURATION    how long a machine may take to report after its
                           delivery, e.g. 90s, 15m, 2h (default 30m)
      --json               print the rows, each with its state, as JSON
  -h, --help               show this help

Exit status: 0 all verified or still within time, 1 a machine failed a check
or has not reported within DURATION, 2 usage, 3 the server cannot be asked.
`;

export async function statusCommand(args: string[], io: CommandIO): Promise<number> {
  let server = io.env.KINDLING_SERVER ?? "http://127.0.0.1:8080";
  let tokenFile: string | undefined;
  let within = 30 * 60_000;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = () => args[++i];
    if (a === "-h" || a === "--help") {
      io.stdout(USAGE);
      return 0;
    } else if (a === "--json") json = true;
    else if (a === "--server" || a === "--admin-token-file" || a === "--within") {
      const v = value();
      if (v === undefined) return usage(io, `flag needs an argument: ${a}`);
      if (a === "--server") server = v;
      else if (a === "--admin-token-file") tokenFile = v;
      else {
        const ms = parseDuration(v);
        if (ms === undefined) return usage(io, `invalid argument "${v}" for --within: a whole number with s, m, h or d, such as 15m`);
        within = ms;
      }
    } else return usage(io, `unknown argument: ${a}`);
  }
  if (!/^https?:\/\/[^\s/]+/.test(server)) return usage(io, `invalid argument "${server}" for --server: an http:// or https:// URL`);
  const secret = await readSecret(io, tokenFile, io.env.KINDLING_ADMIN_TOKEN, "the admin token", 1);
  if (secret.error) {
    io.stderr(`kindling status: ${secret.error}\n`);
    return 2;
  }
  const token = secret.value;
  if (!token) return usage(io, "the admin API needs a token: --admin-token-file FILE or KINDLING_ADMIN_TOKEN");

  const url = `${server.replace(/\/+$/, "")}/admin/status`;
  let answer: { generatedAt: string; machines: FleetRow[] };
  try {
    answer = await ky.get(url, { headers: { authorization: `Bearer ${token}` }, timeout: 10_000, retry: 0 }).json();
  } catch (err) {
    const why = err instanceof HTTPError ? `${err.response.status} ${await err.response.text().catch(() => "")}`.trim() : (err as Error).message;
    io.stderr(`kindling status: cannot read ${url}: ${why}\n`);
    return 3;
  }
  const rows = judge(answer.machines, Date.parse(answer.generatedAt) || Date.now(), within);
  if (json) io.stdout(JSON.stringify({ server, within: within / 1000, healthy: healthy(rows), machines: rows }, null, 2) + "\n");
  else io.stdout(rows.length ? renderTable(rows) : "no machine has been delivered a verified config or reported yet\n");
  return healthy(rows) ? 0 : 1;
}

function usage(io: CommandIO, message: string): number {
  io.stderr(`Error: ${message}\n${USAGE}`);
  return 2;
}
