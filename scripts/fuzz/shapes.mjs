// What fields a config may have at a given place, from the library's own
// schemas (Butane's per variant and version, Ignition's per spec version),
// and values for them: mostly plausible, sometimes of the wrong kind.
import { CONTENTS, NUMBERS, PATHS, STRINGS, UNITS, URLS, WORDS } from "./dictionary.mjs";

/** The schema a Butane tree (variant, version) or an Ignition tree (ignition.version) is read with; a random one when unknown. */
export function schemaFor(L, format, tree, rng) {
  const top = (t, key) => (t?.t === "map" ? t.pairs.find((p) => p.k.t === "scalar" && p.k.v === key)?.v : undefined);
  if (format === "butane") {
    const variant = top(tree, "variant")?.v;
    const version = top(tree, "version")?.v;
    const spec = L.butaneSpecs.find((s) => s.variant === variant && s.version === version) ?? rng.pick(L.butaneSpecs);
    return L.butaneSchema(spec);
  }
  const version = top(top(tree, "ignition"), "version")?.v;
  return L.ignitionSchema(L.ignitionVersions.includes(version) ? version : rng.pick(L.ignitionVersions));
}

/** The struct a tree path leads to, if the path follows the schema. */
export function structAt(schema, path) {
  let s = schema.root;
  for (const key of path) {
    if (typeof key === "number") continue;
    const f = s.byName.get(key);
    if (!f?.struct || (f.kind !== "struct" && f.kind !== "slice")) return undefined;
    s = schema.structs.get(f.struct);
    if (!s) return undefined;
  }
  return s;
}

const scalar = (v, plain) => ({ t: "scalar", v, plain });

function stringFor(name, rng) {
  if (rng.chance(0.15)) return rng.pick(STRINGS);
  if (/path|device|target|home_dir|shell|mount/i.test(name)) return rng.pick(PATHS);
  if (/source|url|proxy/i.test(name)) return rng.pick(URLS);
  if (/contents|inline|data/i.test(name)) return rng.pick(CONTENTS);
  if (/local/i.test(name)) return rng.pick(["key.pub", "data.txt", "tree", "tree/sub", "..", "", "nonexistent", "webserver-files/www"]);
  if (name === "name") return rng.pick([...UNITS, ...STRINGS]);
  return rng.pick(STRINGS);
}

/** A value for a field; of the wrong kind one time in ten. */
export function valueFor(field, schema, rng, depth = 0) {
  if (rng.chance(0.1)) return anyValue(rng);
  if (field.enum?.length && rng.chance(0.7)) return scalar(rng.pick(field.enum), false);
  switch (field.kind) {
    case "string":
      return scalar(stringFor(field.name, rng), false);
    case "int":
      return scalar(rng.chance(0.6) ? String(rng.int(12)) : rng.pick(NUMBERS), true);
    case "bool":
      return scalar(rng.pick(["true", "false", "true", "false", "yes", "on", "null"]), true);
    case "struct": {
      const s = schema.structs.get(field.struct);
      return s ? structValue(s, schema, rng, depth + 1) : anyValue(rng);
    }
    case "slice": {
      const n = rng.small(3);
      const items = [];
      for (let i = 0; i < n; i++) items.push(field.elem ? valueFor(field.elem, schema, rng, depth + 1) : anyValue(rng));
      return { t: "seq", items };
    }
    default:
      return { t: "map", pairs: [{ k: scalar(rng.pick(STRINGS), false), v: scalar(rng.pick(STRINGS), false) }] };
  }
}

/** A map with a few of a struct's fields. */
export function structValue(struct, schema, rng, depth = 0) {
  const pairs = [];
  if (depth > 4 || !struct.fields.length) return { t: "map", pairs };
  const n = rng.small(4);
  for (let i = 0; i < n; i++) {
    const f = rng.pick(struct.fields);
    pairs.push({ k: scalar(f.name, false), v: valueFor(f, schema, rng, depth) });
  }
  return { t: "map", pairs };
}

/** A scalar or small collection of any kind. */
export function anyValue(rng) {
  switch (rng.int(6)) {
    case 0:
      return scalar(rng.pick(NUMBERS), true);
    case 1:
      return scalar(rng.pick(WORDS), true);
    case 2:
      return { t: "seq", items: rng.chance(0.5) ? [] : [scalar(rng.pick(STRINGS), false)] };
    case 3:
      return { t: "map", pairs: rng.chance(0.5) ? [] : [{ k: scalar(rng.pick(STRINGS), false), v: scalar("", true) }] };
    default:
      return scalar(rng.pick([...STRINGS, ...PATHS, ...URLS]), false);
  }
}
