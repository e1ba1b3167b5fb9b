/**
 * Reading `local` files: paths are relative to the files directory given
 * with -d/--files-dir and may not leave it (checked lexically, as Butane does;
 * links are not resolved). Errors read like Go's ("open files/a.conf: no such
 * file or directory").
 */
import { readFileSync, statSync } from "node:fs";
import { join, normalize, resolve, sep } from "node:path";

export const NO_FILES_DIR = "local file paths are relative to a files directory that must be specified with -d/--files-dir";
export const OUTSIDE_FILES_DIR = "local file path traverses outside the files directory";

export type LocalRead = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** Go's filepath.Join: joins and cleans. */
export function joinFilesDir(filesDir: string, local: string): string {
  return normalize(join(filesDir, local)).replace(/\/$/, "") || ".";
}

export function withinFilesDir(path: string, filesDir: string): boolean {
  const abs = resolve(path);
  const dir = resolve(filesDir);
  return abs === dir || abs.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

const REASONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EISDIR: "is a directory",
  ENOTDIR: "not a directory",
};

export function goIoError(op: string, path: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return `${op} ${path}: ${(e.code && REASONS[e.code]) ?? e.message}`;
}

/** Resolves `local` inside the files directory, or explains why it cannot. */
export function localPath(local: string, filesDir: string | undefined): { ok: true; path: string } | { ok: false; error: string } {
  if (!filesDir) return { ok: false, error: NO_FILES_DIR };
  const path = joinFilesDir(filesDir, local);
  if (!withinFilesDir(path, filesDir)) return { ok: false, error: OUTSIDE_FILES_DIR };
  return { ok: true, path };
}

export function readLocalFile(local: string, filesDir: string | undefined): LocalRead {
  const p = localPath(local, filesDir);
  if (!p.ok) return p;
  try {
    if (statSync(p.path).isDirectory()) return { ok: false, error: `read ${p.path}: is a directory` };
    return { ok: true, bytes: readFileSync(p.path) };
  } catch (err) {
    return { ok: false, error: goIoError("open", p.path, err) };
  }
}
