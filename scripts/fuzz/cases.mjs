// Input number `index` of the campaign `seed`: an entry point, a seed from
// the corpus, a few structure and byte mutations, and the call's options.
// The same (seed, index) gives the same case everywhere, so a finding is
// reproduced from two numbers.

import { mutateBytes } from "./mutate-bytes.mjs";
import { growTree, mutateTree } from "./mutate-tree.mjs";
import { Random } from "./random.mjs";
import { FILES_DIRS } from "./seeds.mjs";
import { clone, emitJson, emitYaml } from "./tree.mjs";

export const ENTRIES = ["transpile", "validateIgnition", "validateCloudConfig"];
export const TARGETS = ["ignition", "cloud-config", "cloud-init", "script"];
/** Size the grown inputs aim at, for the linear-time check. */
export const GROWN_BYTES = 100_000;
/** One input in 500 is grown: each costs as much as a few hundred ordinary ones. */
const GROWN_SHARE = 0.002;

const enc = new TextEncoder();
const HEADERS = [
  [40, "#cloud-config\n"],
  [1, "#cloud-config"],
  [1, "#cloud-config\r\n"],
  [1, "#!/bin/sh\n"],
  [1, ""],
  [1, "#cloud-config \n"],
];

function pickSeed(corpus, entry, rng) {
  if (entry === "validateIgnition") return { seed: rng.pick(corpus.ignition), format: "ignition", yaml: false };
  if (entry === "validateCloudConfig") return { seed: rng.pick(corpus.cloudConfig), format: "cloud-config", yaml: true };
  if (rng.chance(0.05)) return { seed: rng.pick(corpus.ignition), format: "ignition", yaml: rng.chance(0.5) };
  return { seed: rng.pick(corpus.butane), format: "butane", yaml: rng.chance(0.9) };
}

function transpileOptions(rng) {
  const options = {
    target: rng.weighted([
      [4, "ignition"],
      [2, "cloud-config"],
      [2, "cloud-init"],
      [2, "script"],
    ]),
  };
  if (rng.chance(0.3)) options.pretty = true;
  if (rng.chance(0.2)) options.raw = true;
  if (rng.chance(0.2)) options.strict = true;
  const filesDir = rng.weighted([
    [1, undefined],
    [2, FILES_DIRS[0]],
    [2, FILES_DIRS[1]],
  ]);
  if (filesDir) options.filesDir = filesDir;
  if (rng.chance(0.15)) options.verify = true;
  return options;
}

/**
 * { entry, input (bytes), as: "bytes"|"text", options, seed (its name), steps (mutator names),
 *   half? (the same input at half its growth, for grown inputs) }
 * `grow: false` leaves the grown inputs at their size: for runs that check no time.
 */
export function makeCase(corpus, L, seed, index, { grow: growing = true } = {}) {
  const rng = new Random(`${seed}/${index}`);
  const entry = rng.weighted([
    [55, "transpile"],
    [33, "validateIgnition"],
    [12, "validateCloudConfig"],
  ]);
  const picked = pickSeed(corpus, entry, rng);
  const ctx = {
    rng,
    L,
    format: picked.format,
    yaml: picked.yaml,
    donors: corpus[picked.format === "cloud-config" ? "cloudConfig" : picked.format].map((s) => s.tree).filter(Boolean),
  };
  const header = picked.format === "cloud-config" ? rng.weighted(HEADERS) : "";
  const write = (tree, r) => header + (picked.yaml ? emitYaml(tree, r) : emitJson(tree, r));
  const steps = [];
  let input = picked.seed.bytes;
  let half;
  const grow = rng.chance(GROWN_SHARE) && growing;
  if (picked.seed.tree && (grow || rng.chance(0.65))) {
    let tree = clone(picked.seed.tree);
    for (let n = rng.small(4); n > 0; n--) {
      const m = mutateTree(tree, ctx);
      tree = m.tree;
      steps.push(m.name);
    }
    if (grow) {
      const style = rng.copy();
      const at = growTree(tree, rng, GROWN_BYTES, (t) => write(t, style.copy()).length);
      input = enc.encode(write(at(1), style.copy()));
      half = enc.encode(write(at(0.5), style.copy()));
      steps.push("grow");
    } else {
      input = enc.encode(write(tree, rng));
    }
  }
  if (!grow && (!steps.length || rng.chance(0.4))) {
    const bctx = { rng, donors: corpus[picked.format === "cloud-config" ? "cloudConfig" : picked.format].map((s) => s.bytes) };
    for (let n = rng.small(4); n > 0; n--) {
      const m = mutateBytes(input, bctx);
      input = m.bytes;
      steps.push(m.name);
    }
  }
  const c = {
    entry,
    input,
    as: entry !== "validateIgnition" && rng.chance(0.5) ? "text" : "bytes",
    options: entry === "transpile" ? transpileOptions(rng) : {},
    seed: picked.seed.name,
    steps,
  };
  if (half) c.half = half;
  return c;
}
