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
import { BMSG } from "../../diagnostics/catalogue/butane.js";
import type { PathElement } from "../../diagnostics/diagnostic.js";
import { Report } from "../../diagnostics/report.js";
import { goGzipBestAll, PARALLEL_FROM } from "../../gocompat/flate/gzip-pool.js";
import { goPathJoin } from "../../gocompat/path.js";
import type { ConfigValue } from "../../ignition/decode.js";
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
      this.list(kind).forEach((n, i) => {
        this.index[kind].set(String(n.path ?? ""), i);
      });
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

/** The tree's local directory, or undefined after reporting why it cannot be walked. */
function treeRoot(tree: ConfigValue, filesDir: string, at: PathElement[], report: TranslateContext["report"]): string | undefined {
  const base = joinFilesDir(filesDir, String(tree.local ?? ""));
  if (!withinFilesDir(base, filesDir)) {
    report.error(at, BMSG.filesDirEscape);
    return undefined;
  }
  try {
    if (!statSync(base).isDirectory()) {
      report.error(at, BMSG.treeNotDirectory);
      return undefined;
    }
  } catch (err) {
    report.error(at, BMSG.io(goIoError("stat", base, err)));
    return undefined;
  }
  return base;
}

/** Writes one tree's nodes into the output storage, recording where each came from. */
class TreeWriter {
  private readonly user: ConfigValue | undefined;
  private readonly group: ConfigValue | undefined;

  constructor(
    private readonly tree: ConfigValue,
    private readonly at: PathElement[],
    private readonly storage: ConfigValue,
    private readonly nodes: NodeTracker,
    private readonly ctx: TranslateContext,
    private readonly ahead: Map<string, Ahead>,
  ) {
    this.user = owner(tree.user);
    this.group = owner(tree.group);
  }

  /** The node's identity: its path and the tree's owner and group. */
  private node(path: string): ConfigValue {
    const { user, group } = this;
    return { ...(group ? { group } : {}), path, ...(user ? { user } : {}) };
  }

  /** Appends a new node of `kind`, with its translation entries; returns its index. */
  private append(kind: Kind, node: ConfigValue): number {
    const k = this.nodes.add(kind, node);
    this.ctx.ts.addFromCommonSource(this.at, ["storage", kind, k], node);
    if (k === 0) this.ctx.ts.add(this.at, ["storage", kind]);
    return k;
  }

  /**
   * The file or link the tree writes at `dest`: one the config already has
   * there (unless it already has its contents or target), or a new one.
   * Anything else at that path is an error.
   */
  private claim(kind: "files" | "links", dest: string, filled: (n: ConfigValue) => unknown): [number, ConfigValue] | undefined {
    const found = this.nodes.get(kind, dest);
    if (found) {
      const value = filled(found[1]);
      if (typeof value === "string" && value !== "") {
        this.ctx.report.error(this.at, BMSG.nodeExists);
        return undefined;
      }
      return found;
    }
    if (this.nodes.exists(dest)) {
      this.ctx.report.error(this.at, BMSG.nodeExists);
      return undefined;
    }
    const created = this.node(dest);
    return [this.append(kind, created), created];
  }

  directory(dest: string): void {
    const { tree } = this;
    if (tree.dir_mode === undefined && !this.user && !this.group) return;
    if (this.nodes.exists(dest)) {
      this.ctx.report.error(this.at, BMSG.nodeExists);
      return;
    }
    this.append("directories", { ...this.node(dest), mode: tree.dir_mode ?? 0o755 });
  }

  file(dest: string, abs: string, executable: boolean): void {
    const found = this.claim("files", dest, (f) => (f.contents as ConfigValue | undefined)?.source);
    if (!found) return;
    const [k, existing] = found;
    const { ts, options } = this.ctx;
    const at = this.at;
    const file: ConfigValue = { ...existing };
    const contents: ConfigValue = { ...((file.contents as ConfigValue | undefined) ?? {}) };
    const pre = this.ahead.get(abs);
    const url = makeDataURL(
      pre?.bytes ?? readFileSync(abs),
      contents.compression as string | undefined,
      !options.noResourceAutoCompression,
      pre?.gz,
    );
    contents.source = url.source;
    ts.add(at, ["storage", "files", k, "contents", "source"]);
    if (url.compression !== undefined) {
      contents.compression = url.compression;
      ts.add(at, ["storage", "files", k, "contents", "compression"]);
    }
    ts.add(at, ["storage", "files", k, "contents"]);
    file.contents = contents;
    if (file.mode === undefined) {
      file.mode = this.tree.file_mode ?? (executable ? 0o755 : 0o644);
      ts.add(at, ["storage", "files", k, "mode"]);
    }
    const files = this.nodes.list("files").slice();
    files[k] = file;
    this.storage.files = files;
  }

