/**
 * `kindling serve --data DIR`: the bare-metal boot and config server over a
 * matchbox-style data directory. Logs one JSON line per request on stdout;
 * reloads when the directory changes or on SIGHUP; stops on SIGINT/SIGTERM.
 * Refuses to start (exit 1) when the store has problems, listing each with
 * its file, line and column.
 */
import { resolve } from "node:path";
import { formatProblem, type StoreProblem } from "../deliver/pxe/model.js";
import { startServer } from "../deliver/pxe/server.js";
import { DirectoryStore } from "../deliver/pxe/store/directory.js";
import { EtcdStore } from "../deliver/pxe/store/etcd.js";
import { type CommandIO, describeIoError, readSecret } from "./io.js";

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
      --log json|none     one JSON line per request on stdout (default json)
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
}

/** Flags that take one value, and where each goes. */
const PATH_FLAGS: Record<string, (flags: ServeFlags, value: string) => void> = {
  "--data": (f, v) => (f.data = v),
  "--etcd": (f, v) => (f.etcd = v.split(",").filter(Boolean)),
  "--etcd-prefix": (f, v) => (f.etcdPrefix = v),
  "--tls-cert": (f, v) => (f.tlsCert = v),
  "--tls-key": (f, v) => (f.tlsKey = v),
  "--client-ca": (f, v) => (f.clientCa = v),
  "--admin-token-file": (f, v) => (f.adminTokenFile = v),
  "--report-secret-file": (f, v) => (f.reportSecretFile = v),
  "--assets": (f, v) => (f.assets = v),
};

function parse(args: string[]): { ok: true; flags: ServeFlags } | { ok: false; message: string } | { ok: "help" } {
  const flags: ServeFlags = { host: "127.0.0.1", port: 8080, log: "json" };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (eq > 0 ? a.slice(eq + 1) : args[++i]);
    switch (name) {
      case "-h": case "--help": return { ok: "help" };
      case "--etcd": case "--etcd-prefix": case "--data": case "--tls-cert": case "--tls-key": case "--client-ca": case "--admin-token-file": case "--report-secret-file": case "--assets": {
        const v = value();
        if (v === undefined) return { ok: false, message: `flag needs an argument: ${name}` };
        PATH_FLAGS[name](flags, v);
        break;
      }
      case "--listen": {
        const v = value();
        const m = v === undefined ? null : /^(?:(\[[^\]]+\]|[^:]*):)?(\d{1,5})$/.exec(v);
        if (!m || Number(m[2]) > 65535) return { ok: false, message: `invalid --listen ${JSON.stringify(v ?? "")}: give HOST:PORT or PORT` };
        if (m[1]) flags.host = m[1].replace(/^\[|\]$/g, "");
        flags.port = Number(m[2]);
        break;
      }
      case "--log": {
        const v = value();
        if (v !== "json" && v !== "none") return { ok: false, message: `invalid --log ${JSON.stringify(v ?? "")}: json or none` };
        flags.log = v;
        break;
      }
      default:
        return { ok: false, message: `unknown argument: ${a}` };
    }
  }
  if ((flags.data === undefined) === (flags.etcd === undefined)) return { ok: false, message: "give exactly one of --data DIR and --etcd URL[,URL]" };
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) return { ok: false, message: "--tls-cert and --tls-key go together" };
  if (flags.clientCa !== undefined && flags.tlsCert === undefined) return { ok: false, message: "--client-ca needs --tls-cert and --tls-key" };
  return { ok: true, flags };
}

export async function serveCommand(args: string[], io: CommandIO): Promise<number> {
  const parsed = parse(args);
  if (parsed.ok === "help") {
    io.stdout(USAGE);
    return 0;
  }
  if (!parsed.ok) {
    io.stderr(`Error: ${parsed.message}\n${USAGE}`);
    return 2;
  }
  const { flags } = parsed;
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
      tls = { cert: await read(flags.tlsCert), key: await read(flags.tlsKey!), ...(flags.clientCa ? { clientCa: await read(flags.clientCa) } : {}) };
    } catch (err) {
      io.stderr(`kindling serve: cannot read the TLS files: ${(err as Error).message}\n`);
      return 1;
    }
  }
  const store = flags.etcd ? new EtcdStore({ endpoints: flags.etcd, ...(flags.etcdPrefix ? { prefix: flags.etcdPrefix } : {}) }) : new DirectoryStore(resolve(flags.data!));
  let running;
  try {
    running = await startServer({ store, host: flags.host, port: flags.port, ...(flags.assets ? { assets: resolve(flags.assets) } : {}), ...(adminToken.value ? { adminToken: adminToken.value } : {}), ...(tls ? { tls } : {}), ...(reportSecret.value ? { reportSecret: reportSecret.value } : {}), log: flags.log === "json" ? (line) => io.stdout(line + "\n") : undefined });
  } catch (err) {
    const problems = (err as Error & { problems?: StoreProblem[] }).problems;
    if (store instanceof EtcdStore) store.close();
    if (problems) io.stderr(`kindling serve: the store (${store.describe()}) has problems:\n${problems.map((p) => "  " + formatProblem(p)).join("\n")}\n`);
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
        if (store instanceof EtcdStore) store.close();
        done(0);
      });
    };
    const hup = async () => {
      const problems = await server.reload();
      if (problems.length) io.stderr(`kindling serve: reload refused, still serving the last good data:\n${problems.map((p) => "  " + formatProblem(p)).join("\n")}\n`);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    process.on("SIGHUP", () => void hup());
  });
}
