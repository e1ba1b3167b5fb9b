/**
 * `kindling store`: moving data between stores.
 *   import DIR --etcd URL[,URL] [--etcd-prefix P]   a data directory into etcd, after checking it loads
 *   import-matchbox DIR --out NEWDIR                a matchbox directory as a kindling one, Go
 *                                                   templates rewritten, the rest listed
 */
import { resolve } from "node:path";
import { importMatchbox } from "../deliver/pxe/import-matchbox.js";
import { formatProblem } from "../deliver/pxe/model.js";
import { DirectoryStore } from "../deliver/pxe/store/directory.js";
import { EtcdStore } from "../deliver/pxe/store/etcd.js";
import { buildSnapshot } from "../deliver/pxe/snapshot.js";
import type { CommandIO } from "./io.js";

const USAGE = `Usage:
  kindling store import DIR --etcd URL[,URL] [--etcd-prefix P]
      copy a data directory into etcd (after checking that it loads)
  kindling store import-matchbox DIR --out NEWDIR
      copy a matchbox data directory into a new kindling one, rewriting its
      Go templates as handlebars and listing what needs rewriting by hand
`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function storeCommand(args: string[], io: CommandIO): Promise<number> {
  const [sub, dir, ...rest] = args;
  if (sub === "-h" || sub === "--help") {
    io.stdout(USAGE);
    return 0;
  }
  if (sub === "import" && dir && option(rest, "--etcd")) {
    const source = new DirectoryStore(resolve(dir));
    const { files, problems } = await source.readAll();
    const loaded = problems.length ? { problems } : buildSnapshot(files, 1);
    if (loaded.problems.length) {
      io.stderr(`kindling store import: ${dir} has problems; nothing was written:\n${loaded.problems.map((p) => "  " + formatProblem(p)).join("\n")}\n`);
      return 1;
    }
    const prefix = option(rest, "--etcd-prefix");
    const target = new EtcdStore({ endpoints: option(rest, "--etcd")!.split(","), ...(prefix ? { prefix } : {}) });
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
  if (sub === "import-matchbox" && dir && option(rest, "--out")) {
    let report;
    try {
      report = await importMatchbox(resolve(dir), resolve(option(rest, "--out")!));
    } catch (err) {
      io.stderr(`kindling store import-matchbox: ${(err as Error).message}\n`);
      return 1;
    }
    for (const r of report.rewritten) io.stdout(`rewrote ${r.count} Go template action${r.count === 1 ? "" : "s"} in ${r.file}\n`);
    for (const a of report.allowQuery) io.stdout(`${a.file}: set "allow_query": true, since ${a.templates.join(" and ")} read${a.templates.length === 1 ? "s" : ""} the request's query (request.*)\n`);
    for (const u of report.unrewritten) io.stdout(`${u.file}:${u.line}:${u.column}: rewrite by hand: ${u.action} (${u.why})\n`);
    for (const p of report.problems) io.stdout(`${formatProblem(p)}\n`);
    io.stderr(`kindling store import-matchbox: ${report.written.length} files written; ${report.unrewritten.length + report.problems.length} to fix by hand\n`);
    return report.unrewritten.length || report.problems.length ? 1 : 0;
  }
  io.stderr(`Error: ${sub ? `unknown or incomplete store command: ${args.join(" ")}` : "give a store command"}\n${USAGE}`);
  return 2;
}
