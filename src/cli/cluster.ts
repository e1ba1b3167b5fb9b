/**
 * `kindling cluster render --nodes FILE --world W [--out DIR] [--name N]`:
 * the cluster sugar (src/cluster/) over a nodes file, each node's
 * contribution written to DIR as the file its world merges (`<name>.bu`,
 * `<name>.cloud-config.yaml`, `<name>.cloud-init.yaml`) and the TLS material
 * under DIR/tls/, all atomically; keys and the configs that carry them 0600.
 * Problems are one line each, FILE:LINE:COL, and nothing is written.
 */
import { mkdirSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { CLUSTER_WORLDS, type ClusterSpec, expandCluster, type World } from "../cluster/cluster.js";
import { FRAGMENT_SUFFIX, fragmentText } from "../cluster/fragment.js";
import { readNodesFile } from "../cluster/input.js";
import { type Diagnostic, hasErrors } from "../diagnostics/diagnostic.js";
import { renderLocated } from "../diagnostics/render-located.js";
import { type FlagSpecs, readCommandLine, usageError } from "./args.js";
import { type CommandIO, describeIoError, readInput, writeAtomically } from "./io.js";

const USAGE = `Usage: kindling cluster render --nodes FILE --world WORLD [--out DIR] [--name NAME]

Expands a cluster section (etcd with a static bootstrap and optional TLS,
flannel, reboot coordination) into what each node's config merges, and writes
one file per node to DIR: NAME.bu (fcos, flatcar: a Butane snippet),
NAME.cloud-config.yaml (coreos-legacy) or NAME.cloud-init.yaml (cloud-init),
plus DIR/tls/ (the CA and each node's certificates and keys) with etcd TLS.

The nodes file (YAML or JSON):
  cluster:
    name: lab                          # etcd's cluster token derives from it
    etcd: { tls: true }                # clientPort, peerPort, image too
    flannel: { network: 10.1.0.0/16 }  # subnetLen (24), backend (vxlan, host-gw)
    updates: { strategy: etcd-lock, window: "Sun 04:00/1h" }
  nodes:
    - { name: core-01, ip: 172.17.8.101 }
    - { name: core-02, ip: 172.17.8.102 }
    - { name: core-03, ip: 172.17.8.103 }
Update strategies: etcd-lock, reboot, off (locksmith: coreos-legacy, flatcar),
fleet_lock with url: (fcos), periodic with a window, reboot, off (fcos).

Options:
      --nodes FILE            the nodes file
      --world WORLD           fcos, flatcar, coreos-legacy or cloud-init
  -o, --out DIR               where to write (default: the current directory)
      --name NAME             the cluster's name (default: cluster.name, else the file's name)
      --butane-version V      the node configs' Butane version (default: fcos 1.5.0, flatcar 1.1.0)
  -h, --help                  show this help
`;

const FLAGS = {
  nodes: { type: "string" },
  world: { type: "string", choices: CLUSTER_WORLDS },
  out: { type: "string", short: "o" },
  name: { type: "string" },
  "butane-version": { type: "string" },
} as const satisfies FlagSpecs;

export async function clusterCommand(args: string[], io: CommandIO): Promise<number> {
  const parsed = readCommandLine(io, { name: "cluster", usage: USAGE }, args, FLAGS);
  if (typeof parsed === "number") return parsed;
  const [sub, ...extra] = parsed.positionals;
  if (sub === undefined) return usageError(io, "cluster", "give a cluster command: render");
  if (sub !== "render") return usageError(io, "cluster", `unknown cluster command: ${sub}`);
  if (extra.length) return usageError(io, "cluster", `unexpected argument: ${extra[0]}`);
  const { nodes: file, world, out = ".", name, "butane-version": butaneVersion } = parsed.flags;
  if (!file || !world) return usageError(io, "cluster", "give --nodes FILE and --world fcos|flatcar|coreos-legacy|cloud-init");

  const bytes = await readInput(io, file);
  if (!bytes) return 1;
  const input = readNodesFile(Buffer.from(bytes).toString("utf8"));
  const report = (ds: Diagnostic[]) => {
    for (const d of ds) io.stderr(renderLocated({ ...d, span: d.span ?? input.locate(d.path) }, file) + "\n");
  };
  report(input.diagnostics);
  if (hasErrors(input.diagnostics)) return 1;

  const stem = basename(file, extname(file)).replace(/[^A-Za-z0-9._-]/g, "-") || "cluster";
  const spec = { ...input.spec, name: name ?? input.spec.name ?? stem } as ClusterSpec;
  const options = butaneVersion ? { butaneVersion } : {};
  const expanded = expandCluster(spec, input.nodes, world as World, options);
  report(expanded.diagnostics);
  if (hasErrors(expanded.diagnostics)) return 1;

  try {
    mkdirSync(out, { recursive: true });
    const written: string[] = [];
    for (const [node, contribution] of expanded.contributions) {
      for (const secret of contribution.secrets ?? []) {
        const path = join(out, secret.path);
        mkdirSync(join(path, ".."), { recursive: true });
        writeAtomically(path, secret.contents, secret.mode);
        if (!written.includes(path)) written.push(path);
      }
      // A config that carries the node's key is as secret as the key.
      const path = join(out, node + FRAGMENT_SUFFIX[world as World]);
      writeAtomically(path, fragmentText(contribution), contribution.secrets?.length ? 0o600 : 0o644);
      written.push(path);
    }
    io.stdout(written.map((p) => `wrote ${p}\n`).join(""));
  } catch (err) {
    io.stderr(`Error: ${describeIoError((err as NodeJS.ErrnoException).path ?? out, err)}\n`);
    return 1;
  }
  return 0;
}
