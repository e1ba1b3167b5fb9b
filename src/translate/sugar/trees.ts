/**
 * `storage.trees`: every file, symlink (and, from fcos 1.7, directory) under
 * a local directory becomes a storage entry, walked in Go's filepath.Walk
 * order (the root first, then names sorted, links not followed). A file the
 * config already declares without contents is completed; anything else
 * already there is an error. File modes come from the executable bits
 * (0755 or 0644) unless `file_mode` says otherwise.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import type { PathElement } from "../../diagnostics/diagnostic.js";
import { goPathJoin } from "../../gocompat/path.js";
import type { ConfigValue } from "../../ignition/decode.js";
import { BMSG } from "../../butane/messages.js";
import type { TranslateContext } from "../context.js";
import { makeDataURL } from "../data-url.js";
import { goIoError, joinFilesDir, withinFilesDir } from "../local-files.js";

interface Entry {
  rel: string;
  abs: string;
}

/** filepath.Walk's order: the root, then each directory's entries sorted by name, depth first. */
function walk(root: string): Entry[] {
  const out: Entry[] = [];
  const visit = (abs: string, rel: string) => {
    out.push({ rel, abs });
    let isDir = false;
    try {
      isDir = lstatSync(abs).isDirectory();
    } catch {
      return;
    }
    if (!isDir) return;
    for (const name of readdirSync(abs).sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : a === b ? 0 : 1))) {
      visit(join(abs, name), rel === "." ? name : `${rel}/${name}`);
    }
  };
  visit(root, ".");
  return out;
}

type Kind = "files" | "directories" | "links";

class NodeTracker {
  private readonly index: Record<Kind, Map<string, number>> = { files: new Map(), directories: new Map(), links: new Map() };
  constructor(private readonly storage: ConfigValue) {
    for (const kind of ["files", "directories", "links"] as Kind[]) {
      this.list(kind).forEach((n, i) => this.index[kind].set(String(n.path ?? ""), i));
    }
  }
  list(kind: Kind): ConfigValue[] {
    return (this.storage[kind] as ConfigValue[] | undefined) ?? [];
  }
  exists(path: string): boolean {
    return this.index.files.has(path) || this.index.directories.has(path) || this.index.links.has(path);
  }
  get(kind: Kind, path: string): [number, ConfigValue] | undefined {
    const i = this.index[kind].get(path);
    return i === undefined ? undefined : [i, this.list(kind)[i]];
  }
  add(kind: Kind, node: ConfigValue): number {
    const list = this.list(kind).slice();
    list.push(node);
    this.storage[kind] = list;
    this.index[kind].set(String(node.path), list.length - 1);
    return list.length - 1;
  }
}

function owner(v: unknown): ConfigValue | undefined {
  const o = v as ConfigValue | undefined;
  if (!o || (o.id === undefined && o.name === undefined)) return undefined;
  return { ...(o.id !== undefined ? { id: o.id } : {}), ...(o.name !== undefined ? { name: o.name } : {}) };
}

export function processTrees(source: ConfigValue, config: ConfigValue, ctx: TranslateContext): ConfigValue {
  const trees = ((source.storage as ConfigValue | undefined)?.trees as ConfigValue[] | undefined) ?? [];
  if (trees.length === 0) return config;
  const storage: ConfigValue = { ...((config.storage as ConfigValue | undefined) ?? {}) };
  const out: ConfigValue = { ...config, storage };
  const nodes = new NodeTracker(storage);
  const { report, ts, options } = ctx;
  for (let i = 0; i < trees.length; i++) {
    const tree = trees[i] ?? {};
    const at: PathElement[] = ["storage", "trees", i];
    if (!options.filesDir) {
      report.error(at, BMSG.noFilesDir);
      break;
    }
    const base = joinFilesDir(options.filesDir, String(tree.local ?? ""));
    if (!withinFilesDir(base, options.filesDir)) {
      report.error(at, BMSG.filesDirEscape);
      continue;
    }
    try {
      if (!statSync(base).isDirectory()) {
        report.error(at, BMSG.treeNotDirectory);
        continue;
      }
    } catch (err) {
      report.error(at, BMSG.io(goIoError("stat", base, err)));
      continue;
    }
    const destBase = typeof tree.path === "string" && tree.path !== "" ? tree.path : "/";
    const user = owner(tree.user);
    const group = owner(tree.group);
    const node = (path: string): ConfigValue => ({ ...(group ? { group } : {}), path, ...(user ? { user } : {}) });
    /**
     * The file or link the tree writes at `dest`: one the config already has
     * there (unless it already has its contents or target), or a new one.
     * Anything else at that path is an error.
     */
    const claim = (kind: "files" | "links", dest: string, filled: (n: ConfigValue) => unknown): [number, ConfigValue] | undefined => {
      const found = nodes.get(kind, dest);
      if (found) {
        const value = filled(found[1]);
        if (typeof value === "string" && value !== "") {
          report.error(at, BMSG.nodeExists);
          return undefined;
        }
        return found;
      }
      if (nodes.exists(dest)) {
        report.error(at, BMSG.nodeExists);
        return undefined;
      }
      const created = node(dest);
      const k = nodes.add(kind, created);
      ts.addFromCommonSource(at, ["storage", kind, k], created);
      if (k === 0) ts.add(at, ["storage", kind]);
      return [k, created];
    };
    for (const entry of walk(base)) {
      const dest = goPathJoin(destBase, entry.rel);
      const st = lstatSync(entry.abs);
      if (st.isDirectory()) {
        if (tree.dir_mode === undefined && !user && !group) continue;
        if (nodes.exists(dest)) {
          report.error(at, BMSG.nodeExists);
          continue;
        }
        const dir = { ...node(dest), mode: tree.dir_mode ?? 0o755 };
        const k = nodes.add("directories", dir);
        ts.addFromCommonSource(at, ["storage", "directories", k], dir);
        if (k === 0) ts.add(at, ["storage", "directories"]);
      } else if (st.isFile()) {
        const found = claim("files", dest, (f) => (f.contents as ConfigValue | undefined)?.source);
        if (!found) continue;
        const [k, existing] = found;
        const file: ConfigValue = { ...existing };
        const contents: ConfigValue = { ...((file.contents as ConfigValue | undefined) ?? {}) };
        const url = makeDataURL(readFileSync(entry.abs), contents.compression as string | undefined, !options.noResourceAutoCompression);
        contents.source = url.source;
        ts.add(at, ["storage", "files", k, "contents", "source"]);
        if (url.compression !== undefined) {
          contents.compression = url.compression;
          ts.add(at, ["storage", "files", k, "contents", "compression"]);
        }
        ts.add(at, ["storage", "files", k, "contents"]);
        file.contents = contents;
        if (file.mode === undefined) {
          file.mode = tree.file_mode ?? (st.mode & 0o111 ? 0o755 : 0o644);
          ts.add(at, ["storage", "files", k, "mode"]);
        }
        const files = nodes.list("files").slice();
        files[k] = file;
        storage.files = files;
      } else if (st.isSymbolicLink()) {
        const found = claim("links", dest, (l) => l.target);
        if (!found) continue;
        const [k, existing] = found;
        const links = nodes.list("links").slice();
        links[k] = { ...existing, target: readlinkSync(entry.abs) };
        storage.links = links;
        ts.add(at, ["storage", "links", k, "target"]);
      } else {
        report.error(at, BMSG.fileType);
      }
    }
  }
  return out;
}
