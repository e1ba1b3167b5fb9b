/** Sugar inside single structs: resources, users, units and drop-ins. */

import { BMSG } from "../diagnostics/catalogue/butane.js";
import type { PathElement } from "../diagnostics/diagnostic.js";
import type { ConfigValue } from "../ignition/decode.js";
import type { TranslateContext } from "./context.js";
import { escapeDataURL, makeDataURL } from "./data-url.js";
import { readLocalFile } from "./local-files.js";

type Hook = (from: ConfigValue, to: ConfigValue, fromPath: PathElement[], toPath: PathElement[], ctx: TranslateContext) => void;

const localError = (error: string) =>
  error === BMSG.noFilesDir.text ? BMSG.noFilesDir : error === BMSG.filesDirEscape.text ? BMSG.filesDirEscape : BMSG.io(error);

function setSource(bytes: Uint8Array, from: PathElement[], to: ConfigValue, toPath: PathElement[], ctx: TranslateContext): void {
  const url = makeDataURL(bytes, to.compression as string | undefined, !ctx.options.noResourceAutoCompression);
  to.source = url.source;
  ctx.ts.add(from, [...toPath, "source"]);
  if (url.compression !== undefined) {
    to.compression = url.compression;
    ctx.ts.add(from, [...toPath, "compression"]);
  }
}

/** `inline` and `local` become data URLs. */
const resource: Hook = (from, to, fromPath, toPath, ctx) => {
  if (typeof from.local === "string") {
    const at = [...fromPath, "local"];
    const read = readLocalFile(from.local, ctx.options.filesDir);
    if (!read.ok) return ctx.report.error(at, localError(read.error));
    setSource(read.bytes, at, to, toPath, ctx);
  }
  if (typeof from.inline === "string") setSource(Buffer.from(from.inline, "utf8"), [...fromPath, "inline"], to, toPath, ctx);
};

/** fcos 1.0: `inline` is always percent-encoded and no compression is recorded. */
const fileContentsV1: Hook = (from, to, fromPath, toPath, ctx) => {
  if (typeof from.inline !== "string") return;
  to.source = "data:," + escapeDataURL(Buffer.from(from.inline, "utf8"));
  ctx.ts.add([...fromPath, "inline"], [...toPath, "source"]);
};

/** `ssh_authorized_keys_local`: each non-empty line of each file is a key, after the inline keys. */
const passwdUser: Hook = (from, to, fromPath, toPath, ctx) => {
  const files = from.ssh_authorized_keys_local as string[] | undefined;
  if (!files || files.length === 0) return;
  const at = [...fromPath, "ssh_authorized_keys_local"];
  ctx.ts.add(at, [...toPath, "sshAuthorizedKeys"]);
  if (!ctx.options.filesDir) return ctx.report.error(at, BMSG.noFilesDir);
  const keys = ((to.sshAuthorizedKeys as string[] | undefined) ?? []).slice();
  files.forEach((file, i) => {
    const read = readLocalFile(file, ctx.options.filesDir);
    if (!read.ok) {
      ctx.report.error([...at, i], localError(read.error));
      return;
    }
    for (const line of Buffer.from(read.bytes).toString("utf8").split(/\r?\n/)) {
      if (line === "") continue;
      ctx.ts.add([...at, i], [...toPath, "sshAuthorizedKeys", keys.length]);
      keys.push(line);
    }
  });
  to.sshAuthorizedKeys = keys;
};

/** `contents_local` on units and drop-ins: the file's text becomes `contents`. */
const contentsLocal: Hook = (from, to, fromPath, toPath, ctx) => {
  if (typeof from.contents_local !== "string" || from.contents_local === "") return;
  const at = [...fromPath, "contents_local"];
  const read = readLocalFile(from.contents_local, ctx.options.filesDir);
  if (!read.ok) return ctx.report.error(at, localError(read.error));
  ctx.ts.add(at, [...toPath, "contents"]);
  to.contents = Buffer.from(read.bytes).toString("utf8");
};

export const STRUCT_HOOKS: Readonly<Record<string, Hook>> = {
  Resource: resource,
  FileContents: fileContentsV1,
  PasswdUser: passwdUser,
  Unit: contentsLocal,
  Dropin: contentsLocal,
};
