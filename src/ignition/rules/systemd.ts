/**
 * systemd units and drop-ins: names with a unit type, contents that parse as
 * a unit file, and an [Install] section wherever `enabled` relies on one.
 */

import { MSG } from "../../diagnostics/catalogue/ignition.js";
import { goPathExt } from "../../gocompat/path.js";
import { parseUnitOptions } from "../../gocompat/unitfile.js";
import type { ConfigValue } from "../decode.js";
import { isTrue, list, nilOrEmpty, notEmpty, type Path, type RuleContext, str } from "./context.js";

const UNIT_TYPES = new Set([
  ".service",
  ".socket",
  ".device",
  ".mount",
  ".automount",
  ".swap",
  ".target",
  ".path",
  ".timer",
  ".snapshot",
  ".slice",
  ".scope",
]);

type Options = { section: string }[];

/** Parsed options, `null` when the contents do not parse, `[]` when there are none. */
function parseContents(contents: unknown): { options: Options | null; error?: string } {
  if (contents === undefined || contents === null) return { options: [] };
  const r = parseUnitOptions(contents as string);
  return r.ok ? { options: r.options } : { options: null, error: r.error };
}

const hasInstall = (options: Options) => options.some((o) => o.section === "Install");

export function unit(value: ConfigValue, path: Path, ctx: RuleContext): void {
  const name = str(value, "name");
  if (!UNIT_TYPES.has(goPathExt(name))) ctx.report.error([...path, "name"], MSG.unitExtension);
  const at = [...path, "contents"];
  const { options, error } = parseContents(value.contents);
  if (error !== undefined) ctx.report.error(at, MSG.unitContents(error));
  if (isTrue(value.enabled) && !nilOrEmpty(value.contents) && options && !hasInstall(options)) {
    ctx.report.warn(at, MSG.noInstallSection(name));
  }
}

export function dropin(value: ConfigValue, path: Path, ctx: RuleContext): void {
  const { error } = parseContents(value.contents);
  if (error !== undefined) ctx.report.error([...path, "contents"], MSG.unitContents(error));
  if (goPathExt(str(value, "name")) !== ".conf") ctx.report.error([...path, "name"], MSG.dropinExtension);
}

const INSTANCE = /^(.+?)@(.+?)\.service$/;

/** An enabled instance `foo@bar.service` relies on its template's [Install] section. */
export function systemd(value: ConfigValue, path: Path, ctx: RuleContext): void {
  const units = list<ConfigValue>(value, "units").map((u) => u ?? {});
  const byName = new Map(units.map((u) => [str(u, "name"), u]));
  units.forEach((u, i) => {
    const m = INSTANCE.exec(str(u, "name"));
    if (!m || !isTrue(u.enabled)) return;
    const template = `${m[1]}@.service`;
    const t = byName.get(template);
    if (!t || !notEmpty(t.contents)) return;
    const { options } = parseContents(t.contents);
    if (options && !hasInstall(options)) {
      ctx.report.warn([...path, "units", i, "contents"], MSG.templateNoInstall(template, str(u, "name")));
    }
  });
}

/** Files, directories and links may not replace what systemd.units writes. */
export function configPathConflicts(value: ConfigValue, path: Path, ctx: RuleContext): void {
  const owned = new Set<string>();
  for (const u of list<ConfigValue>((value.systemd ?? {}) as ConfigValue, "units")) {
    const unitValue = u ?? {};
    const name = str(unitValue, "name");
    if (!nilOrEmpty(unitValue.contents)) owned.add(`/etc/systemd/system/${name}`);
    for (const d of list<ConfigValue>(unitValue, "dropins")) {
      if (!nilOrEmpty(d?.contents)) owned.add(`/etc/systemd/system/${name}.d/${str(d ?? {}, "name")}`);
    }
  }
  const storage = (value.storage ?? {}) as ConfigValue;
  for (const kind of ["files", "directories", "links"]) {
    list<ConfigValue>(storage, kind).forEach((n, i) => {
      if (owned.has(str(n ?? {}, "path"))) ctx.report.error([...path, "storage", kind, i, "path"], MSG.pathConflictsSystemd);
    });
  }
}
