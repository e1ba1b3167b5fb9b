/**
 * Rules across storage entries: nothing may be written through a link the
 * config creates, links need targets (from 3.3.0, where target became
 * optional in the schema), hard links cannot point at directories or carry
 * owners, and filesystems on whole disks warn about what they overwrite.
 */

import { MSG } from "../../diagnostics/catalogue/ignition.js";
import { goPathClean, goPathIsAbs, goPathJoin } from "../../gocompat/path.js";
import type { ConfigValue } from "../decode.js";
import { isTrue, list, nilOrEmpty, obj, type Path, type RuleContext, str } from "./context.js";

/** How many of the config's links each path lies under (`p` starts with `link + "/"`), duplicates counted. */
function linkCounter(links: ConfigValue[]): (p: string) => number {
  const counts = new Map<string, number>();
  for (const l of links) counts.set(str(l, "path"), (counts.get(str(l, "path")) ?? 0) + 1);
  // Only prefixes as long as some link's path can be one, so a long path costs no more than its length.
  const lengths = new Set([...counts.keys()].map((k) => k.length));
  return (p) => {
    let n = 0;
    for (let k = p.indexOf("/"); k >= 0; k = p.indexOf("/", k + 1)) if (lengths.has(k)) n += counts.get(p.slice(0, k)) ?? 0;
    return n;
  };
}

export function storage(value: ConfigValue, path: Path, ctx: RuleContext): void {
  const links = list<ConfigValue>(value, "links").map((l) => l ?? {});
  const dirs = list<ConfigValue>(value, "directories").map((d) => d ?? {});
  const files = list<ConfigValue>(value, "files").map((f) => f ?? {});
  const report = ctx.report;
  const underLink = linkCounter(links);
  const dirPaths = new Map<string, number>();
  for (const d of dirs) dirPaths.set(str(d, "path"), (dirPaths.get(str(d, "path")) ?? 0) + 1);

  dirs.forEach((d, i) => {
    for (let k = underLink(str(d, "path")); k > 0; k--) report.error([...path, "directories", i], MSG.directoryUsedSymlink);
  });
  files.forEach((f, i) => {
    for (let k = underLink(str(f, "path")); k > 0; k--) report.error([...path, "files", i], MSG.fileUsedSymlink);
  });

  const targetIsOptional = ctx.spec.structs.get("Link")?.byName.get("target")?.pointer ?? true;
  links.forEach((l, i) => {
    for (let k = underLink(str(l, "path")); k > 0; k--) report.error([...path, "links", i], MSG.linkUsedSymlink);
    if (targetIsOptional && nilOrEmpty(l.target)) {
      report.error([...path, "links", i, "target"], MSG.linkTargetRequired);
      return;
    }
    if (!isTrue(l.hard)) return;
    const raw = str(l, "target");
    let target = goPathClean(raw);
    if (!goPathIsAbs(target)) target = goPathJoin(str(l, "path"), raw);
    for (let k = dirPaths.get(target) ?? 0; k > 0; k--) report.error([...path, "links", i], MSG.hardLinkToDirectory);
    for (const owner of ["user", "group"]) {
      const o = obj(l, owner);
      for (const field of ["id", "name"]) {
        if (o[field] !== undefined && o[field] !== null) report.warn([...path, "links", i, owner, field], MSG.hardLinkOwner);
      }
    }
  });

  const disks = new Map<string, ConfigValue>();
  for (const d of list<ConfigValue>(value, "disks")) disks.set(str(d ?? {}, "device"), d ?? {});
  list<ConfigValue>(value, "filesystems").forEach((f, i) => {
    const disk = disks.get(str(f ?? {}, "device"));
    if (!disk) return;
    if (list(disk, "partitions").length > 0) report.warn([...path, "filesystems", i, "device"], MSG.partitionsOverwritten);
    else if (!isTrue(f?.wipeFilesystem) && isTrue(disk.wipeTable)) {
      report.warn([...path, "filesystems", i, "device"], MSG.filesystemImplicitWipe);
    }
  });
}
