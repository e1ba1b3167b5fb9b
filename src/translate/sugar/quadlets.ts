/**
 * `systemd.quadlets` (1.8.0-experimental): Podman quadlet files written to
 * /etc/containers/systemd (rootful) or /etc/containers/systemd/users, mode
 * 0644, with drop-ins in `<name>.d/`; a template instance `foo@bar.container`
 * becomes a link to its template `foo@.container`. Nothing already in the
 * config may sit at those paths.
 */

import { BMSG } from "../../diagnostics/catalogue/butane.js";
import type { PathElement } from "../../diagnostics/diagnostic.js";
import { goPathJoin } from "../../gocompat/path.js";
import type { ConfigValue } from "../../ignition/decode.js";
import type { TranslateContext } from "../context.js";
import { makeDataURL } from "../data-url.js";
import { readLocalFile } from "../local-files.js";

export function quadletPath(rootful: boolean, name: string): string {
  return goPathJoin(rootful ? "/etc/containers/systemd" : "/etc/containers/systemd/users", name);
}

/** `foo@bar.container` → `foo@.container`; undefined for anything that is not an instance. */
export function templateOf(name: string): string | undefined {
  const at = name.indexOf("@");
  if (at < 0) return undefined;
  const dot = name.lastIndexOf(".");
  if (dot < 0 || at + 1 === dot) return undefined;
  return `${name.slice(0, at)}@.${name.slice(dot + 1)}`;
}

export function processQuadlets(source: ConfigValue, config: ConfigValue, ctx: TranslateContext): ConfigValue {
  const quadlets = ((source.systemd as ConfigValue | undefined)?.quadlets as ConfigValue[] | undefined) ?? [];
  if (quadlets.length === 0) return config;
  const storage: ConfigValue = { ...((config.storage as ConfigValue | undefined) ?? {}) };
  const files = ((storage.files as ConfigValue[] | undefined) ?? []).slice();
  const links = ((storage.links as ConfigValue[] | undefined) ?? []).slice();
  const dirs = (storage.directories as ConfigValue[] | undefined) ?? [];
  const taken = new Set([...files, ...links, ...dirs].map((n) => String(n.path ?? "")));
  const { ts, report } = ctx;
  ts.add(["systemd", "quadlets"], ["storage"]);

  const addFile = (contents: unknown, contentsLocal: unknown, dest: string, at: PathElement[]) => {
    if (taken.has(dest)) return report.error(at, BMSG.nodeExists);
    const i = files.length;
    const file: ConfigValue = { path: dest };
    files.push(file);
    taken.add(dest);
    if (i === 0) ts.add(at, ["storage", "files"]);
    ts.addFromCommonSource(at, ["storage", "files", i], file);
    ts.add([...at, "name"], ["storage", "files", i, "path"]);
    let bytes: Uint8Array = new Uint8Array();
    let contentPath = at;
    if (typeof contentsLocal === "string" && contentsLocal !== "") {
      contentPath = [...at, "contents_local"];
      const read = readLocalFile(contentsLocal, ctx.options.filesDir);
      if (!read.ok) return report.error(contentPath, BMSG.io(read.error));
      bytes = read.bytes;
    }
    if (typeof contents === "string" && contents !== "") {
      contentPath = [...at, "contents"];
      bytes = Buffer.from(contents, "utf8");
    }
    const url = makeDataURL(bytes, undefined, !ctx.options.noResourceAutoCompression);
    file.contents = { compression: url.compression, source: url.source };
    ts.add(contentPath, ["storage", "files", i, "contents", "source"]);
    ts.add(at, ["storage", "files", i, "contents", "compression"]);
    ts.add(contentPath, ["storage", "files", i, "contents"]);
    file.mode = 0o644;
    ts.add(at, ["storage", "files", i, "mode"]);
  };

  quadlets.forEach((q, n) => {
    const at: PathElement[] = ["systemd", "quadlets", n];
    const name = String(q.name ?? "");
    const dest = quadletPath(q.rootful === true, name);
    const template = templateOf(name);
    if (template) {
      if (taken.has(dest)) {
        report.error(at, BMSG.nodeExists);
      } else {
        const i = links.length;
        const link = { path: dest, target: template };
        links.push(link);
        taken.add(dest);
        if (i === 0) ts.add(at, ["storage", "links"]);
        ts.addFromCommonSource(at, ["storage", "links", i], link);
        ts.add([...at, "name"], ["storage", "links", i, "path"]);
      }
    } else {
      addFile(q.contents, q.contents_local, dest, at);
    }
    ((q.dropins as ConfigValue[] | undefined) ?? []).forEach((d, i) => {
      addFile(d.contents, d.contents_local, `${dest}.d/${d.name ?? ""}`, [...at, "dropins", i]);
    });
  });
  if (files.length) storage.files = files;
  if (links.length) storage.links = links;
  return { ...config, storage };
}
