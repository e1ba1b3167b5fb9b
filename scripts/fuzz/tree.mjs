// A plain tree for structure-aware mutation, read from YAML or JSON seeds
// and written back as either, with the writing style (block or flow,
// quoting, indentation) chosen at random so the readers' syntax is
// exercised too.
//
//   { t: "map", pairs: [{ k, v }] }   { t: "seq", items: [] }
//   { t: "scalar", v: "text", plain }  plain: YAML plain / JSON literal; else a string
//   { t: "alias", name }               YAML only
//   { t: "raw", text }                 written as is (deep bracket nests)
// Any node may carry `anchor` (YAML only).

/** From the built library's YAML node (src/source/yaml.ts); aliases become copies. */
export function fromYaml(node, depth = 0) {
  if (!node || depth > 200) return { t: "scalar", v: "", plain: true };
  switch (node.kind) {
    case "scalar":
      return node.tag
        ? { t: "scalar", v: node.value, plain: node.style === "plain", tag: node.tag }
        : { t: "scalar", v: node.value, plain: node.style === "plain" };
    case "map":
      return { t: "map", pairs: node.pairs.map((p) => ({ k: fromYaml(p.key, depth + 1), v: fromYaml(p.value, depth + 1) })) };
    case "seq":
      return { t: "seq", items: node.items.map((n) => fromYaml(n, depth + 1)) };
    case "alias":
      return fromYaml(node.target, depth + 1);
  }
  return { t: "scalar", v: "", plain: true };
}

/** From the built library's JSON node (src/source/json.ts); numbers keep their text. */
export function fromJson(node) {
  switch (node.kind) {
    case "object":
      return { t: "map", pairs: node.members.map((m) => ({ k: { t: "scalar", v: m.key, plain: false }, v: fromJson(m.value) })) };
    case "array":
      return { t: "seq", items: node.items.map(fromJson) };
    case "string":
      return { t: "scalar", v: node.value, plain: false };
    case "number":
      return { t: "scalar", v: node.raw, plain: true };
    case "bool":
      return { t: "scalar", v: String(node.value), plain: true };
    default:
      return { t: "scalar", v: "null", plain: true };
  }
}

const JSON_LITERAL = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)$/;

/** JSON text; compact or indented. */
export function emitJson(tree, rng) {
  const indent = rng.weighted([
    [3, ""],
    [3, "  "],
    [1, "\t"],
    [1, "    "],
  ]);
  const nl = indent ? "\n" : "";
  const walk = (n, pad) => {
    switch (n.t) {
      case "map":
        if (!n.pairs.length) return "{}";
        return `{${nl}${n.pairs.map((p) => `${pad}${indent}${JSON.stringify(keyText(p.k))}:${indent ? " " : ""}${walk(p.v, pad + indent)}`).join(`,${nl}`)}${nl}${pad}}`;
      case "seq":
        if (!n.items.length) return "[]";
        return `[${nl}${n.items.map((i) => `${pad}${indent}${walk(i, pad + indent)}`).join(`,${nl}`)}${nl}${pad}]`;
      case "raw":
        return n.text;
      case "alias":
        return "null";
      default:
        return n.plain && JSON_LITERAL.test(n.v) ? n.v : JSON.stringify(n.v);
    }
  };
  return walk(tree, "") + (rng.chance(0.5) ? "\n" : "");
}

function keyText(k) {
  return k.t === "scalar" ? k.v : JSON.stringify(k);
}

