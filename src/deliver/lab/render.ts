/**
 * `kindling lab render`'s work, as values: lab.yaml read and checked, node.bu
 * rendered per node, the cluster's contribution merged in, each node's config
 * transpiled, validated and put in the form its box reads (Ignition JSON, a
 * coreos-cloudinit cloud-config, a NoCloud seed ISO), and the hash the
 * Vagrantfile compares. Nothing is written here: the caller writes `files`
 * into .kindling/ (render.sha256 last) when there is no error.
 */
import { join } from "node:path";
import { type ClusterContribution, expandCluster } from "../../cluster/cluster.js";
import type { Diagnostic, PathElement } from "../../diagnostics/diagnostic.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { renderLocated } from "../../diagnostics/render-located.js";
import { marshalGoJson } from "../../emit/json-go.js";
import { loadSpec } from "../../ignition/schema.js";
import { validateIgnition } from "../../ignition/validate.js";
import { transpile } from "../../transpile.js";
import { validateCloudConfig } from "../../validate-cloud-config/validate.js";
import { type AgentSettings, addAgent } from "../../verify/agent.js";
import { readAgentSettings } from "../../verify/agent-settings.js";
import { KINDLING_VERSION } from "../../version.js";
import { mergeSnippets, type Transpiled } from "../terraform/snippets.js";
import { BOXES, type Box } from "./boxes.js";
import { mergeCloudConfig } from "./cloud-config-merge.js";
import { type Lab, type LabNode, readLab } from "./lab-file.js";
import { metaData, nocloudIso } from "./nocloud.js";
import { compileNodeTemplate, nodeContext } from "./node-template.js";
import { HASH_FILE, hashLine, renderHash } from "./render-hash.js";

type Contribution = ClusterContribution;

export interface RenderInput {
  /** The lab directory, as the user named it (messages name files under it). */
  dir: string;
  labYaml: Uint8Array;
  nodeBu: Uint8Array;
  readFile(path: string): Promise<Uint8Array>;
  /** The cluster sugar (a stand-in in tests); src/cluster/'s by default. */
  expandCluster?: typeof expandCluster;
  /** The environment xorriso runs in (its PATH). */
  env?: NodeJS.ProcessEnv;
}

/** A file for .kindling/, by its name there. */
export interface RenderedFile {
  name: string;
  data: string | Uint8Array;
  mode: number;
}

export interface RenderOutput {
  /** Every file to write, render.sha256 last; empty when there is an error. */
  files: RenderedFile[];
  /** The rendered node.bu of each node that got that far, written even on error so messages can point into it. */
  rendered: RenderedFile[];
  /** Errors and warnings, one line each, located. */
  lines: string[];
  ok: boolean;
  lab?: Lab;
}

/** Rendering stops: the diagnostics are already said; `line` is a last line without a diagnostic of its own. */
class Failed {
  constructor(readonly line?: string) {}
}

export async function renderLab(input: RenderInput): Promise<RenderOutput> {
  const labName = join(input.dir, "lab.yaml");
  const buName = join(input.dir, "node.bu");
  const lines: string[] = [];
  const rendered: RenderedFile[] = [];
  const files: RenderedFile[] = [];
  const say = (ds: Diagnostic[], file: string) => {
    for (const d of ds) lines.push(renderLocated(d, file));
    if (hasErrors(ds)) throw new Failed();
  };
  const result = (ok: boolean, lab?: Lab): RenderOutput => ({ files: ok ? files : [], rendered, lines, ok, ...(lab ? { lab } : {}) });

  try {
    const read = readLab(input.labYaml);
    say(read.diagnostics, labName);
    const lab = read.lab!;
    const box = BOXES[lab.box];

    let contributions = new Map<string, Contribution>();
    if (lab.cluster) {
      const nodes = lab.nodes.map(({ name, ip, index }) => ({ name, ip, index }));
      const expanded = (input.expandCluster ?? expandCluster)(lab.cluster, nodes, box.world, {
        butaneVariant: box.variant,
        butaneVersion: box.version,
      });
      // The sugar's diagnostics name paths inside lab.yaml's cluster section.
      say(
        expanded.diagnostics.map((d) => {
          const span = read.spanOf(d.path as PathElement[]);
          return span ? { ...d, span } : d;
        }),
        labName,
      );
      contributions = expanded.contributions;
    }

    let agent: AgentSettings | undefined;
    if (lab.verify) {
      const names = { url: "verify.url", group: "verify.group", keyFile: "verify.key_file" };
      const keyFile = join(input.dir, lab.verify.keyFile);
      const settings = await readAgentSettings({ ...lab.verify, keyFile }, names, input.readFile);
      if ("error" in settings) {
        const span = read.spanOf(["verify"]);
        lines.push(`${labName}${span ? `:${span.line}:${span.column}` : ""}: error: ${settings.error}`);
        throw new Failed();
      }
      agent = settings;
    }

    const template = compileNodeTemplate(Buffer.from(input.nodeBu).toString("utf8"));
    for (const node of lab.nodes) {
      const out = template(nodeContext(lab, node));
      if ("diagnostic" in out) say([out.diagnostic], buName);
      const text = (out as { text: string }).text;
      const buFile = `${node.name}.bu`;
      rendered.push({ name: buFile, data: text, mode: 0o644 });
      const contribution = contributions.get(node.name) ?? {};
      const where = join(input.dir, ".kindling", buFile);
      const config = renderNode(lab, box, node, text, contribution, agent, where, say, input.env);
      // With TLS, a node's config carries its own key: only its owner reads it.
      files.push(...config.map((f) => (contribution.secrets?.length ? { ...f, mode: 0o600 } : f)));
      for (const s of contribution.secrets ?? []) files.push({ name: s.path, data: s.contents, mode: s.mode });
    }
    const hash = renderHash(input.labYaml, input.nodeBu, KINDLING_VERSION);
    files.push({ name: HASH_FILE, data: hashLine(hash, KINDLING_VERSION), mode: 0o644 });
    return result(true, lab);
  } catch (err) {
    if (err instanceof Failed) {
      if (err.line !== undefined) lines.push(err.line);
      return result(false);
    }
    throw err;
  }
}

