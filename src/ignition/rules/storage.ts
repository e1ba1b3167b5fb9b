/**
 * Rules across storage entries: nothing may be written through a link the
 * config creates, links need targets (from 3.3.0, where target became
 * optional in the schema), hard links cannot point at directories or carry
 * owners, and filesystems on whole disks warn about what they overwrite.
 */
import { goPathClean, goPathIsAbs, goPathJoin } from "../../gocompat/path.js";
import type { ConfigValue } from "../decode.js";
import { MSG } from "../messages.js";
import { type Path, type RuleContext, isTrue, list, nilOrEmpty, obj, str } from "./context.js";

function underLink(p: string, links: ConfigValue[]): number {
  let n = 0;
  for (const l of links) if (p.startsWith(str(l, "path") + "/")) n++;
  return n;
}

export function storage(value: ConfigValue, path: Path, ctx: RuleContext): void {
  const links = list<ConfigValue>(value, "links").map((l) => l ?? {});
  const dirs = list<ConfigValue>(value, "directories").map((d) => d ?? {});
  const files = list<ConfigValue>(value, "files").map((f) => f ?? {});
  const report = ctx.report;

  dirs.forEach((d, i) => {
    for (let k = underLink(str(d, "path"), links); k > 0; k--) report.error([...path, "directories", i], MSG.directoryUsedSymlink);
  });
  files.forEach((f, i) => {
    for (let k = underLink(str(f, "path"), links); k > 0; k--) report.error([...path, "files", i], MSG.fileUsedSymlink);
  });

  const targetIsOptional = ctx.spec.structs.get("Link")?.byName.get("target")?.pointer ?? true;
  links.forEach((l, i) => {
    for (let k = underLink(str(l, "path"), links); k > 0; k--) report.error([...path, "links", i], MSG.linkUsedSymlink);
    if (targetIsOptional && nilOrEmpty(l.target)) {
      report.error([...path, "links", i, "target"], MSG.linkTargetRequired);
      return;
    }
    if (!isTrue(l.hard)) return;
    const raw = str(l, "target");
    let target = goPathClean(raw);
    if (!goPathIsAbs(target)) target = goPathJoin(str(l, "path"), raw);
    for (const d of dirs) if (target === str(d, "path")) report.error([...path, "links", i], MSG.hardLinkToDirectory);
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
    else if (!isTrue((f ?? {}).wipeFilesystem) && isTrue(disk.wipeTable)) {
      report.warn([...path, "filesystems", i, "device"], MSG.filesystemImplicitWipe);
    }
  });
}