  link(dest: string, abs: string): void {
    const found = this.claim("links", dest, (l) => l.target);
    if (!found) return;
    const [k, existing] = found;
    const links = this.nodes.list("links").slice();
    links[k] = { ...existing, target: readlinkSync(abs) };
    this.storage.links = links;
    this.ctx.ts.add(this.at, ["storage", "links", k, "target"]);
  }
}

export function processTrees(source: ConfigValue, config: ConfigValue, ctx: TranslateContext): ConfigValue {
  const trees = ((source.storage as ConfigValue | undefined)?.trees as ConfigValue[] | undefined) ?? [];
  if (trees.length === 0) return config;
  const storage: ConfigValue = { ...((config.storage as ConfigValue | undefined) ?? {}) };
  const out: ConfigValue = { ...config, storage };
  const nodes = new NodeTracker(storage);
  const ahead = compressAhead(trees, ctx);
  for (let i = 0; i < trees.length; i++) {
    const tree = trees[i] ?? {};
    const at: PathElement[] = ["storage", "trees", i];
    const { filesDir } = ctx.options;
    if (!filesDir) {
      ctx.report.error(at, BMSG.noFilesDir);
      break;
    }
    const base = treeRoot(tree, filesDir, at, ctx.report);
    if (base === undefined) continue;
    const writer = new TreeWriter(tree, at, storage, nodes, ctx, ahead);
    const destBase = typeof tree.path === "string" && tree.path !== "" ? tree.path : "/";
    for (const entry of walk(base)) {
      const dest = goPathJoin(destBase, entry.rel);
      const st = lstatSync(entry.abs);
      if (st.isDirectory()) writer.directory(dest);
      else if (st.isFile()) writer.file(dest, entry.abs, (st.mode & 0o111) !== 0);
      else if (st.isSymbolicLink()) writer.link(dest, entry.abs);
      else ctx.report.error(at, BMSG.fileType);
    }
  }
  return out;
}

/** A tree file's bytes and their gzip, computed before the walk that uses them. */
interface Ahead {
  bytes: Uint8Array;
  gz: Uint8Array;
}

/**
 * When the trees hold enough bytes, reads every regular file in them and
 * gzips them all on every core (goGzipBestAll) before the walk that builds
 * the output, which then only looks the results up: same bytes, same order.
 * Diagnostics are left to that walk; a file that cannot be read here is
 * simply read (and fails) there as before.
 */
function compressAhead(trees: ConfigValue[], ctx: TranslateContext): Map<string, Ahead> {
  const ahead = new Map<string, Ahead>();
  const { filesDir, noResourceAutoCompression } = ctx.options;
  if (!filesDir || noResourceAutoCompression) return ahead;
  const paths: string[] = [];
  const seen = new Set<string>();
  const inputs: Uint8Array[] = [];
  let total = 0;
  for (const tree of trees) {
    const base = treeRoot(tree ?? {}, filesDir, [], new Report());
    if (base === undefined) continue;
    for (const entry of walk(base)) {
      try {
        if (seen.has(entry.abs) || !lstatSync(entry.abs).isFile()) continue;
        seen.add(entry.abs);
        const bytes = readFileSync(entry.abs);
        paths.push(entry.abs);
        inputs.push(bytes);
        total += bytes.length;
      } catch {
        // Read (and reported) by the walk that builds the output.
      }
    }
  }
  if (total < PARALLEL_FROM) return ahead;
  const gz = goGzipBestAll(inputs);
  for (let i = 0; i < paths.length; i++) ahead.set(paths[i]!, { bytes: inputs[i]!, gz: gz[i]! });
  return ahead;
}
