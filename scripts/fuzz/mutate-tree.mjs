// Structure-aware mutations of a config tree (scripts/fuzz/tree.mjs): each
// takes the tree and a context { rng, L, format, donors, yaml } and returns
// the mutated tree (usually the same object, changed in place).
import { IGNITION_VERSIONS, NUMBERS, STRINGS, WORDS } from "./dictionary.mjs";
import { anyValue, schemaFor, structAt, structValue, valueFor } from "./shapes.mjs";
import { clone, nodesOf, replaceAt } from "./tree.mjs";

const scalar = (v, plain) => ({ t: "scalar", v, plain });
const containers = (tree) => nodesOf(tree).filter((s) => s.node.t === "map" || s.node.t === "seq");
const nonRoot = (tree) => nodesOf(tree).filter((s) => s.parent);

function insertInto(site, node, rng, key) {
  const c = site.node;
  if (c.t === "seq") c.items.splice(rng.int(c.items.length + 1), 0, node);
  else
    c.pairs.splice(rng.int(c.pairs.length + 1), 0, {
      k: key ?? (c.pairs.length && rng.chance(0.5) ? clone(rng.pick(c.pairs).k) : scalar(rng.pick(STRINGS), false)),
      v: node,
    });
}

/** A copy of a subtree placed somewhere else (a list item twice, a key twice, a section inside itself). */
function duplicate(tree, { rng }) {
  const from = rng.pick(nonRoot(tree));
  const to = rng.pick(containers(tree));
  if (!from || !to) return tree;
  const key = from.parent.t === "map" ? from.parent.pairs[from.at].k : undefined;
  insertInto(to, clone(from.node), rng, key && clone(key));
  return tree;
}

/** A subtree wrapped in lists and maps, or replaced by a bracket nest thousands deep. */
function nest(tree, { rng }) {
  const site = rng.pick(nodesOf(tree));
  if (rng.chance(0.3)) {
    const depth = rng.pick([100, 1000, 10000, 100000]);
    const [open, close] = rng.pick([
      ["[", "]"],
      ["{a: ", "}"],
      ['{"a":', "}"],
    ]);
    const node = { t: "raw", text: open.repeat(depth) + "1" + close.repeat(depth) };
    if (!site.parent) return node;
    replaceAt(site, node);
    return tree;
  }
  let node = site.node;
  for (let i = rng.small(64); i > 0; i--)
    node = rng.chance(0.5)
      ? { t: "seq", items: [node] }
      : { t: "map", pairs: [{ k: scalar(site.path.at(-1) === undefined ? "a" : String(site.path.at(-1)), false), v: node }] };
  if (!site.parent) return node;
  replaceAt(site, node);
  return tree;
}

/** A value of another kind where a value was: a list for a string, a number for a map, null, empty. */
function retype(tree, { rng }) {
  const site = rng.pick(nonRoot(tree));
  if (!site) return anyValue(rng);
  replaceAt(site, anyValue(rng));
  return tree;
}

/** Integers and floats at the edges: int32, int64, uint64, float64, octal, hex, signs. */
function number(tree, { rng }) {
  const sites = nonRoot(tree).filter((s) => s.node.t === "scalar");
  const site = rng.pick(sites.length ? sites : nonRoot(tree));
  if (site) replaceAt(site, scalar(rng.pick(NUMBERS), rng.chance(0.9)));
  return tree;
}

/** A string from the dictionary, or a long one. */
function string(tree, { rng }) {
  const sites = nonRoot(tree).filter((s) => s.node.t === "scalar");
  const site = rng.pick(sites.length ? sites : nonRoot(tree));
  if (!site) return tree;
  let v = rng.pick(STRINGS);
  if (rng.chance(0.2)) v = rng.pick(["a", "/a", "\u00e9", "\u0000", "x y", "%", "\\"]).repeat(rng.pick([256, 4096, 65536]));
  replaceAt(site, scalar(v, rng.chance(0.1)));
  return tree;
}

