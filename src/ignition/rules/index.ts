/**
 * The rule table: for each struct of the spec (by definition name) the checks
 * Ignition's `Validate(path)` applies to it, in Ignition's order. A struct
 * that only exists in some spec versions only meets configs of those
 * versions; rules that differ between versions ask `ctx.version` or the
 * version's schema.
 */

import { MSG } from "../../diagnostics/catalogue/ignition.js";
import { parseSemver } from "../../gocompat/semver.js";
import type { ConfigValue } from "../decode.js";
import { specForSemver } from "../versions.js";
import type { Path, RuleContext, ScalarRule, StructRule } from "./context.js";
import { disk, partition } from "./disks.js";
import { filesystem } from "./filesystems.js";
import { clevisCustom, customV32, luks, tang } from "./luks.js";
import { directory, file, link, owner } from "./nodes.js";
import { device } from "./paths.js";
import { proxy } from "./proxy.js";
import { raid } from "./raid.js";
import { caReference, configReference, fileContents, httpHeader, ignitionConfig, resource, tls, verification } from "./resources.js";
import { storage } from "./storage.js";
import { configPathConflicts, dropin, systemd, unit } from "./systemd.js";

function ignitionVersion(value: ConfigValue, path: Path, ctx: RuleContext): void {
  const parsed = parseSemver(typeof value.version === "string" ? value.version : "");
  if (!parsed) return ctx.report.error([...path, "version"], MSG.invalidVersion);
  if (specForSemver(parsed) !== ctx.version) ctx.report.error([...path, "version"], MSG.unknownVersion);
}

export const STRUCT_RULES: Readonly<Record<string, readonly StructRule[]>> = {
  Config: [configPathConflicts],
  Ignition: [ignitionVersion],
  IgnitionConfig: [ignitionConfig],
  TLS: [tls],
  Proxy: [proxy],
  Resource: [resource],
  FileContents: [fileContents],
  ConfigReference: [configReference],
  CaReference: [caReference],
  Verification: [verification],
  HTTPHeader: [httpHeader],
  Storage: [storage],
  Directory: [directory],
  File: [file],
  Link: [link],
  NodeUser: [owner],
  NodeGroup: [owner],
  Disk: [disk],
  Partition: [partition],
  Filesystem: [filesystem],
  Raid: [raid],
  Luks: [luks],
  Custom: [customV32],
  ClevisCustom: [clevisCustom],
  Tang: [tang],
  Systemd: [systemd],
  Unit: [unit],
  Dropin: [dropin],
};

/** Rules for elements of named scalar slices, by Go type. */
export const SCALAR_RULES: Readonly<Record<string, readonly ScalarRule[]>> = {
  Device: [device],
};
