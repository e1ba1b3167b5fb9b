/** Butane's own diagnostics: its wording, our code and a hint on how to fix it. */
import type { Message } from "../ignition/messages.js";

const m = (code: string, text: string, hint?: string): Message => (hint ? { code, text, hint } : { code, text });

export const BMSG = {
  tooManySources: (fields: string): Message =>
    m("butane.source.too-many", `only one of the following can be set: ${fields}`, "keep one way of giving the contents"),
  noFilesDir: m(
    "butane.local.no-files-dir",
    "local file paths are relative to a files directory that must be specified with -d/--files-dir",
    "pass -d DIR (or --files-dir DIR) naming the directory local paths are relative to",
  ),
  filesDirEscape: m("butane.local.outside", "local file path traverses outside the files directory", "keep local paths inside the files directory"),
  io: (text: string): Message => m("butane.local.io", text, "check that the file exists inside the files directory"),
  decimalMode: m(
    "butane.mode.decimal",
    "unreasonable mode would be reasonable if specified in octal; remember to add a leading zero",
    "write the mode in octal, e.g. 0644",
  ),
  unusedKey: (key: string): Message => m("butane.key.unused", `unused key ${key}`, "this key is not part of this variant and version; check its spelling"),
  mountUnitNoPath: m("butane.mount-unit.path", "path is required if with_mount_unit is true and format is not swap", "set path"),
  mountUnitNoFormat: m("butane.mount-unit.format", "format is required if with_mount_unit is true", "set format"),
  mountUnitPathForbidden: m("butane.mount-unit.path-forbidden", "path must be under /etc or /var if with_mount_unit is true", "mount under /var or /etc"),
  treeNotDirectory: m("butane.tree.not-directory", "root of tree must be a directory", "point local at a directory"),
  treeLocalRequired: m("butane.tree.local-required", "local is required", "set local to a directory inside the files directory"),
  nodeExists: m("butane.tree.node-exists", "matching filesystem node has existing contents or different type", "remove the duplicate entry"),
  fileType: m("butane.tree.file-type", "trees may only contain files, directories, and symlinks"),
  tooManySystemdSources: m(
    "butane.systemd.too-many-sources",
    "only one of the following can be set: contents, contents_local",
    "keep either contents or contents_local",
  ),
  ignoredInRaw: m("butane.openshift.raw-ignored", "field ignored in raw mode", "remove it or drop -r/--raw"),
} as const;
