/**
 * A Butane snippet from lists of files and units: the YAML a node config of
 * the same variant and version merges (Ignition's merge rules). Modes are
 * written in octal (`0644`), as people write them.
 */
import { encodeYamlV3 } from "../gocompat/yaml-v3/encode.js";

export interface SnippetFile {
  path: string;
  mode: number;
  contents: string;
  /** Owner by id (names need the image's passwd at Ignition time); root when absent. */
  uid?: number;
  gid?: number;
}
export interface SnippetUnit {
  name: string;
  enabled?: boolean;
  contents?: string;
  dropins?: { name: string; contents: string }[];
}

/** The YAML encoder writes numbers in decimal; a mode goes through as this marker and comes out octal. */
const MODE_MARK = (mode: number) => `__kindling_mode_0${mode.toString(8)}__`;

export function butaneSnippet(variant: string, version: string, files: SnippetFile[], units: SnippetUnit[]): string {
  const doc: Record<string, unknown> = { variant, version };
  if (files.length) {
    doc.storage = {
      files: files.map((f) => ({
        path: f.path,
        mode: MODE_MARK(f.mode),
        overwrite: true,
        ...(f.uid !== undefined ? { user: { id: f.uid } } : {}),
        ...(f.gid !== undefined ? { group: { id: f.gid } } : {}),
        contents: { inline: f.contents },
      })),
    };
  }
  if (units.length) doc.systemd = { units };
  return encodeYamlV3(doc, { keepKeyOrder: true, ints: true }).replace(/__kindling_mode_(0[0-7]+)__/g, "$1");
}