/** Whether `v` reads back as the same text when written as a plain scalar. */
function plainOk(v, flow) {
  if (!/^([^\s\-?:,[\]{}#&*!|>'"%@`]|[-?:][^\s,[\]{}])/.test(v)) return false;
  if (/[\n\r\t]|: |:$| #|\s$/.test(v) || !PRINTABLE.test(v)) return false;
  return !flow || !/[,[\]{}]/.test(v);
}
const LOOKS_TYPED = /^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|no|on|off|y|n|[-+]?(\.?\d|\.inf|\.nan|\.Inf|\.NaN).*)$/i;
const PRINTABLE = /^[^\x00-\x08\x0b-\x1f\x7f\x80-\x9f\ud800-\udfff\ufffe\uffff]*$/;

/** YAML text: block style mostly, flow collections and every scalar style sometimes. */
export function emitYaml(tree, rng) {
  const props = (n) => (n.anchor ? `&${n.anchor} ` : "") + (n.tag && n.t === "scalar" ? `!<${n.tag}> ` : "");

  const scalar = (n, ind, flow) => {
    const v = n.v;
    if (n.plain) {
      if (v === "") return "";
      if (plainOk(v, flow)) return v;
      return JSON.stringify(v);
    }
    const choices = [[3, "double"]];
    if (plainOk(v, flow) && !LOOKS_TYPED.test(v)) choices.push([4, "plain"]);
    if (!v.includes("\n") && PRINTABLE.test(v)) choices.push([2, "single"]);
    if (!flow && v.includes("\n") && PRINTABLE.test(v) && !/^[ \t\n]/.test(v) && !v.includes("\r")) choices.push([4, "literal"]);
    switch (rng.weighted(choices)) {
      case "plain":
        return v;
      case "single":
        return `'${v.replace(/'/g, "''")}'`;
      case "literal": {
        const chomp = v.endsWith("\n\n") ? "+" : v.endsWith("\n") ? "" : "-";
        const pad = " ".repeat(ind + 2);
        const body = (v.endsWith("\n") ? v.slice(0, -1) : v).split("\n");
        return `|${chomp}\n${body.map((l) => (l ? pad + l : "")).join("\n")}`;
      }
      default:
        return JSON.stringify(v);
    }
  };

  const inline = (n, ind, flow) => {
    switch (n.t) {
      case "map":
        return `${props(n)}{${n.pairs.map((p) => `${inline(p.k, ind, true)}: ${inline(p.v, ind, true)}`).join(", ")}}`;
      case "seq":
        return `${props(n)}[${n.items.map((i) => inline(i, ind, true)).join(", ")}]`;
      case "alias":
        return `*${n.name}`;
      case "raw":
        return n.text;
      default:
        return props(n) + scalar(n, ind, flow);
    }
  };

  const isBlock = (n) => (n.t === "map" ? n.pairs.length > 0 : n.t === "seq" && n.items.length > 0) && rng.chance(0.9);

  // The lines of a block collection at indentation `ind`, each ending in \n.
  const body = (n, ind) => {
    const pad = " ".repeat(ind);
    let out = "";
    if (n.t === "map") {
      for (const { k, v } of n.pairs) {
        const key = inline(k, ind, true);
        if (isBlock(v)) {
          const inner = v.t === "seq" && rng.chance(0.5) ? ind : ind + 2;
          out += `${pad}${key}:${v.anchor ? ` &${v.anchor}` : ""}\n${body(v, inner)}`;
        } else {
          const text = inline(v, ind, false);
          out += `${pad}${key}:${text ? " " + text : ""}\n`;
        }
      }
    } else {
      for (const item of n.items) {
        if (isBlock(item)) {
          if (item.anchor) out += `${pad}- &${item.anchor}\n${body(item, ind + 2)}`;
          else out += `${pad}- ${body(item, ind + 2).slice(ind + 2)}`;
        } else {
          const text = inline(item, ind, false);
          out += `${pad}-${text ? " " + text : ""}\n`;
        }
      }
    }
    return out;
  };

  if ((tree.t === "map" || tree.t === "seq") && isBlock(tree) && !tree.anchor) return body(tree, 0);
  return inline(tree, 0, false) + "\n";
}

/** Every node with what holds it, for picking mutation sites. */
export function nodesOf(tree) {
  const out = [];
  const walk = (n, parent, at, path) => {
    out.push({ node: n, parent, at, path });
    if (n.t === "map") for (const [i, p] of n.pairs.entries()) walk(p.v, n, i, [...path, p.k.t === "scalar" ? p.k.v : "?"]);
    else if (n.t === "seq") for (const [i, c] of n.items.entries()) walk(c, n, i, [...path, i]);
  };
  walk(tree, undefined, -1, []);
  return out;
}

/** Replaces the node at a site (the root cannot be replaced in place). */
export function replaceAt(site, node) {
  if (site.parent?.t === "map") site.parent.pairs[site.at].v = node;
  else if (site.parent?.t === "seq") site.parent.items[site.at] = node;
}

export function clone(node) {
  return structuredClone(node);
}
