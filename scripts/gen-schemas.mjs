#!/usr/bin/env node
// Builds schemas/ignition/<version>.json for every spec after 3.0.0 by applying
// the steps in schemas/ignition/steps/ in order (see schemas/ignition/README.md).
//
//   node scripts/gen-schemas.mjs        writes the generated schemas
//
// The module also exports pure functions (buildSchemas, applyPatch) so the
// tests can check that the files on disk are up to date.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const BASE_VERSION = "3.0.0";
const SCHEMA_ID_PREFIX = "https://kindling.dev/schemas/ignition/";

/** Pretty-printed JSON with a trailing newline: the on-disk form of every schema. */
export function formatJson(value) {
  return JSON.stringify(value, null, 2) + "\n";
}

// ---------------------------------------------------------------------------
// RFC 6902 JSON Patch (add, remove, replace, move, copy, test).
//
// One extension, allowed by RFC 6902 §4 (unknown members are ignored): an
// "add", "move" or "copy" whose target is a new member of an object may carry
// "x-before": "<member>", and the new member is placed just before that one
// instead of at the end. JSON objects are unordered, so a plain RFC 6902
// applier gives an equal document; we keep the order because property order
// is the Go field order, which is the key order of emitted JSON.

function parsePointer(pointer) {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function clone(v) {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}

function arrayIndex(arr, token, forAdd, pointer) {
  if (forAdd && token === "-") return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new Error(`invalid array index in ${pointer}`);
  const i = Number(token);
  if (i > arr.length || (!forAdd && i === arr.length)) throw new Error(`array index out of range in ${pointer}`);
  return i;
}

/** Resolves all but the last token; returns [parent, lastToken]. */
function locateParent(doc, pointer) {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return [null, null];
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, t, false, pointer)];
    else if (isObject(cur) && Object.hasOwn(cur, t)) cur = cur[t];
    else throw new Error(`path not found: ${pointer}`);
  }
  if (!isObject(cur) && !Array.isArray(cur)) throw new Error(`path not found: ${pointer}`);
  return [cur, tokens[tokens.length - 1]];
}

function getAt(doc, pointer) {
  const [parent, last] = locateParent(doc, pointer);
  if (parent === null) return doc;
  if (Array.isArray(parent)) return parent[arrayIndex(parent, last, false, pointer)];
  if (!Object.hasOwn(parent, last)) throw new Error(`path not found: ${pointer}`);
  return parent[last];
}

function setMember(obj, key, value, before) {
  if (Object.hasOwn(obj, key) || before === undefined) {
    obj[key] = value; // replacing keeps the position; new members go last
    return;
  }
  if (!Object.hasOwn(obj, before)) throw new Error(`x-before: no member ${JSON.stringify(before)}`);
  const entries = Object.entries(obj);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) {
    if (k === before) obj[key] = value;
    obj[k] = v;
  }
}

// Returns the new document (the root may be replaced).
function addAt(doc, pointer, value, before) {
  const [parent, last] = locateParent(doc, pointer);
  if (parent === null) return value;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true, pointer), 0, value);
  else setMember(parent, last, value, before);
  return doc;
}

function removeAt(doc, pointer) {
  const [parent, last] = locateParent(doc, pointer);
  if (parent === null) throw new Error("cannot remove the whole document");
  if (Array.isArray(parent)) {
    const removed = parent.splice(arrayIndex(parent, last, false, pointer), 1);
    return removed[0];
  }
  if (!Object.hasOwn(parent, last)) throw new Error(`path not found: ${pointer}`);
  const value = parent[last];
  delete parent[last];
  return value;
}

