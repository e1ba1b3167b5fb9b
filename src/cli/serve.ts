/**
 * `kindling serve --data DIR`: the bare-metal boot and config server over a
 * matchbox-style data directory. Logs one JSON line per request on stdout;
 * reloads when the directory changes or on SIGHUP; stops on SIGINT/SIGTERM.
 * Refuses to start (exit 1) when the store has problems, listing each with
 * its file, line and column.
 */
import { resolve } from "node:path";
import { DEFAULT_CLIENT_BUDGET } from "../deliver/pxe/http/client-budget.js";
import { DEFAULT_LIMITS, type ServeLimits } from "../deliver/pxe/http/limits.js";
import { type RunningServer, startServer } from "../deliver/pxe/server.js";
import { DirectoryStore } from "../deliver/pxe/store/directory.js";
import { EtcdStore } from "../deliver/pxe/store/etcd.js";
import { formatProblem, type StoreProblem } from "../deliver/pxe/store/model.js";
import { type FlagSpecs, readCommandLine, usageError } from "./args.js";
import { type CommandIO, readSecret } from "./io.js";

const USAGE = `Usage: kindling serve --data DIR | --etcd URL[,URL] [options]

Serves iPXE/GRUB boot scripts and machine configs chosen by matchbox-style
groups (profiles/, groups/, ignition/, cloud/, generic/ under DIR).

Options:
      --data DIR          the data directory
      --etcd URL[,URL]    or: the store in etcd (several replicas share it)
      --etcd-prefix P     the etcd key prefix (default /kindling/)
      --listen HOST:PORT  where to listen (default 127.0.0.1:8080; port 0 picks one)
      --assets DIR        serve kernels and images from DIR at /assets/
      --tls-cert FILE, --tls-key FILE
                          serve HTTPS with this certificate and key
      --client-ca FILE    with HTTPS: the admin API also needs a client
                          certificate signed by this CA (mutual TLS)
      --report-secret-file FILE
                          take first-boot reports at POST /reports, signed with
                          keys derived from the secret in FILE (or in
                          KINDLING_REPORT_SECRET)
      --admin-token-file FILE
                          turn on the admin API (/admin/...), with the bearer
                          token in FILE (or in KINDLING_ADMIN_TOKEN)
      --cache-bytes SIZE  the reply cache's budget: bytes, or with KiB, MiB or
                          GiB (default 64MiB); replies not used lately go first
      --client-budget N   what one client address may make the server create a
                          minute: replies keyed by its query, configs with a key
                          of their own, machines' first reports; beyond it 429
                          (default ${DEFAULT_CLIENT_BUDGET}; 0 for no limit)
      --log json|none     one JSON line per request on stdout (default json)
      --render-threads N  threads that render configs off the event loop
                          (default one per CPU beyond the first, 1 to 4; 0
                          renders on the event loop)
      --max-asset-streams N
                          asset downloads at once (default 256); more get 503
      --max-report-uploads N
                          report uploads at once (default 32); more get 503
      --headers-timeout S seconds a client has to send a request's headers
                          (default 10)
      --body-timeout S    seconds a client has to send a request's body once
                          its headers are in (default 30)
      --idle-timeout S    close a connection that moves no byte for S seconds
                          (default 60)
  -h, --help              show this help
`;

interface ServeFlags {
  etcd?: string[];
  etcdPrefix?: string;
  tlsCert?: string;
  tlsKey?: string;
  clientCa?: string;
  adminTokenFile?: string;
  reportSecretFile?: string;
  data?: string;
  assets?: string;
  host: string;
  port: number;
  log: "json" | "none";
  limits: Partial<ServeLimits>;
  cacheBytes?: number;
  clientBudget?: number;
  renderThreads?: number;
}

const FLAGS = {
  data: { type: "string" },
  etcd: { type: "string" },
  "etcd-prefix": { type: "string" },
  listen: { type: "string" },
  assets: { type: "string" },
  "tls-cert": { type: "string" },
  "tls-key": { type: "string" },
  "client-ca": { type: "string" },
  "report-secret-file": { type: "string" },
  "admin-token-file": { type: "string" },
  "cache-bytes": { type: "string" },
  "client-budget": { type: "string" },
  "render-threads": { type: "string" },
  log: { type: "string", choices: ["json", "none"] },
  "max-asset-streams": { type: "string" },
  "max-report-uploads": { type: "string" },
  "headers-timeout": { type: "string" },
  "body-timeout": { type: "string" },
  "idle-timeout": { type: "string" },
} as const satisfies FlagSpecs;

