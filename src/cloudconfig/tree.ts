/**
 * The parsed document as the validator walks it: every key and list item a
 * node with its type (YAML 1.1, see scalars.ts), its name with `-` turned
 * into `_` (as coreos-cloudinit does before any rule runs), and where its key
 * and its value start. A list item is named `parent[i]`, as coreos-cloudinit
 * names it in messages.
 */
import type { PathElement, Span } from "../diagnostics/diagnostic.js";
import type { YamlNode } from "../source/yaml.js";
import { decodeStdBase64 } from "../gocompat/base64.js";
import { isBinary, scalarKind, type ScalarKind } from "./scalars.js";

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

function resolveAlias(n: YamlNode): YamlNode {
  let seen = 0;
  while (n.kind === "alias" && seen++ < 1000) n = n.target;
  return n;
}

function keyName(k: YamlNode): string {
  const key = resolveAlias(k);
  return key.kind === "scalar" ? key.value : "";
}

export function buildNode(yaml: YamlNode | undefined, name: string, at: Span, path: PathElement[]): CcNode {
  const node: CcNode = { name, kind: "null", text: "", bytes: undefined, at, valueAt: at, path, children: [] };
  if (!yaml) return node;
  node.valueAt = spanOf(yaml);
  const v = resolveAlias(yaml);
  if (v.kind === "scalar") {
    node.kind = scalarKind(v);
    node.text = v.value;
    if (isBinary(v)) {
      const decoded = decodeStdBase64(v.value.replace(/\s+/g, ""));
      node.bytes = decoded.ok ? decoded.bytes : undefined;
      node.text = decoded.ok ? Buffer.from(decoded.bytes).toString("latin1") : v.value;
    } else {
      node.bytes = Buffer.from(v.value, "utf8");
    }
  } else if (v.kind === "map") {
    node.kind = "map";
    const byName = new Map<string, CcNode>();
    for (const pair of v.pairs) {
      const raw = keyName(pair.key);
      const childName = raw.replace(/-/g, "_");
      byName.delete(childName);
      byName.set(childName, buildNode(pair.value, childName, spanOf(pair.key), [...path, childName]));
    }
    node.children = [...byName.values()];
  } else if (v.kind === "seq") {
    node.kind = "seq";
    node.children = v.items.map((item, i) => buildNode(item, `${name}[${i}]`, spanOf(item), [...path, i]));
  }
  return node;
}

/** The entry `name` of a map node (not null), as coreos-cloudinit's `Child(name)` finds it. */
export function child(n: CcNode | undefined, name: string): CcNode | undefined {
  if (!n || n.kind !== "map") return undefined;
  const c = n.children.find((x) => x.name === name);
  return c && c.kind !== "null" ? c : undefined;
}

/** The entry `name` of a map node, even when its value is null. */
export function entry(n: CcNode | undefined, name: string): CcNode | undefined {
  if (!n || n.kind !== "map") return undefined;
  return n.children.find((x) => x.name === name);
}

export function isScalar(n: CcNode): boolean {
  return n.kind !== "map" && n.kind !== "seq" && n.kind !== "null";
}
