// Stored findings: test/fixtures/fuzz/<hash>.<ext> holds the (minimised)
// input and <hash>.json what it is: entry point, options, signature, what
// was found and from which campaign input. The hash is of the signature, so
// a crash already stored is recognised, not stored twice.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const EXTENSIONS = { transpile: "bu", validateIgnition: "ign", validateCloudConfig: "yaml" };

export const hashOf = (signature) => createHash("sha256").update(signature).digest("hex").slice(0, 12);

function writeAtomically(path, data) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Every stored case: { name, sidecar, case: { entry, input, as, options } }. */
export function loadStored(dir) {
  let names;
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith(".json"))
      .sort();
  } catch (e) {
    if (e.code === "ENOENT") return [];
    throw e;
  }
  return names.map((n) => {
    const sidecar = JSON.parse(readFileSync(join(dir, n), "utf8"));
    const input = new Uint8Array(readFileSync(join(dir, sidecar.input)));
    return { name: n, sidecar, case: { entry: sidecar.entry, input, as: sidecar.as, options: sidecar.options } };
  });
}

export function storedSignatures(dir) {
  return new Set(loadStored(dir).map((s) => s.sidecar.signature));
}

/** Writes a case and its sidecar; returns the input's file name. */
export function storeCase(dir, c, about) {
  mkdirSync(dir, { recursive: true });
  const hash = hashOf(about.signature);
  const input = `${hash}.${EXTENSIONS[c.entry]}`;
  const sidecar = { entry: c.entry, as: c.as, options: c.options, input, ...about };
  writeAtomically(join(dir, input), c.input);
  writeAtomically(join(dir, `${hash}.json`), JSON.stringify(sidecar, null, 2) + "\n");
  return input;
}
