/**
 * What each legacy target can carry, as one table: every Ignition feature,
 * how each target supports it (yes, approximately through generated
 * commands, or not at all), and where in a config the feature is used. The
 * same table refuses what a target cannot express (an error at the YAML line
 * that asked for it, naming the target) and writes the README's matrix.
 */

import { LEGACY_MSG } from "../../diagnostics/catalogue/legacy.js";
import type { Diagnostic, PathElement } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/message.js";
import type { CheckedJson } from "../../ignition/decode.js";

export const LEGACY_TARGETS = ["cloud-config", "cloud-init", "script"] as const;
export type LegacyTarget = (typeof LEGACY_TARGETS)[number];

export const TARGET_TITLES: Record<LegacyTarget, string> = {
  "cloud-config": "cloud-config (coreos-cloudinit)",
  "cloud-init": "cloud-init",
  script: "the script target",
};

/** yes: carried as such; approx: through generated commands (runcmd); no: refused. */
export type Support = "yes" | "approx" | "no";

type Json = CheckedJson;

export interface Feature {
  /** The Ignition feature, as the README lists it and as errors name it. */
  what: string;
  support: Record<LegacyTarget, Support>;
  /** How to get the same result without the feature (shown with the error). */
  hint?: string;
  /** README note on how the supported targets carry it. */
  note?: string;
  /** Every place the config uses the feature. */
  find(config: Json): PathElement[][];
}

const list = (v: unknown): Json[] => (Array.isArray(v) ? v : []);
const isSet = (v: unknown): boolean =>
  v !== undefined &&
  v !== null &&
  v !== "" &&
  !(Array.isArray(v) && v.length === 0) &&
  !(typeof v === "object" && !Array.isArray(v) && Object.values(v as object).every((x) => !isSet(x)));

/** Paths of the entries of an array at `base` that satisfy `test` (optionally extended by `suffix`). */
function entries(config: Json, base: string[], test: (e: Json) => boolean = () => true, suffix: PathElement[] = []): PathElement[][] {
  return list(dig(config, base)).flatMap((e, i) => (test(e) ? [[...base, i, ...suffix]] : []));
}

function at(config: Json, path: string[]): PathElement[][] {
  return isSet(dig(config, path)) ? [path] : [];
}

