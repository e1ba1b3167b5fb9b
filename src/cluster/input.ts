/**
 * The nodes file of `kindling cluster render`, read with the repository's
 * YAML reader (JSON is YAML too) so every problem has a line and column:
 *
 *   cluster:                  # optional; the same section as lab.yaml's
 *     name: lab               # etcd's cluster token derives from it
 *     etcd: { tls: true, clientPort: 2379, peerPort: 2380, image: quay.io/coreos/etcd:v3.5.17 }
 *     flannel: { network: 10.1.0.0/16, subnetLen: 24, backend: vxlan }
 *     updates: { strategy: etcd-lock, window: "Sun 04:00/1h", url: http://lock:3333/ }
 *   nodes:
 *     - { name: core-01, ip: 172.17.8.101 }
 *
 * A bare list of nodes is accepted too. Unknown keys and values of the wrong
 * type are errors. `locate` gives any diagnostic path (expandCluster's
 * included) the position of its value, or of the nearest enclosing one.
 */
import { CLUSTER_MSG } from "../diagnostics/catalogue/cluster.js";
import type { Diagnostic, PathElement, Span } from "../diagnostics/diagnostic.js";
import { diagnostic, type Message } from "../diagnostics/message.js";
import { parseYaml, type YamlNode } from "../source/yaml.js";
import type { ClusterNode, ClusterSpec } from "./cluster.js";

type Kind = "string" | "int" | "bool" | { map: Record<string, Kind> } | { seq: Kind };

const SPEC: Record<string, Kind> = {
  name: "string",
  etcd: { map: { tls: "bool", clientPort: "int", peerPort: "int", image: "string" } },
  flannel: { map: { network: "string", subnetLen: "int", backend: "string" } },
  updates: { map: { strategy: "string", window: "string", url: "string" } },
};
const NODE: Kind = { map: { name: "string", ip: "string" } };
const FILE: Kind = { map: { cluster: { map: SPEC }, nodes: { seq: NODE } } };

const WANT: Record<"string" | "int" | "bool", string> = { string: "a string", int: "a whole number", bool: "true or false" };
const TRUE = new Set(["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"]);
const FALSE = new Set(["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"]);

export interface NodesFile {
  spec: Partial<ClusterSpec>;
  nodes: ClusterNode[];
  diagnostics: Diagnostic[];
  /** The position of a path's value, or of the nearest enclosing value the file has. */
  locate(path: readonly PathElement[]): Span | undefined;
}

const deref = (n: YamlNode) => {
  let node = n;
  while (node.kind === "alias") node = node.target;
  return node;
};
const keyOf = (path: readonly PathElement[]) => path.join("\u0000");
const describe = (path: readonly PathElement[]) => (path.length ? path.join(".") : "the file");

/** Reads the nodes file's text. Problems are diagnostics with positions; never throws. */
export function readNodesFile(text: string): NodesFile {
  const spans = new Map<string, Span>();
  const diagnostics: Diagnostic[] = [];
  const locate = (path: readonly PathElement[]): Span | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const span = spans.get(keyOf(path.slice(0, n)));
      if (span) return span;
    }
    return undefined;
  };
  const fail = (path: PathElement[], message: Message, span?: Span) =>
    diagnostics.push(diagnostic("error", message, path, span ?? locate(path)));

  const parsed = parseYaml(text);
  if (!parsed.ok) {
    diagnostics.push(diagnostic("error", CLUSTER_MSG.fileSyntax(parsed.error.message), [], { line: parsed.error.line ?? 1, column: 1 }));
    return { spec: {}, nodes: [], diagnostics, locate };
  }

  const read = (raw: YamlNode, kind: Kind, path: PathElement[]): unknown => {
    const node = deref(raw);
    spans.set(keyOf(path), { line: node.line, column: node.column });
    if (typeof kind === "string") {
      if (node.kind !== "scalar") return void fail(path, CLUSTER_MSG.fileShape(describe(path), WANT[kind]));
      if (kind === "string") return node.value;
      if (kind === "int") {
        if (node.style === "plain" && /^[0-9]+$/.test(node.value)) return Number(node.value);
        return void fail(path, CLUSTER_MSG.fileShape(describe(path), WANT[kind]));
      }
      if (node.style === "plain" && TRUE.has(node.value)) return true;
      if (node.style === "plain" && FALSE.has(node.value)) return false;
      return void fail(path, CLUSTER_MSG.fileShape(describe(path), WANT[kind]));
    }
    if ("seq" in kind) {
      if (node.kind !== "seq") return void fail(path, CLUSTER_MSG.fileShape(describe(path), "a list"));
      return node.items.map((item, i) => read(item, kind.seq, [...path, i]));
    }
    if (node.kind !== "map") return void fail(path, CLUSTER_MSG.fileShape(describe(path), "a mapping"));
    const out: Record<string, unknown> = {};
    for (const pair of node.pairs) {
      const key = deref(pair.key);
      const name = key.kind === "scalar" ? key.value : "";
      if (!Object.hasOwn(kind.map, name)) {
        fail([...path, name], CLUSTER_MSG.fileUnknownKey(name, Object.keys(kind.map).join(", ")), { line: key.line, column: key.column });
        continue;
      }
      const value = read(pair.value, kind.map[name]!, [...path, name]);
      if (value !== undefined) out[name] = value;
    }
    return out;
  };

  const root = parsed.root && deref(parsed.root);
  if (!root) {
    fail([], CLUSTER_MSG.fileMissing("nodes"), { line: 1, column: 1 });
    return { spec: {}, nodes: [], diagnostics, locate };
  }
  // A bare list is the nodes alone; its paths are still `nodes.N`.
  const file = (root.kind === "seq" ? { nodes: read(root, { seq: NODE }, ["nodes"]) } : read(root, FILE, [])) as
    | { cluster?: Partial<ClusterSpec>; nodes?: Partial<ClusterNode>[] }
    | undefined;
  if (root.kind === "seq") spans.set(keyOf([]), { line: root.line, column: root.column });
  if (file && file.nodes === undefined && root.kind === "map")
    fail(["nodes"], CLUSTER_MSG.fileMissing("nodes"), { line: root.line, column: root.column });
  const nodes: ClusterNode[] = [];
  (file?.nodes ?? []).forEach((n, i) => {
    if (n === undefined) return;
    for (const k of ["name", "ip"] as const) if (n[k] === undefined) fail(["nodes", i, k], CLUSTER_MSG.fileMissing(k));
    nodes.push({ name: n.name ?? "", ip: n.ip ?? "", index: i + 1 });
  });
  return { spec: file?.cluster ?? {}, nodes, diagnostics, locate };
}
