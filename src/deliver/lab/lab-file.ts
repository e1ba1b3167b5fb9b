/**
 * lab.yaml, read with a position for every value (src/source/yaml.ts):
 * the lab's name, box, provider, defaults, nodes and cluster section, each
 * checked, every problem a diagnostic at its line and column. Keys are
 * snake_case in the file and camelCase in the values read.
 */
import { deref, parseYamlInt, resolvedTag } from "../../butane/decode.js";
import type { ClusterSpec } from "../../cluster/cluster.js";
import { LAB_MSG } from "../../diagnostics/catalogue/lab.js";
import type { Diagnostic, PathElement, Span } from "../../diagnostics/diagnostic.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { diagnostic, type Message } from "../../diagnostics/message.js";
import { parseYaml, type YamlMap, type YamlNode } from "../../source/yaml.js";
import { BOX_NAMES, BOXES, type BoxName, PROVIDERS, type Provider } from "./boxes.js";

export interface LabNode {
  name: string;
  ip: string;
  /** 1-based, in lab order. */
  index: number;
  cpus: number;
  memory: number;
}

/** The cluster section, as the cluster sugar takes it (its name is the lab's). */
export type LabCluster = ClusterSpec;

export interface Lab {
  name: string;
  box: BoxName;
  provider: Provider;
  vagrantBox: string;
  boxUrl?: string;
  sshKey: string;
  nodes: LabNode[];
  cluster?: LabCluster;
  /** The first-boot agent, when asked for: where it reports, the group, the report key's file. */
  verify?: { url: string; group: string; keyFile: string };
}

export const UPDATE_STRATEGIES = ["etcd-lock", "reboot", "off", "fleet_lock", "periodic"] as const;
export const FLANNEL_BACKENDS = ["vxlan", "host-gw"] as const;

const HOSTNAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export const isHostname = (s: string): boolean => HOSTNAME.test(s);
export const isIPv4 = (s: string): boolean => IPV4.test(s);

/** snake_case → camelCase (client_port → clientPort). */
const camel = (key: string): string => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The reader: diagnostics, and where each path's value (or key) sits. */
class Reader {
  readonly diagnostics: Diagnostic[] = [];
  /** A path (snake_case, JSON) → the span of its value. */
  readonly spans = new Map<string, Span>();

  at(node: YamlNode): Span {
    return { line: node.line, column: node.column };
  }
  report(severity: "error" | "warning", message: Message, path: PathElement[], node: YamlNode): void {
    this.diagnostics.push(diagnostic(severity, message, path, this.at(node)));
  }

  /** The pairs of a mapping, unknown keys warned of; undefined (after an error) when it is not one. */
  map(node: YamlNode, path: PathElement[], known: readonly string[], what: string): Map<string, YamlNode> | undefined {
    const n = deref(node);
    this.spans.set(JSON.stringify(path), this.at(node));
    if (n.kind !== "map") {
      this.report("error", LAB_MSG.notMapping(what), path, node);
      return undefined;
    }
    const out = new Map<string, YamlNode>();
    for (const { key, value } of (n as YamlMap).pairs) {
      const k = deref(key);
      const name = k.kind === "scalar" ? k.value : "";
      if (!known.includes(name)) {
        this.diagnostics.push({ ...diagnostic("warning", LAB_MSG.unknownKey(name, known), [...path, name], this.at(key)), atKey: true });
        continue;
      }
      out.set(name, value);
      this.spans.set(JSON.stringify([...path, name]), this.at(value));
    }
    return out;
  }

  isNull(node: YamlNode | undefined): boolean {
    return node === undefined || resolvedTag(node) === "!!null";
  }

  string(node: YamlNode, path: PathElement[], key: string): string | undefined {
    const n = deref(node);
    if (n.kind !== "scalar" || resolvedTag(n) === "!!null") {
      this.report("error", LAB_MSG.notString(key), path, node);
      return undefined;
    }
    return n.value;
  }