/** The value at `path` under `v`, or undefined where the path leaves the objects. */
function dig(v: unknown, path: readonly string[]): unknown {
  for (const k of path) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

const isEmbedded = (resource: Json | undefined): boolean =>
  !resource || resource.source == null || String(resource.source).startsWith("data:");
/** An integer as parseJsonExact gives it: a number, or a bigint beyond 2^53. */
const isInt = (v: unknown): boolean => typeof v === "number" || typeof v === "bigint";
const ownerById = (o: Json | undefined): boolean => isInt(o?.id) && o!.id !== 0 && !o?.name;
const all = (s: Support): Record<LegacyTarget, Support> => ({ "cloud-config": s, "cloud-init": s, script: s });
const support = (cc: Support, ci: Support, script: Support): Record<LegacyTarget, Support> => ({
  "cloud-config": cc,
  "cloud-init": ci,
  script,
});

const REMOTE_HINT = "embed the contents instead (contents.local or contents.inline), or fetch it from a unit at boot";

export const FEATURES: Feature[] = [
  {
    what: "ignition.config merge/replace",
    support: all("no"),
    hint: "merge the configs into this one before transpiling",
    find: (c) => [
      ...entries(c, ["ignition", "config", "merge"]),
      ...at(c, ["ignition", "config", "replace", "source"]).map(() => ["ignition", "config", "replace"]),
    ],
  },
  {
    what: "ignition.timeouts",
    support: all("no"),
    hint: "remove it: these targets fetch nothing at boot",
    find: (c) => at(c, ["ignition", "timeouts"]),
  },
  {
    what: "ignition.security.tls",
    support: all("no"),
    hint: "remove it: these targets fetch nothing at boot; install CA certificates as files",
    find: (c) => entries(c, ["ignition", "security", "tls", "certificateAuthorities"]),
  },
  {
    what: "ignition.proxy",
    support: all("no"),
    hint: "remove it: these targets fetch nothing at boot",
    find: (c) => at(c, ["ignition", "proxy"]),
  },
  {
    what: "kernel_arguments",
    support: all("no"),
    hint: "set kernel arguments in the boot loader configuration of the image or the PXE profile",
    find: (c) => [...entries(c, ["kernelArguments", "shouldExist"]), ...entries(c, ["kernelArguments", "shouldNotExist"])],
  },
  {
    what: "storage.disks (partitioning)",
    support: all("no"),
    hint: "partition the disk when building the image or from a unit you write",
    find: (c) => entries(c, ["storage", "disks"]),
  },
  {
    what: "storage.raid",
    support: all("no"),
    hint: "assemble the array when building the image or from a unit you write",
    find: (c) => entries(c, ["storage", "raid"]),
  },
  {
    what: "storage.luks",
    support: all("no"),
    hint: "set up encryption when building the image; no legacy agent can do it at first boot",
    find: (c) => entries(c, ["storage", "luks"]),
  },
  {
    what: "storage.filesystems (creating and mounting)",
    support: all("no"),
    hint: "create the filesystem in the image and mount it with a .mount unit in systemd.units",
    find: (c) => entries(c, ["storage", "filesystems"]),
  },
  {
    what: "file contents from a remote source (http, https, tftp, s3, gs, arn)",
    support: all("no"),
    hint: REMOTE_HINT,
    find: (c) => [
      ...entries(c, ["storage", "files"], (f) => !isEmbedded(f.contents), ["contents", "source"]),
      ...list(c.storage?.files).flatMap((f, i) =>
        list(f.append).flatMap((a, j) => (isEmbedded(a) ? [] : [["storage", "files", i, "append", j, "source"]])),
      ),
    ],
  },
  {
    what: "embedded file contents (inline, local, data URLs, gzip)",
    support: all("yes"),
    note: "decoded at transpile time; verification hashes are checked then",
    find: () => [],
  },
  {
    what: "storage.files append",
    support: support("no", "yes", "yes"),
    hint: "write the whole file with contents instead",
    note: "cloud-init: `append: true` entries; a file with contents is written whole",
    find: (c) => list(c.storage?.files).flatMap((f, i) => list(f.append).map((_, j) => ["storage", "files", i, "append", j])),
  },
  {
    what: "overwrite: false on files and links",
    support: support("no", "no", "yes"),
    hint: "remove `overwrite: false`: this target always replaces what is at the path",
    note: "script: an existing file with other contents stops the script",
    find: (c) => [
      ...entries(c, ["storage", "files"], (f) => f.overwrite === false && f.contents?.source != null, ["overwrite"]),
      ...entries(c, ["storage", "links"], (l) => l.overwrite === false, ["overwrite"]),
    ],
  },
  {
    what: "files under /usr",
    support: support("no", "yes", "yes"),
    hint: "/usr is read-only on Container Linux; write the file under /etc or /opt",
    find: (c) => entries(c, ["storage", "files"], (f) => f.path === "/usr" || String(f.path).startsWith("/usr/"), ["path"]),
  },
  {
    what: "file mode",
    support: all("yes"),
    find: () => [],
  },
  {
    what: "file owner by name",
    support: all("yes"),
    note: "cloud-init: written in the final stage (`defer`) so users exist first",
    find: () => [],
  },
  {
    what: "file owner by id",
    support: support("yes", "approx", "yes"),
    note: "cloud-init resolves owners by name only: `runcmd` chown",
    find: (c) => [
      ...entries(c, ["storage", "files"], (f) => ownerById(f.user), ["user"]),
      ...entries(c, ["storage", "files"], (f) => ownerById(f.group), ["group"]),
    ],
  },
  {
    what: "storage.directories",
    support: support("no", "approx", "yes"),
    hint: "coreos-cloudinit only creates parent directories (0755, root); drop the entry or use another target",
    note: "cloud-init: `runcmd` mkdir, chmod, chown",
    find: (c) => entries(c, ["storage", "directories"]),
  },
  {
    what: "storage.links (symbolic and hard)",
    support: support("no", "approx", "yes"),
    hint: "coreos-cloudinit cannot make links; create it from a unit or use another target",
    note: "cloud-init: `runcmd` ln",
    find: (c) => entries(c, ["storage", "links"]),
  },
  {
    what: "systemd units and drop-ins",
    support: support("yes", "approx", "yes"),
    note: "cloud-init: written with `write_files`, then `runcmd` systemctl daemon-reload",
    find: () => [],
  },
  {
    what: "unit enabled: true",
    support: support("yes", "approx", "yes"),
    note: "cloud-config: `enable` and `command: start`; cloud-init: `runcmd` systemctl enable, start --no-block",
    find: () => [],
  },
  {
    what: "unit enabled: false",
    support: support("no", "approx", "yes"),
    hint: "coreos-cloudinit cannot disable a unit; mask it instead",
    note: "cloud-init: `runcmd` systemctl disable",
    find: (c) => entries(c, ["systemd", "units"], (u) => u.enabled === false, ["enabled"]),
  },
  {
    what: "unit mask",
    support: support("yes", "approx", "yes"),
    note: "cloud-init: `runcmd` systemctl mask",
    find: () => [],
  },
  {
    what: "mount units",
    support: all("yes"),
    note: "cloud-init: a plain mount unit becomes a `mounts` row",
    find: () => [],
  },
  {
    what: "users: name, password hash, SSH keys, gecos, home, shell, groups, system, no_create_home, no_user_group, no_log_init",
    support: all("yes"),
    note: "cloud-init: `lock_passwd: false` with a password hash",
    find: () => [],
  },
  {
    what: "sudoers.d rules for the config's users",
    support: all("yes"),
    note: "cloud-init: each user's `sudo`, when the file holds only their rules",
    find: () => [],
  },
  {
    what: "user uid",
    support: support("no", "yes", "yes"),
    hint: "coreos-cloudinit lets useradd pick the uid; drop `uid` or use another target",
    find: (c) => entries(c, ["passwd", "users"], (u) => isInt(u.uid), ["uid"]),
  },
  {
    what: "user should_exist: false",
    support: all("no"),
    hint: "remove the user when building the image",
    find: (c) => entries(c, ["passwd", "users"], (u) => u.shouldExist === false, ["shouldExist"]),
  },
  {
    what: "passwd.groups",
    support: support("no", "yes", "yes"),
    hint: "coreos-cloudinit cannot create groups; use another target",
    find: (c) => entries(c, ["passwd", "groups"]),
  },
  {
    what: "group gid, password hash or system",
    support: support("no", "no", "yes"),
    hint: "cloud-init creates groups by name only; drop `gid`, `password_hash` and `system` or use the script target",
    find: (c) => [
      ...entries(c, ["passwd", "groups"], (g) => isInt(g.gid), ["gid"]),
      ...entries(c, ["passwd", "groups"], (g) => g.passwordHash != null, ["passwordHash"]),
      ...entries(c, ["passwd", "groups"], (g) => g.system === true, ["system"]),
    ],
  },
  {
    what: "group should_exist: false",
    support: all("no"),
    hint: "remove the group when building the image",
    find: (c) => entries(c, ["passwd", "groups"], (g) => g.shouldExist === false, ["shouldExist"]),
  },
  {
    what: "/etc/hostname",
    support: all("yes"),
    note: "cloud-config, cloud-init: `hostname`; script: the file, and the running hostname",
    find: () => [],
  },
  {
    what: "/etc/coreos/update.conf (update and locksmith settings)",
    support: all("yes"),
    note: "cloud-config: `coreos.update` and `coreos.locksmith`; others: the file",
    find: () => [],
  },
];

/** An error for each use of a feature the target cannot express, at the Ignition path that uses it. */
export function unsupportedFeatures(config: Json, target: LegacyTarget): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const feature of FEATURES) {
    if (feature.support[target] !== "no") continue;
    for (const path of feature.find(config)) {
      out.push(diagnostic("error", LEGACY_MSG.unsupported(TARGET_TITLES[target], feature.what, feature.hint), path));
    }
  }
  return out;
}

/** A refused entry says it all: nothing more about the fields inside it. */
export function withoutNested(refusals: Diagnostic[]): Diagnostic[] {
  const key = (p: PathElement[]) => p.join("\u0000");
  const refused = new Set(refusals.map((d) => key(d.path)));
  // Each path's proper prefixes looked up (paths are short), not every refusal against every other.
  return refusals.filter((d) => !d.path.some((_, n) => n > 0 && refused.has(key(d.path.slice(0, n)))));
}

const MARK: Record<Support, string> = { yes: "✓", approx: "≈", no: "✗" };

/** The README's feature × target matrix (markdown). */
export function featureTable(): string {
  const rows = [
    `| Ignition feature | ${LEGACY_TARGETS.join(" | ")} | how |`,
    `|---|${LEGACY_TARGETS.map(() => ":-:").join("|")}|---|`,
    ...FEATURES.map((f) => `| ${f.what} | ${LEGACY_TARGETS.map((t) => MARK[f.support[t]]).join(" | ")} | ${f.note ?? f.hint ?? ""} |`),
  ];
  return rows.join("\n") + "\n";
}
