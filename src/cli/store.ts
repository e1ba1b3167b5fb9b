/**
 * `kindling store`: moving data between stores.
 *   import DIR --etcd URL[,URL] [--etcd-prefix P]   a data directory into etcd, after checking it loads
 *   import-matchbox DIR --out NEWDIR                a matchbox directory as a kindling one, Go
 *                                                   templates rewritten, the rest listed
 */
import { resolve } from "node:path";
import { DirectoryStore } from "../deliver/pxe/store/directory.js";
import { EtcdStore } from "../deliver/pxe/store/etcd.js";
import { type ImportReport, importMatchbox } from "../deliver/pxe/store/import-matchbox.js";
import { formatProblem } from "../deliver/pxe/store/model.js";
import { buildSnapshot } from "../deliver/pxe/store/snapshot.js";
import { type FlagSpecs, readCommandLine, usageError } from "./args.js";
import type { CommandIO } from "./io.js";

const USAGE = `Usage:
  kindling store import DIR --etcd URL[,URL] [--etcd-prefix P]
      copy a data directory into etcd (after checking that it loads)
  kindling store import-matchbox DIR --out NEWDIR
      copy a matchbox data directory into a new kindling one, rewriting its
      Go templates as handlebars and listing what needs rewriting by hand
`;

const FLAGS = {
  etcd: { type: "string" },
  "etcd-prefix": { type: "string" },
  out: { type: "string" },
} as const satisfies FlagSpecs;

export async function storeCommand(args: string[], io: CommandIO): Promise<number> {
  const parsed = readCommandLine(io, { name: "store", usage: USAGE }, args, FLAGS);
  if (typeof parsed === "number") return parsed;
  const [sub, dir, ...extra] = parsed.positionals;
  const { etcd, "etcd-prefix": prefix, out } = parsed.flags;
  if (sub === undefined) return usageError(io, "store", "give a store command: import or import-matchbox");
  if (sub !== "import" && sub !== "import-matchbox") return usageError(io, "store", `unknown store command: ${sub}`);
  if (dir === undefined) return usageError(io, "store", `give the data directory: kindling store ${sub} DIR`);
  if (extra.length) return usageError(io, "store", `unexpected argument: ${extra[0]}`);
  if (sub === "import") {
    if (etcd === undefined) return usageError(io, "store", "kindling store import needs --etcd URL[,URL]");
    return importIntoEtcd(dir, etcd.split(","), prefix, io);
  }
  if (out === undefined) return usageError(io, "store", "kindling store import-matchbox needs --out NEWDIR");
  return importFromMatchbox(dir, out, io);
}

async function importIntoEtcd(dir: string, endpoints: string[], prefix: string | undefined, io: CommandIO): Promise<number> {
  const source = new DirectoryStore(resolve(dir));
  const { files, problems } = await source.readAll();
  const loaded = problems.length ? { problems } : buildSnapshot(files, 1);
  if (loaded.problems.length) {
    io.stderr(
      `kindling store import: ${dir} has problems; nothing was written:\n${loaded.problems.map((p) => "  " + formatProblem(p)).join("\n")}\n`,
    );
    return 1;
  }
  const target = new EtcdStore({ endpoints, ...(prefix ? { prefix } : {}) });
  try {
    for (const f of files) {
      await target.write(f.file, f.bytes);
      io.stdout(`wrote ${target.prefix}${f.file}\n`);
    }
  } catch (err) {
    io.stderr(`kindling store import: ${(err as Error).message}\n`);
    return 1;
  } finally {
    target.close();
  }
  io.stderr(`kindling store import: ${files.length} files from ${dir} into ${target.describe()}\n`);
  return 0;
}

async function importFromMatchbox(dir: string, out: string, io: CommandIO): Promise<number> {
  let report: ImportReport;
  try {
    report = await importMatchbox(resolve(dir), resolve(out));
  } catch (err) {
    io.stderr(`kindling store import-matchbox: ${(err as Error).message}\n`);
    return 1;
  }
  for (const r of report.rewritten) io.stdout(`rewrote ${r.count} Go template action${r.count === 1 ? "" : "s"} in ${r.file}\n`);
  for (const a of report.allowQuery)
    io.stdout(
      `${a.file}: set "allow_query": true, since ${a.templates.join(" and ")} read${a.templates.length === 1 ? "s" : ""} the request's query (request.*)\n`,
    );
  for (const u of report.unrewritten) io.stdout(`${u.file}:${u.line}:${u.column}: rewrite by hand: ${u.action} (${u.why})\n`);
  for (const p of report.problems) io.stdout(`${formatProblem(p)}\n`);
  io.stderr(
    `kindling store import-matchbox: ${report.written.length} files written; ${report.unrewritten.length + report.problems.length} to fix by hand\n`,
  );
  return report.unrewritten.length || report.problems.length ? 1 : 0;
}