  integer(node: YamlNode, path: PathElement[], key: string, min: number, max: number): number | undefined {
    const n = deref(node);
    const v = n.kind === "scalar" && resolvedTag(n) === "!!int" ? parseYamlInt(n.value) : undefined;
    const num = v === undefined ? Number.NaN : Number(v);
    if (!(num >= min && num <= max)) {
      this.report("error", LAB_MSG.notInteger(key, min, max), path, node);
      return undefined;
    }
    return num;
  }

  boolean(node: YamlNode, path: PathElement[], key: string): boolean | undefined {
    const n = deref(node);
    if (n.kind !== "scalar" || resolvedTag(n) !== "!!bool") {
      this.report("error", LAB_MSG.notBoolean(key), path, node);
      return undefined;
    }
    return /^(true|True|TRUE)$/.test(n.value);
  }

  choice<T extends string>(node: YamlNode, path: PathElement[], key: string, choices: readonly T[]): T | undefined {
    const s = this.string(node, path, key);
    if (s === undefined) return undefined;
    if (!(choices as readonly string[]).includes(s)) {
      this.report("error", LAB_MSG.notChoice(key, s, choices), path, node);
      return undefined;
    }
    return s as T;
  }
}

export interface ReadLab {
  lab?: Lab;
  diagnostics: Diagnostic[];
  /** The span of a path's value in lab.yaml (snake_case or camelCase keys), for diagnostics found later (the cluster's). */
  spanOf(path: readonly PathElement[]): Span | undefined;
}

const TOP_KEYS = ["name", "box", "provider", "vagrant_box", "box_url", "defaults", "ssh_key", "nodes", "cluster", "verify"] as const;

/** Reads lab.yaml's text: the lab when there is no error, and every diagnostic. */
export function readLab(text: string | Uint8Array): ReadLab {
  const r = new Reader();
  const spanOf = (path: readonly PathElement[]): Span | undefined => {
    const snake = path.map((p) => (typeof p === "string" ? p.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : p));
    for (let n = snake.length; n >= 0; n--) {
      const s = r.spans.get(JSON.stringify(snake.slice(0, n)));
      if (s) return s;
    }
    return undefined;
  };
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    const span = parsed.error.line ? { line: parsed.error.line, column: 1 } : undefined;
    return { diagnostics: [diagnostic("error", LAB_MSG.yamlSyntax(parsed.error.message), [], span)], spanOf };
  }
  if (!parsed.root) return { diagnostics: [diagnostic("error", LAB_MSG.notMapping("lab.yaml"), [], { line: 1, column: 1 })], spanOf };
  const top = r.map(parsed.root, [], TOP_KEYS, "lab.yaml");
  if (!top) return { diagnostics: r.diagnostics, spanOf };
  const root = parsed.root;
  const need = (key: string): YamlNode | undefined => {
    const v = top.get(key);
    if (r.isNull(v)) r.report("error", LAB_MSG.missingKey(key, "lab.yaml"), [key], v ?? root);
    return r.isNull(v) ? undefined : v;
  };

  const nameNode = need("name");
  const name = nameNode && r.string(nameNode, ["name"], "name");
  if (name !== undefined && nameNode && !isHostname(name)) r.report("error", LAB_MSG.badHostname(name), ["name"], nameNode);
  const boxNode = need("box");
  const box = boxNode && r.choice(boxNode, ["box"], "box", BOX_NAMES);
  const providerNode = need("provider");
  const provider = providerNode && r.choice(providerNode, ["provider"], "provider", PROVIDERS);
  const optionalString = (key: string): string | undefined => {
    const v = top.get(key);
    return r.isNull(v) ? undefined : r.string(v!, [key], key);
  };
  const vagrantBox = optionalString("vagrant_box");
  const boxUrl = optionalString("box_url");
  const sshKey = optionalString("ssh_key") ?? "";

  let cpus = 2;
  let memory = 2048;
  const defaultsNode = top.get("defaults");
  if (!r.isNull(defaultsNode)) {
    const d = r.map(defaultsNode!, ["defaults"], ["cpus", "memory"], "defaults");
    if (d?.has("cpus")) cpus = r.integer(d.get("cpus")!, ["defaults", "cpus"], "cpus", 1, 64) ?? cpus;
    if (d?.has("memory")) memory = r.integer(d.get("memory")!, ["defaults", "memory"], "memory", 256, 1 << 20) ?? memory;
  }

  const nodes = readNodes(r, need("nodes"), cpus, memory);
  const cluster = readCluster(r, top.get("cluster"), name ?? "lab");
  const verify = readVerify(r, top.get("verify"));

  if (hasErrors(r.diagnostics) || name === undefined || box === undefined || provider === undefined || nodes === undefined) {
    return { diagnostics: r.diagnostics, spanOf };
  }
  const lab: Lab = {
    name,
    box,
    provider,
    vagrantBox: vagrantBox ?? BOXES[box].vagrantBox,
    ...(boxUrl !== undefined ? { boxUrl } : BOXES[box].boxUrl && vagrantBox === undefined ? { boxUrl: BOXES[box].boxUrl } : {}),
    sshKey,
    nodes,
    ...(cluster ? { cluster } : {}),
    ...(verify ? { verify } : {}),
  };
  return { lab, diagnostics: r.diagnostics, spanOf };
}