type Say = (ds: Diagnostic[], file: string) => void;

/** One node's config in its box's form. */
function renderNode(
  lab: Lab,
  box: Box,
  node: LabNode,
  butane: string,
  contribution: Contribution,
  agent: AgentSettings | undefined,
  where: string,
  say: Say,
  env: NodeJS.ProcessEnv | undefined,
): RenderedFile[] {
  const out = `${node.name}${box.suffix}`;
  if (box.target === "ignition") return [{ name: out, data: ignitionOf(butane, contribution, agent, where, say), mode: 0o644 }];

  const result = transpile(butane, { target: box.target, ...(agent ? { verify: agent } : {}) });
  say(result.diagnostics, where);
  if (result.output === undefined) throw failure(where, result.failure);
  if (box.target === "cloud-config") {
    const doc = mergeCloudConfig(result.output, contribution.cloudConfig ?? {});
    say(validateCloudConfig(doc), join(where, "..", out));
    return [{ name: out, data: doc, mode: 0o644 }];
  }
  const userData = mergeCloudConfig(result.output, contribution.cloudInit ?? {});
  const meta = metaData(lab.name, node.name, userData);
  const iso = nocloudIso(userData, meta, env);
  if ("error" in iso) throw failure("", iso.error);
  return [
    { name: `${node.name}.user-data`, data: userData, mode: 0o644 },
    { name: out, data: iso.iso, mode: 0o644 },
  ];
}

/** A failure without a diagnostic of its own: one line, `FILE: reason` (or the reason alone). */
function failure(file: string, reason = "source config is invalid"): Failed {
  return new Failed(file ? `${file}: ${reason}` : reason);
}

/** node.bu's Butane, the cluster's Butane merged over it (Ignition's merge rules), the agent added: Ignition JSON. */
function ignitionOf(butane: string, contribution: Contribution, agent: AgentSettings | undefined, where: string, say: Say): string {
  const main = transpile(butane, {});
  say(main.diagnostics, where);
  if (main.output === undefined || !main.spec) throw failure(where, main.failure);
  const mine: Transpiled = { butane: { variant: main.spec.variant, version: main.spec.version }, json: main.output };
  const snippets: Transpiled[] = [];
  if (contribution.butane !== undefined) {
    const added = transpile(contribution.butane, {});
    // The sugar's Butane is ours: a problem in it is kindling's, said as such.
    if (added.output === undefined || !added.spec)
      throw failure(
        "",
        `kindling's cluster Butane does not transpile: ${added.failure ?? ""} ${added.diagnostics.map((d) => d.message).join("; ")}`,
      );
    snippets.push({ butane: { variant: added.spec.variant, version: added.spec.version }, json: added.output });
  }
  const merged = mergeSnippets(mine, snippets);
  if ("errors" in merged) throw failure(where, `the cluster's config does not merge: ${merged.errors.map((e) => e.message).join("; ")}`);
  const spec = loadSpec(merged.version);
  let config = merged.config;
  if (agent) {
    const added = addAgent(spec, config, agent);
    say(added.diagnostics, where);
    if (!added.config) throw failure(where, "the verification agent cannot be added");
    config = added.config;
  }
  const json = marshalGoJson(spec, config, true);
  const checked = validateIgnition(Buffer.from(json));
  say(checked.diagnostics, where);
  if (checked.failure) throw failure(where, checked.failure.text);
  return `${json}\n`;
}
