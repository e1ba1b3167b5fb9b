/**
 * Butane's own checks on the source config (its `Validate(path)` methods),
 * run before translation: one way of giving contents, modes that look like
 * decimal mistakes, mount units that name what they mount, trees with a
 * local directory, and merged configs that are themselves valid.
 */

import { BMSG } from "../diagnostics/catalogue/butane.js";
import type { PathElement } from "../diagnostics/diagnostic.js";
import type { Report } from "../diagnostics/report.js";
import { type GoInt, goIntCompare } from "../gocompat/int.js";
import type { ConfigValue } from "../ignition/decode.js";
import type { SpecVersion } from "../ignition/versions.js";
import { templateOf } from "../translate/sugar/quadlets.js";
import { validateChildConfig } from "./child-config.js";
import { swapUnits } from "./registry.js";
import type { ButaneSchema } from "./schema.js";

export interface ButaneRuleContext {
  schema: ButaneSchema;
  target: SpecVersion;
  report: Report;
}
export type ButaneRule = (value: ConfigValue, path: PathElement[], ctx: ButaneRuleContext) => void;

const has = (v: unknown) => v !== undefined && v !== null;

function resource(value: ConfigValue, path: PathElement[], ctx: ButaneRuleContext): void {
  let field = "";
  let sources = 0;
  for (const f of ["local", "inline", "source"]) {
    if (has(value[f])) {
      sources++;
      field = f;
    }
  }
  if (sources > 1) return ctx.report.error([...path, field], BMSG.tooManySources("inline, local, source"));
  if (field === "inline" && path[0] === "ignition" && path[1] === "config") {
    validateChildConfig(Buffer.from(value.inline as string, "utf8"), path, ctx.target, ctx.report);
  }
}

/** A mode whose decimal digits make a typical octal mode was probably meant as octal. */
export function looksDecimal(mode: GoInt, directory: boolean): boolean {
  if (goIntCompare(mode, 0) < 0 || goIntCompare(mode, 7777) > 0) return false;
  const m = Number(mode);
  let octal = 0;
  for (let divisor = 1000; divisor > 0; divisor = Math.floor(divisor / 10)) {
    const digit = Math.floor(m / divisor) % 10;
    if (digit > 7) return false;
    octal = (octal << 3) | digit;
  }
  return !isTypicalMode(m, directory) && isTypicalMode(octal, directory);
}

function isTypicalMode(mode: number, directory: boolean): boolean {
  if (mode === 0) return true;
  let hadR = false;
  let hadW = false;
  let hadX = false;
  for (const perm of [mode & 7, (mode >> 3) & 7, (mode >> 6) & 7]) {
    const r = (perm & 4) !== 0;
    const w = (perm & 2) !== 0;
    const x = (perm & 1) !== 0;
    if ((!r && hadR) || (!w && hadW) || (!x && hadX)) return false;
    if (x && hadR && !hadX) return false;
    if ((w || x) && !r) return false;
    hadR ||= r;
    hadW ||= w;
    hadX ||= x;
  }
  if (!hadR) return false;
  if (directory) {
    if (!hadX || mode & 0o4000) return false;
    if (mode & 0o3000 && !hadW) return false;
  } else {
    if (mode & 0o6000 && (!hadX || mode & 2)) return false;
    if (mode & 0o1000) return false;
  }
  return true;
}

const modeRule =
  (directory: boolean): ButaneRule =>
  (value, path, ctx) => {
    if (has(value.mode) && looksDecimal(value.mode as GoInt, directory)) ctx.report.warn([...path, "mode"], BMSG.decimalMode);
  };

/**
 * A mount unit needs what it mounts. Swap units (base v0_4, fcos 1.4) need no
 * path, and from then on the path is only checked once there is a format;
 * before, both are required and reported independently.
 */
function filesystem(value: ConfigValue, path: PathElement[], ctx: ButaneRuleContext): void {
  if (value.with_mount_unit !== true) return;
  const format = value.format as string | undefined;
  if (!swapUnits(ctx.schema.spec.base)) {
    if (!value.path) ctx.report.error([...path, "path"], BMSG.mountUnitNoPath);
    if (!format) ctx.report.error([...path, "format"], BMSG.mountUnitNoFormat);
  } else if (!format) ctx.report.error([...path, "format"], BMSG.mountUnitNoFormat);
  else if (format !== "swap" && !value.path) ctx.report.error([...path, "path"], BMSG.mountUnitNoPath);
}

function tree(value: ConfigValue, path: PathElement[], ctx: ButaneRuleContext): void {
  if (!value.local) ctx.report.error(path, BMSG.treeLocalRequired);
}

function systemdSources(value: ConfigValue, path: PathElement[], ctx: ButaneRuleContext): void {
  if (has(value.contents_local) && has(value.contents)) ctx.report.error([...path, "contents_local"], BMSG.tooManySystemdSources);
}

const QUADLET_TYPES = [".container", ".volume", ".network", ".kube", ".image", ".build", ".pod", ".artifact"];

/**
 * A quadlet needs a known extension (nothing else is checked without one). A
 * template instance is a link to its template, so each contents field it sets,
 * even to "", is an error; any other quadlet sets at most one of them.
 */
function quadlet(value: ConfigValue, path: PathElement[], ctx: ButaneRuleContext): void {
  const name = String(value.name ?? "");
  const dot = name.lastIndexOf(".");
  if (!QUADLET_TYPES.includes(dot < 0 ? "" : name.slice(dot))) return ctx.report.error([...path, "name"], BMSG.quadletExtension);
  if (templateOf(name)) {
    for (const f of ["contents", "contents_local"]) if (has(value[f])) ctx.report.error([...path, f], BMSG.quadletInstanceContents);
  } else {
    systemdSources(value, path, ctx);
  }
}

export const BUTANE_RULES: Readonly<Record<string, readonly ButaneRule[]>> = {
  Resource: [resource],
  File: [modeRule(false)],
  Directory: [modeRule(true)],
  Filesystem: [filesystem],
  Tree: [tree],
  Unit: [systemdSources],
  Dropin: [systemdSources],
  Quadlet: [quadlet],
};