/** Applies an RFC 6902 patch to a copy of `document` and returns the copy. */
export function applyPatch(document, patch) {
  if (!Array.isArray(patch)) throw new Error("a patch is an array of operations");
  let doc = clone(document);
  patch.forEach((op, n) => {
    const where = `patch[${n}] (${op.op} ${op.path})`;
    try {
      if (typeof op.path !== "string") throw new Error("missing path");
      switch (op.op) {
        case "add":
          if (!("value" in op)) throw new Error("missing value");
          doc = addAt(doc, op.path, clone(op.value), op["x-before"]);
          break;
        case "remove":
          removeAt(doc, op.path);
          break;
        case "replace": {
          if (!("value" in op)) throw new Error("missing value");
          getAt(doc, op.path); // must exist
          const [parent, last] = locateParent(doc, op.path);
          if (parent === null) doc = clone(op.value);
          else if (Array.isArray(parent)) parent[arrayIndex(parent, last, false, op.path)] = clone(op.value);
          else parent[last] = clone(op.value);
          break;
        }
        case "move": {
          if (typeof op.from !== "string") throw new Error("missing from");
          if (op.path.startsWith(op.from + "/")) throw new Error("cannot move a value into itself");
          if (op.from === op.path) break;
          const value = removeAt(doc, op.from);
          doc = addAt(doc, op.path, value, op["x-before"]);
          break;
        }
        case "copy":
          if (typeof op.from !== "string") throw new Error("missing from");
          doc = addAt(doc, op.path, clone(getAt(doc, op.from)), op["x-before"]);
          break;
        case "test":
          if (!deepEqual(getAt(doc, op.path), op.value)) throw new Error("test failed");
          break;
        default:
          throw new Error(`unknown op ${JSON.stringify(op.op)}`);
      }
    } catch (err) {
      throw new Error(`${where}: ${err.message}`);
    }
  });
  return doc;
}

// ---------------------------------------------------------------------------

/** Version-specific root annotations, set on every generated schema. */
function stampVersion(schema, version) {
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "$id") out[k] = `${SCHEMA_ID_PREFIX}${version}.json`;
    else if (k === "title") out[k] = `Ignition config, spec ${version}`;
    else if (k === "x-ignition-version") out[k] = version;
    else out[k] = v;
  }
  return out;
}

/**
 * Reads <dir>/3.0.0.json and <dir>/steps/*.json and returns the generated
 * schemas in chain order: [{ version, file, schema, text }], without writing.
 */
export function buildSchemas(dir) {
  const base = JSON.parse(readFileSync(join(dir, `${BASE_VERSION}.json`), "utf8"));
  const steps = new Map(); // from -> { version, patch }
  for (const name of readdirSync(join(dir, "steps")).sort()) {
    if (!name.endsWith(".json")) continue;
    const version = name.slice(0, -".json".length);
    const step = JSON.parse(readFileSync(join(dir, "steps", name), "utf8"));
    if (typeof step.from !== "string" || !Array.isArray(step.patch)) {
      throw new Error(`steps/${name}: expected {"from": "<version>", "patch": [...]}`);
    }
    if (steps.has(step.from)) {
      throw new Error(`steps/${name}: ${step.from} already has a successor (${steps.get(step.from).version})`);
    }
    steps.set(step.from, { version, patch: step.patch });
  }
  const out = [];
  let prev = BASE_VERSION;
  let schema = base;
  while (steps.has(prev)) {
    const { version, patch } = steps.get(prev);
    steps.delete(prev);
    try {
      schema = stampVersion(applyPatch(schema, patch), version);
    } catch (err) {
      throw new Error(`steps/${version}.json: ${err.message}`);
    }
    out.push({ version, file: `${version}.json`, schema, text: formatJson(schema) });
    prev = version;
  }
  if (steps.size > 0) {
    const orphans = [...steps.values()].map((s) => s.version).join(", ");
    throw new Error(`steps not reachable from ${BASE_VERSION}: ${orphans}`);
  }
  return out;
}

export const SCHEMA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "schemas", "ignition");

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  for (const { file, text } of buildSchemas(SCHEMA_DIR)) {
    writeFileSync(join(SCHEMA_DIR, file), text);
    console.log(`wrote schemas/ignition/${file}`);
  }
}
