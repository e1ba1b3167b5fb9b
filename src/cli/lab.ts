/**
 * `kindling lab init DIR` and `kindling lab render DIR`: a Vagrant lab made
 * from one file (deliver/lab/). init writes lab.yaml, node.bu and the
 * Vagrantfile; render writes each node's config into DIR/.kindling/ in the
 * form its box reads, and the hash the Vagrantfile checks before booting.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { BOX_NAMES, type BoxName, PROVIDERS, type Provider } from "../deliver/lab/boxes.js";
import { initFiles, MAX_NODES } from "../deliver/lab/init.js";
import { isHostname } from "../deliver/lab/lab-file.js";
import { renderLab } from "../deliver/lab/render.js";
import { type FlagSpecs, readCommandLine, usageError } from "./args.js";
import { type CommandIO, describeIoError, writeAtomically } from "./io.js";

const USAGE = `Usage: kindling lab init DIR [options]
       kindling lab render DIR

A Vagrant lab of container hosts with an etcd cluster across them:
  init     writes DIR/lab.yaml (nodes, box, provider, cluster), DIR/node.bu (each node's
           Butane, a handlebars template) and DIR/Vagrantfile
  render   writes each node's config into DIR/.kindling/ in the form its box reads, and
           render.sha256, which the Vagrantfile checks before it boots anything

Then: cd DIR && vagrant up

Options (init):
  --nodes N            how many nodes (default 3: core-01… at 172.17.8.101…)
  --box B              fcos (default), flatcar, coreos-legacy or ubuntu
  --provider P         libvirt (default) or virtualbox
  --name NAME          the lab's name (default: DIR's name); etcd's cluster token derives from it
  --force              replace an existing lab's files
`;

const FLAGS = {
  nodes: { type: "string" },
  box: { type: "string", choices: BOX_NAMES },
  provider: { type: "string", choices: PROVIDERS },
  name: { type: "string" },
  force: { type: "boolean" },
} as const satisfies FlagSpecs;

export async function labCommand(args: string[], io: CommandIO): Promise<number> {
  const parsed = readCommandLine(io, { name: "lab", usage: USAGE }, args, FLAGS);
  if (typeof parsed === "number") return parsed;
  const { flags, positionals } = parsed;
  const [sub, dir, ...extra] = positionals;
  if (sub !== "init" && sub !== "render") return usageError(io, "lab", "give a subcommand: init or render");
  if (dir === undefined || extra.length > 0) return usageError(io, "lab", `give one DIR: kindling lab ${sub} DIR`);
  if (sub === "render") {
    const initOnly = (["nodes", "box", "provider", "name", "force"] as const).find((f) => flags[f] !== undefined);
    if (initOnly) return usageError(io, "lab", `--${initOnly} is for lab init; render reads DIR/lab.yaml`);
    return render(dir, io);
  }
  return init(dir, flags, io);
}

function init(
  dir: string,
  flags: { nodes?: string; box?: string; provider?: string; name?: string; force?: boolean },
  io: CommandIO,
): number {
  const nodes = flags.nodes === undefined ? 3 : Number(flags.nodes);
  if (!/^\d+$/.test(flags.nodes ?? "3") || nodes < 1 || nodes > MAX_NODES)
    return usageError(io, "lab", `invalid argument ${JSON.stringify(flags.nodes)} for --nodes: a number from 1 to ${MAX_NODES}`);
  const name = flags.name ?? (join(process.cwd(), dir).split("/").pop() || "lab");
  if (!isHostname(name)) return usageError(io, "lab", `invalid lab name ${JSON.stringify(name)}: letters, digits and '-' (pass --name)`);
  const files = initFiles({ name, nodes, box: (flags.box ?? "fcos") as BoxName, provider: (flags.provider ?? "libvirt") as Provider });
  const taken = Object.keys(files).find((f) => existsSync(join(dir, f)));
  if (taken && !flags.force) {
    io.stderr(`Error: ${join(dir, taken)} exists: ${dir} already holds a lab (pass --force to replace its files)\n`);
    return 1;
  }
  try {
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeAtomically(join(dir, file), text);
  } catch (err) {
    io.stderr(`Error: ${describeIoError(dir, err)}\n`);
    return 1;
  }
  io.stdout(
    `wrote ${Object.keys(files)
      .map((f) => join(dir, f))
      .join(", ")}\nnext: kindling lab render ${dir} && cd ${dir} && vagrant up\n`,
  );
  return 0;
}

async function render(dir: string, io: CommandIO): Promise<number> {
  const inputs: Uint8Array[] = [];
  for (const file of ["lab.yaml", "node.bu"]) {
    try {
      inputs.push(await io.readFile(join(dir, file)));
    } catch (err) {
      io.stderr(`Error: ${describeIoError(join(dir, file), err)} (kindling lab init ${dir} writes a lab)\n`);
      return 1;
    }
  }
  const out = await renderLab({
    dir,
    labYaml: inputs[0]!,
    nodeBu: inputs[1]!,
    readFile: io.readFile,
    env: { ...io.env } as NodeJS.ProcessEnv,
  });
  const target = join(dir, ".kindling");
  try {
    mkdirSync(target, { recursive: true });
    for (const f of [...out.rendered, ...out.files]) {
      mkdirSync(dirname(join(target, f.name)), { recursive: true });
      writeAtomically(join(target, f.name), f.data, f.mode);
    }
  } catch (err) {
    io.stderr(`Error: ${describeIoError(target, err)}\n`);
    return 1;
  }
  for (const line of out.lines) io.stderr(`${line}\n`);
  if (!out.ok || !out.lab) return 1;
  const configs = out.files.filter((f) => out.lab!.nodes.some((n) => f.name.startsWith(`${n.name}.`)));
  io.stdout(
    `rendered ${out.lab.nodes.length} node${out.lab.nodes.length === 1 ? "" : "s"} (${out.lab.box} on ${out.lab.provider}) into ${target}: ${configs.map((f) => f.name).join(" ")}\n`,
  );
  return 0;
}