/** Null and empty items in lists, null values under keys. */
function nulls(tree, { rng }) {
  const site = rng.pick(containers(tree));
  if (!site) return tree;
  const empty = scalar(rng.pick(["", "null", "~", "NULL"]), true);
  if (site.node.t === "seq" || rng.chance(0.3)) insertInto(site, empty, rng);
  else if (site.node.pairs.length) rng.pick(site.node.pairs).v = empty;
  return tree;
}

/** Empty, null, repeated and non-scalar keys. */
function keys(tree, { rng }) {
  const maps = containers(tree).filter((s) => s.node.t === "map");
  const site = rng.pick(maps);
  if (!site) return tree;
  const pairs = site.node.pairs;
  const key = rng.weighted([
    [3, scalar("", false)],
    [2, scalar("", true)],
    [3, pairs.length ? clone(rng.pick(pairs).k) : scalar("a", false)],
    [1, { t: "seq", items: [scalar("a", true)] }],
    [1, scalar(rng.pick(WORDS), true)],
  ]);
  pairs.splice(rng.int(pairs.length + 1), 0, { k: key, v: anyValue(rng) });
  return tree;
}

function remove(tree, { rng }) {
  const site = rng.pick(nonRoot(tree));
  if (!site) return tree;
  if (site.parent.t === "map") site.parent.pairs.splice(site.at, 1);
  else site.parent.items.splice(site.at, 1);
  return tree;
}

/** A subtree of another seed in place of one of this one's. */
function graft(tree, { rng, donors }) {
  const donor = rng.pick(donors);
  const piece = donor && rng.pick(nonRoot(donor));
  const site = rng.pick(nonRoot(tree));
  if (!piece) return tree;
  if (site && rng.chance(0.6)) replaceAt(site, clone(piece.node));
  else {
    const to = rng.pick(containers(tree));
    if (to) insertInto(to, clone(piece.node), rng, piece.parent.t === "map" ? clone(piece.parent.pairs[piece.at].k) : undefined);
  }
  return tree;
}

/** A field the schema allows at this place (sugar included), with a generated value. */
function field(tree, ctx) {
  const { rng, L, format } = ctx;
  if (format === "cloud-config") return duplicate(tree, ctx);
  const schema = schemaFor(L, format, tree, rng);
  const maps = nodesOf(tree).filter((s) => s.node.t === "map" && structAt(schema, s.path));
  const site = rng.pick(maps);
  if (!site) return tree.t === "map" ? tree : structValue(schema.root, schema, rng);
  const struct = structAt(schema, site.path);
  const f = rng.pick(struct.fields);
  if (!f) return tree;
  const pairs = site.node.pairs;
  const at = pairs.findIndex((p) => p.k.t === "scalar" && p.k.v === f.name);
  const value = valueFor(f, schema, rng);
  if (at >= 0 && rng.chance(0.8)) pairs[at].v = value;
  else pairs.splice(rng.int(pairs.length + 1), 0, { k: scalar(f.name, false), v: value });
  return tree;
}

/** Another variant and version (Butane), another spec version (Ignition). */
function respec(tree, { rng, L, format }) {
  if (tree.t !== "map") return tree;
  const set = (map, key, v) => {
    const p = map.pairs.find((q) => q.k.t === "scalar" && q.k.v === key);
    if (p) p.v = scalar(v, false);
    else map.pairs.unshift({ k: scalar(key, false), v: scalar(v, false) });
  };
  if (format === "butane") {
    const spec = rng.pick(L.butaneSpecs);
    set(tree, "variant", rng.chance(0.95) ? spec.variant : rng.pick(["rhcos", "", "FCOS", "x"]));
    set(tree, "version", rng.chance(0.95) ? spec.version : rng.pick(["1.0", "v1.0.0", "1.0.0-", "99.0.0", ""]));
  } else if (format === "ignition") {
    let ign = tree.pairs.find((q) => q.k.t === "scalar" && q.k.v === "ignition")?.v;
    if (ign?.t !== "map") {
      ign = { t: "map", pairs: [] };
      set(tree, "ignition", "");
      tree.pairs.find((q) => q.k.v === "ignition").v = ign;
    }
    set(ign, "version", rng.chance(0.8) ? rng.pick(L.ignitionVersions) : rng.pick(IGNITION_VERSIONS));
  }
  return tree;
}