function readNodes(r: Reader, node: YamlNode | undefined, cpus: number, memory: number): LabNode[] | undefined {
  if (!node) return undefined;
  const list = deref(node);
  if (list.kind !== "seq") {
    r.report("error", LAB_MSG.notList("nodes"), ["nodes"], node);
    return undefined;
  }
  if (list.items.length === 0) {
    r.report("error", LAB_MSG.noNodes(), ["nodes"], node);
    return undefined;
  }
  const nodes: LabNode[] = [];
  const names = new Map<string, number>();
  const ips = new Map<string, { name: string; line: number }>();
  list.items.forEach((item, i) => {
    const path = ["nodes", i];
    const m = r.map(item, path, ["name", "ip", "cpus", "memory"], `nodes[${i}]`);
    if (!m) return;
    const nameNode = m.get("name");
    const ipNode = m.get("ip");
    if (r.isNull(nameNode)) r.report("error", LAB_MSG.missingKey("name", `nodes[${i}]`), path, item);
    if (r.isNull(ipNode)) r.report("error", LAB_MSG.missingKey("ip", `nodes[${i}]`), path, item);
    const name = r.isNull(nameNode) ? undefined : r.string(nameNode!, [...path, "name"], "name");
    const ip = r.isNull(ipNode) ? undefined : r.string(ipNode!, [...path, "ip"], "ip");
    if (name !== undefined) {
      if (!isHostname(name)) r.report("error", LAB_MSG.badHostname(name), [...path, "name"], nameNode!);
      else if (names.has(name)) r.report("error", LAB_MSG.duplicateName(name, names.get(name)!), [...path, "name"], nameNode!);
      else names.set(name, nameNode!.line);
    }
    if (ip !== undefined) {
      const seen = ips.get(ip);
      if (!isIPv4(ip)) r.report("error", LAB_MSG.badAddress(ip), [...path, "ip"], ipNode!);
      else if (seen) r.report("error", LAB_MSG.duplicateAddress(ip, seen.name, seen.line), [...path, "ip"], ipNode!);
      else ips.set(ip, { name: name ?? `nodes[${i}]`, line: ipNode!.line });
    }
    const c = m.has("cpus") ? r.integer(m.get("cpus")!, [...path, "cpus"], "cpus", 1, 64) : cpus;
    const mem = m.has("memory") ? r.integer(m.get("memory")!, [...path, "memory"], "memory", 256, 1 << 20) : memory;
    if (name !== undefined && ip !== undefined) nodes.push({ name, ip, index: i + 1, cpus: c ?? cpus, memory: mem ?? memory });
  });
  if (list.items.length % 2 === 0) r.report("warning", LAB_MSG.evenNodes(list.items.length), ["nodes"], node);
  return nodes.length === list.items.length ? nodes : undefined;
}

