/**
 * The parsed document as the validator walks it: every key and list item a
 * node with its type (YAML 1.1, see scalars.ts), its name with `-` turned
 * into `_` (as coreos-cloudinit does before any rule runs), and where its key
 * and its value start. A list item is named `parent[i]`, as coreos-cloudinit
 * names it in messages.
 */
import type { PathElement, Span } from "../diagnostics/diagnostic.js";
import { decodeStdBase64 } from "../gocompat/base64.js";
import type { YamlNode } from "../source/yaml.js";
import { isBinary, type ScalarKind, scalarKind } from "./scalars.js";

export type NodeKind = ScalarKind | "map" | "seq";

export interface CcNode {
  /** Normalised (`-` → `_`); `name[i]` for a list item; "" for the document. */
  name: string;
  kind: NodeKind;
  /** A scalar's text (escapes decoded); "" for other kinds. */
  text: string;
  /** What the text stands for: its UTF-8 bytes, or the decoded `!!binary` bytes. */
  bytes: Uint8Array | undefined;
  /** The key, or the item itself for a list item. */
  at: Span;
  /** The value. */
  valueAt: Span;
  path: PathElement[];
  /** Map entries (the last of duplicate keys wins, as in a Go map) or list items. */
  children: CcNode[];
}

const spanOf = (n: YamlNode): Span => ({ line: n.line, column: n.column });

/** Why a document cannot become a tree: an alias inside its own anchor, or aliases multiplying it past reason. */
export class AliasError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

/**
 * yaml.v3's guard against alias bombs: past 100 aliased nodes and 1,000
 * nodes in all, the share of nodes reached through an alias may be at most
 * 99% up to 400,000 nodes, falling to 10% at 4,000,000.
 */
function allowedAliasRatio(built: number): number {
  if (built <= 400_000) return 0.99;
  if (built >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((built - 400_000) / 3_600_000);
}

/** Builds the tree, following aliases as yaml.v3 decodes them; throws AliasError where it would fail. */
class TreeBuilder {
  private built = 0;
  private aliased = 0;
  private aliasDepth = 0;
  /** Anchored nodes being built through an alias right now (a cycle if met again). */
  private readonly expanding = new Set<YamlNode>();

  build(yaml: YamlNode | undefined, name: string, at: Span, path: PathElement[]): CcNode {
    const node: CcNode = { name, kind: "null", text: "", bytes: undefined, at, valueAt: at, path, children: [] };
    if (!yaml) return node;
    node.valueAt = spanOf(yaml);
    if (yaml.kind === "alias") return this.throughAlias(yaml, () => this.fill(node, yaml.target, name, path));
    return this.fill(node, yaml, name, path);
  }

  private throughAlias(alias: Extract<YamlNode, { kind: "alias" }>, build: () => CcNode): CcNode {
    if (this.expanding.has(alias.target)) throw new AliasError(`anchor '${alias.name}' value contains itself`, spanOf(alias));
    this.expanding.add(alias.target);
    this.aliasDepth++;
    try {
      return build();
    } finally {
      this.aliasDepth--;
      this.expanding.delete(alias.target);
    }
  }

  private fill(node: CcNode, yaml: YamlNode, name: string, path: PathElement[]): CcNode {
    if (yaml.kind === "alias") return this.throughAlias(yaml, () => this.fill(node, yaml.target, name, path));
    this.built++;
    if (this.aliasDepth > 0) this.aliased++;
    if (this.aliased > 100 && this.built > 1000 && this.aliased / this.built > allowedAliasRatio(this.built)) {
      throw new AliasError("document contains excessive aliasing", spanOf(yaml));
    }
    if (yaml.kind === "scalar") {
      node.kind = scalarKind(yaml);
      node.text = yaml.value;
      if (isBinary(yaml)) {
        const decoded = decodeStdBase64(yaml.value.replace(/\s+/g, ""));
        node.bytes = decoded.ok ? decoded.bytes : undefined;
        node.text = decoded.ok ? Buffer.from(decoded.bytes).toString("latin1") : yaml.value;
      } else {
        node.bytes = Buffer.from(yaml.value, "utf8");
      }
    } else if (yaml.kind === "map") {
      node.kind = "map";
      const byName = new Map<string, CcNode>();
      for (const pair of yaml.pairs) {
        const childName = keyName(pair.key).replace(/-/g, "_");
        byName.delete(childName);
        byName.set(childName, this.build(pair.value, childName, spanOf(pair.key), [...path, childName]));
      }
      node.children = [...byName.values()];
    } else if (yaml.kind === "seq") {
      node.kind = "seq";
      node.children = yaml.items.map((item, i) => this.build(item, `${name}[${i}]`, spanOf(item), [...path, i]));
    }
    return node;
  }
}

function keyName(k: YamlNode): string {
  let key = k;
  for (let hops = 0; key.kind === "alias" && hops < 1000; hops++) key = key.target;
  return key.kind === "scalar" ? key.value : "";
}

/** The document as a tree of CcNodes; throws AliasError for an alias cycle or an alias bomb. */
export function buildNode(yaml: YamlNode | undefined, name: string, at: Span, path: PathElement[]): CcNode {
  return new TreeBuilder().build(yaml, name, at, path);
}

/** The entry `name` of a map node (not null), as coreos-cloudinit's `Child(name)` finds it. */
export function child(n: CcNode | undefined, name: string): CcNode | undefined {
  if (n?.kind !== "map") return undefined;
  const c = n.children.find((x) => x.name === name);
  return c && c.kind !== "null" ? c : undefined;
}

/** The entry `name` of a map node, even when its value is null. */
export function entry(n: CcNode | undefined, name: string): CcNode | undefined {
  if (n?.kind !== "map") return undefined;
  return n.children.find((x) => x.name === name);
}

export function isScalar(n: CcNode): boolean {
  return n.kind !== "map" && n.kind !== "seq" && n.kind !== "null";
}