/** The limit flags: name, the setting, and whether it counts (a whole number) or is seconds (to milliseconds). */
const LIMIT_FLAGS = [
  ["max-asset-streams", "maxAssetStreams", "count"],
  ["max-report-uploads", "maxReportUploads", "count"],
  ["headers-timeout", "headersTimeoutMs", "seconds"],
  ["body-timeout", "bodyTimeoutMs", "seconds"],
  ["idle-timeout", "idleTimeoutMs", "seconds"],
] as const satisfies readonly (readonly [keyof typeof FLAGS, keyof ServeLimits, "count" | "seconds"])[];

function parse(args: string[], io: CommandIO): ServeFlags | number {
  const parsed = readCommandLine(io, { name: "serve", usage: USAGE }, args, FLAGS);
  if (typeof parsed === "number") return parsed;
  const f = parsed.flags;
  if (parsed.positionals.length) return usageError(io, "serve", `unexpected argument: ${parsed.positionals[0]}`);
  const flags: ServeFlags = {
    host: "127.0.0.1",
    port: 8080,
    log: f.log === "none" ? "none" : "json",
    limits: {},
    ...(f.data !== undefined ? { data: f.data } : {}),
    ...(f.etcd !== undefined ? { etcd: f.etcd.split(",").filter(Boolean) } : {}),
    ...(f["etcd-prefix"] !== undefined ? { etcdPrefix: f["etcd-prefix"] } : {}),
    ...(f.assets !== undefined ? { assets: f.assets } : {}),
    ...(f["tls-cert"] !== undefined ? { tlsCert: f["tls-cert"] } : {}),
    ...(f["tls-key"] !== undefined ? { tlsKey: f["tls-key"] } : {}),
    ...(f["client-ca"] !== undefined ? { clientCa: f["client-ca"] } : {}),
    ...(f["report-secret-file"] !== undefined ? { reportSecretFile: f["report-secret-file"] } : {}),
    ...(f["admin-token-file"] !== undefined ? { adminTokenFile: f["admin-token-file"] } : {}),
  };
  if (f.listen !== undefined) {
    const m = /^(?:(\[[^\]]+\]|[^:]*):)?(\d{1,5})$/.exec(f.listen);
    if (!m || Number(m[2]) > 65535)
      return usageError(io, "serve", `invalid argument ${JSON.stringify(f.listen)} for --listen: HOST:PORT or PORT`);
    if (m[1]) flags.host = m[1].replace(/^\[|\]$/g, "");
    flags.port = Number(m[2]);
  }
  if (f["cache-bytes"] !== undefined) {
    const m = /^(\d+)(KiB|MiB|GiB)?$/.exec(f["cache-bytes"]);
    if (!m)
      return usageError(
        io,
        "serve",
        `invalid argument ${JSON.stringify(f["cache-bytes"])} for --cache-bytes: a whole number of bytes, or with KiB, MiB or GiB (64MiB)`,
      );
    flags.cacheBytes = Number(m[1]) * { "": 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[m[2] ?? ""]!;
  }
  if (f["client-budget"] !== undefined) {
    if (!/^\d+$/.test(f["client-budget"]))
      return usageError(
        io,
        "serve",
        `invalid argument ${JSON.stringify(f["client-budget"])} for --client-budget: a whole number a minute (0 for no limit)`,
      );
    flags.clientBudget = Number(f["client-budget"]);
  }
  if (f["render-threads"] !== undefined) {
    if (!/^\d+$/.test(f["render-threads"]) || Number(f["render-threads"]) > 64)
      return usageError(
        io,
        "serve",
        `invalid argument ${JSON.stringify(f["render-threads"])} for --render-threads: a whole number from 0 to 64 (0 renders on the event loop)`,
      );
    flags.renderThreads = Number(f["render-threads"]);
  }
  for (const [flag, setting, kind] of LIMIT_FLAGS) {
    const given = f[flag];
    if (given === undefined) continue;
    const n = Number(given);
    const ok = /^\d+(\.\d+)?$/.test(given) && n > 0 && (kind === "seconds" || Number.isInteger(n));
    if (!ok)
      return usageError(
        io,
        "serve",
        `invalid argument ${JSON.stringify(given)} for --${flag}: ${kind === "count" ? "a whole number above 0" : "seconds above 0"} (default ${kind === "count" ? DEFAULT_LIMITS[setting] : DEFAULT_LIMITS[setting] / 1000})`,
      );
    flags.limits[setting] = kind === "seconds" ? Math.round(n * 1000) : n;
  }
  if ((flags.data === undefined) === (flags.etcd === undefined))
    return usageError(io, "serve", "give exactly one of --data DIR and --etcd URL[,URL]");
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined))
    return usageError(io, "serve", "--tls-cert and --tls-key go together");
  if (flags.clientCa !== undefined && flags.tlsCert === undefined)
    return usageError(io, "serve", "--client-ca needs --tls-cert and --tls-key");
  return flags;
}

