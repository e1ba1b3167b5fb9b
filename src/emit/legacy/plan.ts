/**
 * The part of a validated Ignition config that the legacy targets can carry,
 * as plain data with contents already decoded: what to write, where, owned by
 * whom. Each entry keeps `at`, its Ignition path, so anything a renderer has
 * to refuse is reported at the YAML line that asked for it.
 */

import { LEGACY_MSG } from "../../diagnostics/catalogue/legacy.js";
import type { Diagnostic, PathElement } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/message.js";
import { decodeDataURL } from "../../gocompat/dataurl.js";
import type { GoInt } from "../../gocompat/int.js";
import type { CheckedJson } from "../../ignition/decode.js";
import { crypto, zlib } from "../../lazy-builtins.js";

/** A user or group named by id, by name, or neither (root). */
export interface Owner {
  id?: GoInt;
  name?: string;
}

export interface PlanFile {
  at: PathElement[];
  path: string;
  /** Undefined when the config gives no contents: the file is only ensured to exist. */
  contents?: Uint8Array;
  appends: Uint8Array[];
  mode: number;
  user: Owner;
  group: Owner;
  /** The config's explicit `overwrite`, when it set one. */
  overwrite?: boolean;
}

export interface PlanDirectory {
  at: PathElement[];
  path: string;
  mode: number;
  user: Owner;
  group: Owner;
}

export interface PlanLink {
  at: PathElement[];
  path: string;
  target: string;
  hard: boolean;
  user: Owner;
  group: Owner;
  overwrite?: boolean;
}

export interface PlanUser {
  at: PathElement[];
  name: string;
  uid?: GoInt;
  passwordHash?: string;
  sshAuthorizedKeys: string[];
  gecos?: string;
  homeDir?: string;
  noCreateHome?: boolean;
  primaryGroup?: string;
  groups: string[];
  noUserGroup?: boolean;
  noLogInit?: boolean;
  shell?: string;
  system?: boolean;
}

export interface PlanGroup {
  at: PathElement[];
  name: string;
  gid?: GoInt;
  passwordHash?: string;
  system?: boolean;
}

export interface PlanDropin {
  name: string;
  contents?: string;
}

export interface PlanUnit {
  at: PathElement[];
  name: string;
  contents?: string;
  enabled?: boolean;
  mask?: boolean;
  dropins: PlanDropin[];
}

export interface Plan {
  files: PlanFile[];
  directories: PlanDirectory[];
  links: PlanLink[];
  users: PlanUser[];
  groups: PlanGroup[];
  units: PlanUnit[];
}

type Json = CheckedJson;