/** YAML anchors and aliases: a node shared, a merge key, a nest of aliases of aliases. */
function aliases(tree, { rng, yaml }) {
  if (!yaml) return retype(tree, { rng });
  const sites = nonRoot(tree);
  const source = rng.pick(sites);
  if (!source) return tree;
  if (rng.chance(0.2)) {
    // A billion-laughs nest: each level lists the one below several times.
    const levels = rng.range(3, 9);
    let item = { ...clone(source.node), anchor: "l0" };
    for (let i = 1; i <= levels; i++)
      item = { t: "seq", anchor: `l${i}`, items: [item, ...Array.from({ length: 8 }, () => ({ t: "alias", name: `l${i - 1}` }))] };
    replaceAt(source, item);
    return tree;
  }
  const anchored = { ...source.node, anchor: "a" };
  replaceAt(source, anchored);
  const inside = new Set(nodesOf(anchored).map((n) => n.node));
  const later = nodesOf(tree).filter((s) => s.parent && !inside.has(s.node));
  for (let i = rng.small(3); i > 0 && later.length; i--) {
    const target = later.splice(rng.int(later.length), 1)[0];
    replaceAt(target, { t: "alias", name: rng.chance(0.9) ? "a" : "b" });
  }
  // An alias written before its anchor, or naming no anchor, is an input error too.
  return tree;
}

export const TREE_MUTATORS = { duplicate, nest, retype, number, string, nulls, keys, remove, graft, field, respec, aliases };

const WEIGHTS = [
  [6, "field"],
  [4, "duplicate"],
  [2, "nest"],
  [4, "retype"],
  [3, "number"],
  [4, "string"],
  [3, "nulls"],
  [2, "keys"],
  [3, "remove"],
  [3, "graft"],
  [2, "respec"],
  [1, "aliases"],
];

export function mutateTree(tree, ctx) {
  const name = ctx.rng.weighted(WEIGHTS);
  return { tree: TREE_MUTATORS[name](tree, ctx), name };
}

/**
 * Grows a tree to about `bytes` when written, repeating a list's items (or
 * the lines of a long string); `scale` 0.5 gives the same input at half the
 * repetitions, for the linear-time check.
 */
export function growTree(tree, rng, bytes, measure) {
  const sites = nodesOf(tree);
  const lists = sites.filter((s) => s.node.t === "seq" && s.node.items.length);
  const strings = sites.filter((s) => s.node.t === "scalar" && !s.node.plain && s.parent);
  const base = measure(tree);
  if (lists.length && (rng.chance(0.6) || !strings.length)) {
    const site = rng.pick(lists);
    const items = site.node.items;
    const per = Math.max(1, measure({ t: "seq", items }) / items.length);
    const times = Math.max(2, Math.round((bytes - base) / per));
    return (scale) => {
      const grown = clone(tree);
      const list = nodesOf(grown)[sites.indexOf(site)].node;
      const n = Math.max(1, Math.round(times * scale));
      list.items = Array.from({ length: n }, (_, i) => clone(items[i % items.length]));
      return grown;
    };
  }
  const site = rng.pick(strings.length ? strings : sites);
  const v = site.node.t === "scalar" && site.node.v ? site.node.v : "Key=Value\n";
  const times = Math.max(2, Math.round(bytes / Math.max(1, v.length)));
  return (scale) => {
    const grown = clone(tree);
    const target = nodesOf(grown)[sites.indexOf(site)];
    const text = v.repeat(Math.max(1, Math.round(times * scale)));
    if (target.parent) replaceAt(target, scalar(text, false));
    else return scalar(text, false);
    return grown;
  };
}