export async function serveCommand(args: string[], io: CommandIO): Promise<number> {
  const flags = parse(args, io);
  if (typeof flags === "number") return flags;
  const adminToken = await readSecret(io, flags.adminTokenFile, io.env.KINDLING_ADMIN_TOKEN, "the admin token", 16);
  const reportSecret = await readSecret(io, flags.reportSecretFile, io.env.KINDLING_REPORT_SECRET, "the report secret", 32);
  for (const secret of [adminToken, reportSecret]) {
    if (secret.error) {
      io.stderr(`kindling serve: ${secret.error}\n`);
      return 1;
    }
  }
  let tls: { cert: Uint8Array; key: Uint8Array; clientCa?: Uint8Array } | undefined;
  if (flags.tlsCert !== undefined) {
    const read = async (file: string) => io.readFile(file);
    try {
      tls = {
        cert: await read(flags.tlsCert),
        key: await read(flags.tlsKey!),
        ...(flags.clientCa ? { clientCa: await read(flags.clientCa) } : {}),
      };
    } catch (err) {
      io.stderr(`kindling serve: cannot read the TLS files: ${(err as Error).message}\n`);
      return 1;
    }
  }
  const store = flags.etcd
    ? new EtcdStore({ endpoints: flags.etcd, ...(flags.etcdPrefix ? { prefix: flags.etcdPrefix } : {}) })
    : new DirectoryStore(resolve(flags.data!));
  let running: RunningServer;
  try {
    running = await startServer({
      store,
      host: flags.host,
      port: flags.port,
      ...(flags.assets ? { assets: resolve(flags.assets) } : {}),
      ...(adminToken.value ? { adminToken: adminToken.value } : {}),
      ...(tls ? { tls } : {}),
      ...(reportSecret.value ? { reportSecret: reportSecret.value } : {}),
      limits: flags.limits,
      cacheBytes: flags.cacheBytes,
      clientBudget: flags.clientBudget,
      ...(flags.renderThreads !== undefined ? { renderThreads: flags.renderThreads } : {}),
      log: flags.log === "json" ? (line) => io.stdout(line + "\n") : undefined,
    });
  } catch (err) {
    const problems = (err as Error & { problems?: StoreProblem[] }).problems;
    store.close();
    if (problems)
      io.stderr(
        `kindling serve: the store (${store.describe()}) has problems:\n${problems.map((p) => "  " + formatProblem(p)).join("\n")}\n`,
      );
    else io.stderr(`kindling serve: ${(err as Error).message}\n`);
    return 1;
  }
  io.stderr(`kindling serve: listening on ${running.url} (${store.describe()})\n`);
  const server = running;
  return new Promise<number>((done) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      process.removeAllListeners("SIGHUP");
      void server.close().then(() => {
        store.close();
        done(0);
      });
    };
    const hup = async () => {
      const problems = await server.reload();
      if (problems.length)
        io.stderr(
          `kindling serve: reload refused, still serving the last good data:\n${problems.map((p) => "  " + formatProblem(p)).join("\n")}\n`,
        );
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    process.on("SIGHUP", () => void hup());
  });
}