const list = (v: unknown): Json[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
/** An id (uid, gid, owner): any int64, a bigint beyond 2^53 (see parseJsonExact). */
const id = (v: unknown): GoInt | undefined => (typeof v === "number" || typeof v === "bigint" ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === "boolean" ? v : undefined);

function owner(v: unknown): Owner {
  const o = (v ?? {}) as Json;
  const ownerId = id(o.id);
  const name = str(o.name);
  return { ...(ownerId !== undefined ? { id: ownerId } : {}), ...(name !== undefined && name !== "" ? { name } : {}) };
}

/** The bytes of an embedded resource; remote sources never reach here (features.ts refuses them). */
function resourceBytes(resource: Json, at: PathElement[], diagnostics: Diagnostic[]): Uint8Array | undefined {
  const source = str(resource.source);
  if (source === undefined) return undefined;
  const decoded = decodeDataURL(source);
  if (!decoded.ok) {
    diagnostics.push(diagnostic("error", LEGACY_MSG.dataUrl(decoded.error), [...at, "source"]));
    return new Uint8Array();
  }
  let bytes: Uint8Array = decoded.data;
  if (resource.compression === "gzip") {
    try {
      bytes = zlib().gunzipSync(bytes);
    } catch (err) {
      diagnostics.push(diagnostic("error", LEGACY_MSG.gzip((err as Error).message), [...at, "compression"]));
      return new Uint8Array();
    }
  }
  const hash = str(resource.verification?.hash);
  if (hash) {
    // Ignition verifies the fetched (still compressed) bytes.
    const dash = hash.indexOf("-");
    const algorithm = hash.slice(0, dash);
    const actual = crypto().createHash(algorithm).update(decoded.data).digest("hex");
    if (actual !== hash.slice(dash + 1).toLowerCase()) {
      diagnostics.push(diagnostic("error", LEGACY_MSG.hashMismatch(algorithm, actual), [...at, "verification", "hash"]));
    }
  }
  return bytes;
}

/** The plan for a config that features.ts has already checked against the target. */
export function buildPlan(config: Json): { plan: Plan; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const storage = (config.storage ?? {}) as Json;
  const passwd = (config.passwd ?? {}) as Json;
  const systemd = (config.systemd ?? {}) as Json;

  const files = list(storage.files).map((f, i): PlanFile => {
    const at = ["storage", "files", i];
    const contents = f.contents ? resourceBytes(f.contents, [...at, "contents"], diagnostics) : undefined;
    const appends = list(f.append).map((a, j) => resourceBytes(a, [...at, "append", j], diagnostics) ?? new Uint8Array());
    return {
      at,
      path: f.path,
      ...(contents !== undefined ? { contents } : {}),
      appends,
      mode: num(f.mode) ?? 0o644,
      user: owner(f.user),
      group: owner(f.group),
      ...(bool(f.overwrite) !== undefined ? { overwrite: f.overwrite } : {}),
    };
  });
  const directories = list(storage.directories).map(
    (d, i): PlanDirectory => ({
      at: ["storage", "directories", i],
      path: d.path,
      mode: num(d.mode) ?? 0o755,
      user: owner(d.user),
      group: owner(d.group),
    }),
  );
  const links = list(storage.links).map(
    (l, i): PlanLink => ({
      at: ["storage", "links", i],
      path: l.path,
      target: str(l.target) ?? "",
      hard: l.hard === true,
      user: owner(l.user),
      group: owner(l.group),
      ...(bool(l.overwrite) !== undefined ? { overwrite: l.overwrite } : {}),
    }),
  );
  const users = list(passwd.users).map(
    (u, i): PlanUser =>
      dropUndefined({
        at: ["passwd", "users", i],
        name: u.name,
        uid: id(u.uid),
        passwordHash: str(u.passwordHash),
        sshAuthorizedKeys: list(u.sshAuthorizedKeys) as unknown as string[],
        gecos: str(u.gecos),
        homeDir: str(u.homeDir),
        noCreateHome: bool(u.noCreateHome),
        primaryGroup: str(u.primaryGroup),
        groups: list(u.groups) as unknown as string[],
        noUserGroup: bool(u.noUserGroup),
        noLogInit: bool(u.noLogInit),
        shell: str(u.shell),
        system: bool(u.system),
      }),
  );
  for (const u of users) checkAccountPaths(u, diagnostics);
  const groups = list(passwd.groups).map(
    (g, i): PlanGroup =>
      dropUndefined({
        at: ["passwd", "groups", i],
        name: g.name,
        gid: id(g.gid),
        passwordHash: str(g.passwordHash),
        system: bool(g.system),
      }),
  );
  const units = list(systemd.units).map(
    (u, i): PlanUnit =>
      dropUndefined({
        at: ["systemd", "units", i],
        name: u.name,
        contents: str(u.contents),
        enabled: bool(u.enabled),
        mask: bool(u.mask),
        dropins: list(u.dropins).map((d) => dropUndefined({ name: d.name, contents: str(d.contents) })),
      }),
  );
  return { plan: { files, directories, links, users, groups, units }, diagnostics };
}

/**
 * useradd refuses a home directory or shell that is not an absolute path (a
 * shell may also be empty or start with '*'); Ignition's validation lets them
 * through and the machine fails at boot, so every legacy target refuses them
 * here instead.
 */
function checkAccountPaths(u: PlanUser, diagnostics: Diagnostic[]): void {
  if (u.homeDir !== undefined && !u.homeDir.startsWith("/")) {
    diagnostics.push(diagnostic("error", LEGACY_MSG.homeNotAbsolute(u.homeDir, u.name), [...u.at, "homeDir"]));
  }
  if (u.shell !== undefined && u.shell !== "" && !u.shell.startsWith("/") && !u.shell.startsWith("*")) {
    diagnostics.push(diagnostic("error", LEGACY_MSG.shellNotAbsolute(u.shell), [...u.at, "shell"]));
  }
}

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * A file with contents and appends is written whole: its contents followed by
 * every append (what Ignition leaves on a fresh root). Undefined when the file
 * has no contents of its own, so appends go to whatever is already there.
 */
export function finalContents(file: PlanFile): Uint8Array | undefined {
  if (file.contents === undefined) return undefined;
  return file.appends.length ? Buffer.concat([file.contents, ...file.appends]) : file.contents;
}
