/**
 * coreos-cloudinit's `#cloud-config` (Container Linux before Ignition):
 * hostname, ssh_authorized_keys, users, write_files and coreos.{update,
 * locksmith, units}. features.ts has refused what this dialect lacks
 * (directories, links, groups, uid, appends, disabling units, ...).
 */

import { LEGACY_MSG } from "../../diagnostics/catalogue/legacy.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/message.js";
import { cloudConfigDocument, contentsOf, encodeContent, liftedHostname, modeString, ownerString, userFields } from "./common.js";
import type { Plan, PlanFile, PlanUnit, PlanUser } from "./plan.js";

type Doc = Record<string, unknown>;

/** update.conf keys coreos-cloudinit carries as coreos.update / coreos.locksmith fields. */
const UPDATE_KEYS: Record<string, ["update" | "locksmith", string]> = {
  REBOOT_STRATEGY: ["update", "reboot_strategy"],
  GROUP: ["update", "group"],
  SERVER: ["update", "server"],
  LOCKSMITHD_ENDPOINT: ["locksmith", "endpoint"],
  LOCKSMITHD_ETCD_CAFILE: ["locksmith", "etcd_cafile"],
  LOCKSMITHD_ETCD_CERTFILE: ["locksmith", "etcd_certfile"],
  LOCKSMITHD_ETCD_KEYFILE: ["locksmith", "etcd_keyfile"],
  LOCKSMITHD_GROUP: ["locksmith", "group"],
  LOCKSMITHD_REBOOT_WINDOW_START: ["locksmith", "window_start"],
  LOCKSMITHD_REBOOT_WINDOW_LENGTH: ["locksmith", "window_length"],
};
const REBOOT_STRATEGIES = new Set(["best-effort", "etcd-lock", "reboot", "off"]);

/**
 * coreos.update and coreos.locksmith from a plainly written
 * /etc/coreos/update.conf: every line a known KEY=value, nothing else, so
 * nothing in the file is lost by lifting it.
 */
function liftUpdateConf(plan: Plan): { file: PlanFile; update: Doc; locksmith: Doc } | undefined {
  const file = plan.files.find((f) => f.path === "/etc/coreos/update.conf");
  if (!file || file.contents === undefined || file.mode !== 0o644 || ownerString(file)) return undefined;
  const text = Buffer.from(contentsOf(file)).toString("utf8");
  const update: Doc = {};
  const locksmith: Doc = {};
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const m = /^([A-Z_]+)=([^"'\s#$\\`](?:[^"'#$\\`]*[^"'\s#$\\`])?)$/.exec(line);
    const key = m && UPDATE_KEYS[m[1]];
    if (!m || !key) return undefined;
    const [section, field] = key;
    if (field === "reboot_strategy" && !REBOOT_STRATEGIES.has(m[2])) return undefined;
    const into = section === "update" ? update : locksmith;
    if (field in into) return undefined;
    into[field] = m[2];
  }
  return { file, update, locksmith };
}

function writeFile(file: PlanFile): Doc {
  const { content, encoding } = encodeContent(contentsOf(file));
  const owner = ownerString(file);
  return {
    path: file.path,
    ...(owner ? { owner } : {}),
    permissions: modeString(file.mode),
    ...(encoding ? { encoding } : {}),
    content,
  };
}

function user(u: PlanUser): Doc {
  return {
    name: u.name,
    ...(u.passwordHash !== undefined ? { passwd: u.passwordHash } : {}),
    ...userFields(u),
    ...(u.sshAuthorizedKeys.length ? { ssh_authorized_keys: u.sshAuthorizedKeys } : {}),
  };
}

function unit(u: PlanUnit): Doc {
  const dropins = u.dropins.map((d) => ({ name: d.name, content: d.contents ?? "" }));
  return {
    name: u.name,
    ...(u.contents !== undefined ? { content: u.contents } : {}),
    ...(dropins.length ? { "drop-ins": dropins } : {}),
    ...(u.mask ? { mask: true } : {}),
    ...(u.enabled ? { enable: true, command: "start" } : {}),
  };
}

/** What coreos-cloudinit applies to a user that already exists, as core always does on Container Linux. */
const APPLIED_TO_EXISTING = new Set(["at", "name", "passwordHash", "sshAuthorizedKeys"]);
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());

export function renderCloudConfig(plan: Plan): { output: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const hostname = liftedHostname(plan);
  const updateConf = liftUpdateConf(plan);
  const lifted = new Set([hostname?.file, updateConf?.file]);

  // The core user with nothing but keys is what the top-level key is for.
  const keysOnly = (u: PlanUser) =>
    u.name === "core" &&
    Object.keys(u).every((k) => k === "at" || k === "name" || k === "sshAuthorizedKeys" || (k === "groups" && u.groups.length === 0));
  const coreKeys = plan.users.filter(keysOnly).flatMap((u) => u.sshAuthorizedKeys);
  const users = plan.users.filter((u) => !keysOnly(u));
  for (const u of users.filter((u) => u.name === "core")) {
    for (const k of Object.keys(u)) {
      if (APPLIED_TO_EXISTING.has(k) || (k === "groups" && !u.groups.length)) continue;
      diagnostics.push(diagnostic("warning", LEGACY_MSG.existingUser(snake(k)), [...u.at, k]));
    }
  }

  const doc: Doc = {};
  if (hostname) doc.hostname = hostname.hostname;
  if (coreKeys.length) doc.ssh_authorized_keys = coreKeys;
  if (users.length) doc.users = users.map(user);
  const files = plan.files.filter((f) => !lifted.has(f));
  if (files.length) doc.write_files = files.map(writeFile);
  const coreos: Doc = {};
  if (updateConf && Object.keys(updateConf.update).length) coreos.update = updateConf.update;
  if (updateConf && Object.keys(updateConf.locksmith).length) coreos.locksmith = updateConf.locksmith;
  if (plan.units.length) coreos.units = plan.units.map(unit);
  if (Object.keys(coreos).length) doc.coreos = coreos;
  return { output: cloudConfigDocument(doc), diagnostics };
}
