// The seed corpus: every Butane (.bu, .yaml, .yml) and Ignition-or-JSON
// (.ign, .json) file under test/fixtures and examples/ (stored fuzz cases
// excepted), in a fixed order, plus what the library makes of the Butane
// seeds (their Ignition JSON and cloud-config documents), each with its
// tree for the structure-aware mutators. A YAML file starting with
// #cloud-config seeds validateCloudConfig; other YAML seeds transpile.
import { readdirSync, readFileSync } from "node:fs";
import { extname, join, relative, resolve } from "node:path";
import { fromJson, fromYaml } from "./tree.mjs";

export const SEED_DIRS = ["test/fixtures", "examples"];
/** Stored crashes are replayed, not mutated: the corpus stays the same as cases are added. */
const SKIP = ["test/fixtures/fuzz"];
/** Files directories the `filesDir` option points at (relative to the repository). */
export const FILES_DIRS = ["examples", "test/fixtures/fuzz-files"];

const YAML = new Set([".bu", ".yaml", ".yml"]);
const JSON_EXT = new Set([".ign", ".json"]);
const CLOUD_CONFIG = /^#cloud-config/;

function listFiles(root, dir) {
  const out = [];
  const walk = (d) => {
    const rel = relative(root, d);
    if (SKIP.includes(rel)) return;
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && (YAML.has(extname(e.name)) || JSON_EXT.has(extname(e.name)))) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function yamlSeed(L, name, bytes, format) {
  const parsed = L.parseYaml(bytes);
  return { name, bytes, format, tree: parsed.ok && parsed.root ? fromYaml(parsed.root) : undefined };
}

function jsonSeed(L, name, bytes) {
  const parsed = L.parseJson(bytes);
  return { name, bytes, format: "ignition", tree: parsed.ok ? fromJson(parsed.root) : undefined };
}

/** `extraDirs`: more seed folders (absolute or relative to the repository), e.g. a conformance corpus. */
export function buildCorpus(L, extraDirs = []) {
  const corpus = { butane: [], ignition: [], cloudConfig: [] };
  const dirs = [...SEED_DIRS.map((d) => join(L.root, d)), ...extraDirs.map((d) => resolve(L.root, d))];
  for (const file of dirs.flatMap((d) => listFiles(L.root, d))) {
    const name = relative(L.root, file);
    const bytes = new Uint8Array(readFileSync(file));
    if (YAML.has(extname(file)) && CLOUD_CONFIG.test(Buffer.from(bytes.subarray(0, 16)).toString()))
      corpus.cloudConfig.push(yamlSeed(L, name, bytes, "cloud-config"));
    else if (YAML.has(extname(file))) corpus.butane.push(yamlSeed(L, name, bytes, "butane"));
    else corpus.ignition.push(jsonSeed(L, name, bytes));
  }
  const enc = new TextEncoder();
  for (const seed of [...corpus.butane]) {
    for (const filesDir of FILES_DIRS) {
      const outputs = {};
      try {
        for (const target of ["ignition", "cloud-config", "cloud-init"])
          outputs[target] = L.lib.transpile(seed.bytes, { filesDir: join(L.root, filesDir), target }).output;
      } catch {
        continue; // a seed the library cannot take yet still seeds its own entry point
      }
      if (!outputs.ignition) continue;
      corpus.ignition.push(jsonSeed(L, `${seed.name} (as Ignition)`, enc.encode(outputs.ignition)));
      for (const target of ["cloud-config", "cloud-init"]) {
        if (outputs[target])
          corpus.cloudConfig.push(yamlSeed(L, `${seed.name} (as ${target})`, enc.encode(outputs[target]), "cloud-config"));
      }
      break;
    }
  }
  return corpus;
}
