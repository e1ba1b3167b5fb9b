#!/usr/bin/env node
/**
 * The `kindling` command: binds commands to the process. Each command module
 * is loaded only when it runs, so start-up stays small.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Command, CommandIO } from "./cli/io.js";
import { fdWriter } from "./cli/std-write.js";
import { VERSION_LINE } from "./version.js";

/**
 * Each command is loaded only when it runs: from its bundle with V8's code
 * cache when `npm run build` made one (dist/commands/<name>.cjs), otherwise
 * as plain modules.
 */
const COMMANDS: Record<string, { modules: () => Promise<Command>; exportName: string }> = {
  validate: { modules: async () => (await import("./cli/validate.js")).validateCommand, exportName: "validateCommand" },
  transpile: { modules: async () => (await import("./cli/transpile.js")).transpileCommand, exportName: "transpileCommand" },
  // Long-running: loaded as modules, without a bundle or code cache.
  serve: { modules: async () => (await import("./cli/serve.js")).serveCommand, exportName: "serveCommand" },
  store: { modules: async () => (await import("./cli/store.js")).storeCommand, exportName: "storeCommand" },
  verify: { modules: async () => (await import("./cli/verify.js")).verifyCommand, exportName: "verifyCommand" },
  status: { modules: async () => (await import("./cli/status.js")).statusCommand, exportName: "statusCommand" },
  "report-key": { modules: async () => (await import("./cli/report-key.js")).reportKeyCommand, exportName: "reportKeyCommand" },
  resolve: { modules: async () => (await import("./cli/resolve.js")).resolveCommand, exportName: "resolveCommand" },
  "user-data": { modules: async () => (await import("./cli/user-data.js")).userDataCommand, exportName: "userDataCommand" },
  launch: { modules: async () => (await import("./cli/launch.js")).launchCommand, exportName: "launchCommand" },
  terraform: { modules: async () => (await import("./cli/terraform.js")).terraformCommand, exportName: "terraformCommand" },
  lsp: { modules: async () => (await import("./cli/lsp.js")).lspCommand, exportName: "lspCommand" },
  lab: { modules: async () => (await import("./cli/lab.js")).labCommand, exportName: "labCommand" },
  cluster: { modules: async () => (await import("./cli/cluster.js")).clusterCommand, exportName: "clusterCommand" },
};

// The AWS SDK warns once per process, on stderr, that its releases after
// January 2027 will need Node 22. kindling supports Node 20 with the SDK its
// lockfile pins, so the warning would only clutter a command's report.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

let afterRun = (): void => {};

async function loadCommand(name: string): Promise<Command | undefined> {
  if (!Object.hasOwn(COMMANDS, name)) return undefined;
  const entry = COMMANDS[name]!;
  const bundle = fileURLToPath(new URL(`./commands/${name}.cjs`, import.meta.url));
  if (!existsSync(bundle)) return entry.modules();
  const { loadWithCodeCache } = await import("./cli/code-cache.js");
  const loaded = loadWithCodeCache(bundle);
  afterRun = loaded.saveCache;
  return loaded.exports[entry.exportName] as Command;
}

const USAGE = `Usage: kindling <command> [options]

Commands:
  transpile [FILE]   Butane YAML to Ignition JSON (butane compatible)
  validate FILE|-    check an Ignition config (ignition-validate compatible), or
                     cloud-config user data with --target cloud-config
  serve --data DIR   iPXE/GRUB boot scripts and configs for bare metal (matchbox-style data)
  store import ...   copy a data directory into etcd, or a matchbox directory into a kindling one
  verify --root DIR CONFIG
                     check a directory tree against a config, check by check
  status             the fleet: who got a verified config, who reported, what failed
  report-key ...     the key a transpile --verify config signs its report with
  resolve CONFIG     the config a machine finally applies, its references followed
  user-data --platform ec2|gce|azure CONFIG
                     the user data a cloud hands the instance, made to fit its size limit
  launch ec2|gce|azure CONFIG
                     create cloud instances with that user data, wait until they run
  terraform          the program of a Terraform external data source (query on stdin)
  lsp --stdio        a language server for Butane configs, for editors
  lab init|render DIR
                     a Vagrant lab (lab.yaml, node.bu, Vagrantfile), each node's config rendered
  cluster render     each node's etcd (static bootstrap, TLS), flannel and update settings

Run "kindling help <command>" (or "kindling <command> --help") for a command's
options, "kindling --version" for the version.
`;

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const io: CommandIO = {
  readStdin,
  // Synchronous reads: a CLI has nothing else to do meanwhile, and
  // fs/promises pays several thread-pool round trips per file.
  readFile: async (path) => readFileSync(path),
  stdout: fdWriter(1),
  stderr: fdWriter(2),
  env: process.env,
  // Asked only when a command colours its diagnostics: process.stderr builds
  // Node's stream machinery, which a quiet run need not load (std-write.ts).
  get stderrIsTTY() {
    return process.stderr.isTTY === true;
  },
};

async function main(argv: string[]): Promise<number> {
  let [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help" || (name === "help" && rest.length === 0)) {
    io.stdout(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === "-V" || name === "--version" || name === "version") {
    io.stdout(VERSION_LINE + "\n");
    return 0;
  }
  // "kindling help CMD" is "kindling CMD --help".
  if (name === "help") [name, rest] = [rest[0]!, ["--help"]];
  const command = await loadCommand(name);
  if (!command) {
    io.stderr(`Error: unknown command ${JSON.stringify(name)}\nSee 'kindling --help'.\n`);
    return 2;
  }
  const code = await command(rest, io);
  afterRun();
  return code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Only bugs reach here; user errors are diagnostics.
    process.stderr.write(`kindling: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 3;
  },
);
