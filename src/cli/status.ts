/**
 * `kindling status`: the fleet at a glance, from a kindling serve's admin
 * API (GET /admin/status): which machines got their config, which reported,
 * which checks failed. Exit 0 when no machine failed a check or stayed
 * silent for longer than --within after its delivery, 1 when one did, 2 on
 * usage errors, 3 when the server cannot be asked.
 */
import ky, { HTTPError } from "ky";
import { type FleetRow, healthy, judge, parseDuration, renderTable } from "../verify/status.js";
import { type FlagSpecs, readCommandLine, usageError } from "./args.js";
import { type CommandIO, describeIoError, readSecret } from "./io.js";
import { FORMAT_FLAGS, jsonLine, outputFormat } from "./output-format.js";
import { fetchWithTls, type TlsMaterial } from "./tls-fetch.js";

const USAGE = `Usage: kindling status [--server URL] [--admin-token-file FILE] [--within DURATION] [--format text|json]

Shows every machine kindling serve delivered a verified config to, and its
latest first-boot report. It reads the server's admin API, so it needs the
admin token that kindling serve was started with (its --admin-token-file, or
KINDLING_ADMIN_TOKEN): give the same file here, or export the variable.

Options:
      --server URL         the kindling serve to ask (default $KINDLING_SERVER,
                           else http://127.0.0.1:8080)
      --admin-token-file F the admin API's token (default $KINDLING_ADMIN_TOKEN)
      --ca FILE            trust this CA (PEM) for an https:// server whose
                           certificate the system does not know
      --client-cert FILE, --client-key FILE
                           the client certificate (PEM) for a server started
                           with --client-ca (mutual TLS on the admin API)
      --within DURATION    how long a machine may take to report after its
                           delivery, e.g. 90s, 15m, 2h (default 30m)
      --format F           text (default) or json: the rows, each with its state, as one
                           JSON object (--json is the same)
  -h, --help               show this help

Exit status: 0 all verified or still within time, 1 a machine failed a check
or has not reported within DURATION, 2 usage, 3 the server cannot be asked.
`;

const FLAGS = {
  server: { type: "string" },
  "admin-token-file": { type: "string" },
  ca: { type: "string" },
  "client-cert": { type: "string" },
  "client-key": { type: "string" },
  within: { type: "string" },
  ...FORMAT_FLAGS,
} as const satisfies FlagSpecs;

export async function statusCommand(args: string[], io: CommandIO): Promise<number> {
  const parsed = readCommandLine(io, { name: "status", usage: USAGE }, args, FLAGS);
  if (typeof parsed === "number") return parsed;
  if (parsed.positionals.length) return usageError(io, "status", `unexpected argument: ${parsed.positionals[0]}`);
  const { flags } = parsed;
  const server = flags.server ?? io.env.KINDLING_SERVER ?? "http://127.0.0.1:8080";
  const tokenFile = flags["admin-token-file"];
  const json = outputFormat(flags) === "json";
  let within = 30 * 60_000;
  if (flags.within !== undefined) {
    const ms = parseDuration(flags.within);
    if (ms === undefined)
      return usageError(io, "status", `invalid argument "${flags.within}" for --within: a whole number with s, m, h or d, such as 15m`);
    within = ms;
  }
  if (!/^https?:\/\/[^\s/]+/.test(server))
    return usageError(io, "status", `invalid argument "${server}" for --server: an http:// or https:// URL`);
  const secret = await readSecret(io, tokenFile, io.env.KINDLING_ADMIN_TOKEN, "the admin token", 1);
  if (secret.error) {
    io.stderr(`kindling status: ${secret.error}\n`);
    return 2;
  }
  const token = secret.value;
  if (!token)
    return usageError(
      io,
      "status",
      "the admin API needs a token: --admin-token-file FILE or KINDLING_ADMIN_TOKEN (the token kindling serve was started with)",
    );

  const tls: TlsMaterial = {};
  for (const [flag, key] of [
    ["ca", "ca"],
    ["client-cert", "cert"],
    ["client-key", "key"],
  ] as const) {
    const file = flags[flag];
    if (file === undefined) continue;
    try {
      tls[key] = await io.readFile(file);
    } catch (err) {
      io.stderr(`kindling status: cannot read --${flag}: ${describeIoError(file, err)}\n`);
      return 2;
    }
  }
  if ((tls.cert === undefined) !== (tls.key === undefined)) return usageError(io, "status", "--client-cert and --client-key go together");

  const url = `${server.replace(/\/+$/, "")}/admin/status`;
  let answer: { generatedAt: string; machines: FleetRow[] };
  try {
    const fetch = Object.keys(tls).length ? { fetch: fetchWithTls(tls) } : {};
    answer = await ky.get(url, { headers: { authorization: `Bearer ${token}` }, timeout: 10_000, retry: 0, ...fetch }).json();
  } catch (err) {
    io.stderr(`kindling status: cannot read ${url}: ${await describeFailure(err, tls)}\n`);
    return 3;
  }
  const rows = judge(answer.machines, Date.parse(answer.generatedAt) || Date.now(), within);
  if (json) io.stdout(jsonLine({ server, within: within / 1000, healthy: healthy(rows), machines: rows }));
  else io.stdout(rows.length ? renderTable(rows) : "no machine has been delivered a verified config or reported yet\n");
  return healthy(rows) ? 0 : 1;
}

/** Why the server could not be asked, with what to do about the usual TLS failures. */
async function describeFailure(err: unknown, tls: TlsMaterial): Promise<string> {
  if (err instanceof HTTPError) return `${err.response.status} ${await err.response.text().catch(() => "")}`.trim();
  const e = err as Error & { cause?: Error & { code?: string }; code?: string };
  const cause = e.cause ?? e;
  const why = cause === e ? e.message : `${e.message}: ${cause.message}`;
  const code = cause.code ?? "";
  if (/CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code) && !tls.ca) return `${why} (a server with a private CA: give it with --ca FILE)`;
  if (/EPROTO|ECONNRESET/.test(code) && !tls.cert)
    return `${why} (a server that asks for a client certificate: give --client-cert FILE and --client-key FILE)`;
  return why;
}