function readCluster(r: Reader, node: YamlNode | undefined, name: string): LabCluster | undefined {
  if (r.isNull(node)) return undefined;
  const c = r.map(node!, ["cluster"], ["etcd", "flannel", "updates"], "cluster");
  if (!c) return undefined;
  const cluster: LabCluster = { name };
  const etcdNode = c.get("etcd");
  if (etcdNode && !r.isNull(etcdNode)) {
    const path = ["cluster", "etcd"];
    const e = r.map(etcdNode, path, ["tls", "client_port", "peer_port", "image"], "cluster.etcd");
    if (e) {
      const etcd: NonNullable<LabCluster["etcd"]> = {};
      for (const [key, value] of e) {
        const p = [...path, key];
        if (key === "tls") etcd.tls = r.boolean(value, p, "tls");
        else if (key === "image") etcd.image = r.string(value, p, "image");
        else (etcd as Record<string, unknown>)[camel(key)] = r.integer(value, p, key, 1, 65535);
      }
      cluster.etcd = etcd;
    }
  } else if (etcdNode) cluster.etcd = {};
  const flannelNode = c.get("flannel");
  if (flannelNode && !r.isNull(flannelNode)) {
    const path = ["cluster", "flannel"];
    const f = r.map(flannelNode, path, ["network", "subnet_len", "backend"], "cluster.flannel");
    if (f) {
      const network = f.has("network") ? r.string(f.get("network")!, [...path, "network"], "network") : undefined;
      if (!f.has("network")) r.report("error", LAB_MSG.missingKey("network", "cluster.flannel"), path, flannelNode);
      else if (network !== undefined && !isCidr(network))
        r.report("error", LAB_MSG.badCidr(network), [...path, "network"], f.get("network")!);
      const flannel: NonNullable<LabCluster["flannel"]> = { network: network ?? "" };
      if (f.has("subnet_len")) flannel.subnetLen = r.integer(f.get("subnet_len")!, [...path, "subnet_len"], "subnet_len", 8, 30);
      if (f.has("backend")) flannel.backend = r.choice(f.get("backend")!, [...path, "backend"], "backend", FLANNEL_BACKENDS);
      cluster.flannel = flannel;
    }
  }
  const updatesNode = c.get("updates");
  if (updatesNode && !r.isNull(updatesNode)) {
    const path = ["cluster", "updates"];
    const u = r.map(updatesNode, path, ["strategy", "window", "url"], "cluster.updates");
    if (u) {
      if (!u.has("strategy")) r.report("error", LAB_MSG.missingKey("strategy", "cluster.updates"), path, updatesNode);
      const strategy = u.has("strategy") ? r.choice(u.get("strategy")!, [...path, "strategy"], "strategy", UPDATE_STRATEGIES) : undefined;
      const window = u.has("window") ? r.string(u.get("window")!, [...path, "window"], "window") : undefined;
      const url = u.has("url") ? r.string(u.get("url")!, [...path, "url"], "url") : undefined;
      cluster.updates = { strategy: strategy ?? "off", ...(window !== undefined ? { window } : {}), ...(url !== undefined ? { url } : {}) };
    }
  }
  return cluster;
}

function readVerify(r: Reader, node: YamlNode | undefined): Lab["verify"] {
  if (r.isNull(node)) return undefined;
  const v = r.map(node!, ["verify"], ["url", "group", "key_file"], "verify");
  if (!v) return undefined;
  const out: Record<string, string | undefined> = {};
  for (const key of ["url", "group", "key_file"]) {
    if (!v.has(key)) r.report("error", LAB_MSG.missingKey(key, "verify"), ["verify"], node!);
    else out[key] = r.string(v.get(key)!, ["verify", key], key);
  }
  const { url, group, key_file: keyFile } = out;
  return url !== undefined && group !== undefined && keyFile !== undefined ? { url, group, keyFile } : undefined;
}

function isCidr(value: string): boolean {
  const [ip, len, ...rest] = value.split("/");
  return rest.length === 0 && isIPv4(ip ?? "") && /^\d{1,2}$/.test(len ?? "") && Number(len) <= 32;
}
