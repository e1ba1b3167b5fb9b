/**
 * The hash that ties .kindling/ to the lab it was rendered from: sha256 over
 * "kindling VERSION\n", lab.yaml's bytes, a NUL byte and node.bu's bytes.
 * render writes it to .kindling/render.sha256 as "HEX  kindling-VERSION";
 * the Vagrantfile computes the same in Ruby (Digest::SHA256) and refuses to
 * boot when they differ.
 */
import { createHash } from "node:crypto";

export const HASH_FILE = "render.sha256";

export function renderHash(labYaml: Uint8Array, nodeBu: Uint8Array, version: string): string {
  return createHash("sha256").update(`kindling ${version}\n`).update(labYaml).update("\0").update(nodeBu).digest("hex");
}

/** render.sha256's one line. */
export function hashLine(hash: string, version: string): string {
  return `${hash}  kindling-${version}\n`;
}
