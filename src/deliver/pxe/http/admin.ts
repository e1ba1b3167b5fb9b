/**
 * The admin API: PUT/GET/DELETE /admin/{groups,profiles}/ID and
 * /admin/configs/{ignition,cloud,generic}/NAME, plus GET of each collection.
 * Only with a bearer token (compared in constant time); without one the API
 * is off. A change is checked against the whole store before it is written
 * (the same checks as a load: a group must name an existing profile, two
 * groups must not share selectors, templates must compile), so a write can
 * never leave the server unable to reload; a config is checked even before a
 * profile names it. Changes to a store are checked and written one at a
 * time, each against the store as the one before left it (two changes that
 * are each fine alone, such as two groups with one selector, cannot both be
 * written). Writes are atomic.
 */
import { timingSafeEqual } from "node:crypto";
import { formatProblem } from "../store/model.js";
import { buildSnapshot, isLeftover, templateProblems } from "../store/snapshot.js";
import type { Store } from "../store/store.js";
import type { Deps } from "./deps.js";
import { fleetRows } from "./fleet.js";
import { json, type Reply } from "./reply.js";
import { adminReports } from "./reports.js";
import type { Request } from "./request.js";
import { bodyProblemReply } from "./request-body.js";

/** The largest store file a PUT takes. */
const MAX_BODY_BYTES = 1 << 20;
const NAME = /^[A-Za-z0-9_][A-Za-z0-9._@-]{0,199}$/;

/** The store file an admin path names, or why it names none. */
function fileOf(rest: string[]): { file?: string; collection?: string; error?: string } {
  const [kind, ...tail] = rest;
  if (kind === "groups" || kind === "profiles") {
    if (tail.length === 0) return { collection: kind };
    if (tail.length === 1 && NAME.test(tail[0]!)) return { file: `${kind}/${tail[0]}.json` };
    return { error: `give /admin/${kind}/ID, with an ID of letters, digits, '.', '_', '@' or '-'` };
  }
  if (kind === "configs" && ["ignition", "cloud", "generic"].includes(tail[0] ?? "")) {
    if (tail.length === 1) return { collection: tail[0] };
    if (tail.length === 2 && NAME.test(tail[1]!) && !isLeftover(tail[1]!)) return { file: `${tail[0]}/${tail[1]}` };
  }
  return { error: "give /admin/groups/ID, /admin/profiles/ID or /admin/configs/{ignition,cloud,generic}/NAME" };
}

function authorised(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/.exec(header ?? "");
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** The change being made to each store: the next one starts when it is done. */
const turns = new WeakMap<Store, Promise<unknown>>();

function inTurn<T>(store: Store, change: () => Promise<T>): Promise<T> {
  const mine = (turns.get(store) ?? Promise.resolve()).then(change, change);
  turns.set(
    store,
    mine.catch(() => undefined),
  );
  return mine;
}

/** /admin and everything under it: off without a token; then the certificate (mutual TLS), the token, and the path. */
export async function admin(request: Request, deps: Deps): Promise<Reply> {
  const on = deps.admin;
  if (!on) return json(404, { error: "the admin API is off; start kindling serve with --admin-token-file FILE (or KINDLING_ADMIN_TOKEN)" });
  if (on.clientCertificate && !request.trustedCertificate) {
    return json(403, { error: "the admin API needs a client certificate signed by the server's --client-ca" });
  }
  if (!authorised(request.headers.authorization, on.token)) {
    return json(401, { error: "the admin API needs Authorization: Bearer <token>" }, { "www-authenticate": 'Bearer realm="kindling"' });
  }
  const rest = request.path.split("/").slice(2);
  if (rest[0] === "status") {
    if (request.method !== "GET" || rest.length > 1) return json(404, { error: "the fleet's status is read with GET /admin/status" });
    const [reports, deliveries] = await Promise.all([deps.store.listReports(), deps.store.listDeliveries()]);
    return json(200, { generatedAt: new Date().toISOString(), machines: fleetRows(reports, deliveries) });
  }
  if (rest[0] === "reports") {
    if (request.method !== "GET" || rest.length > 2)
      return json(404, { error: "reports are read with GET /admin/reports or /admin/reports/MACHINE-ID" });
    return adminReports(deps.store, rest[1]);
  }
  const target = fileOf(rest);
  if (target.error) return json(404, { error: target.error });
  // A change's body is read first; then it is checked and written in its turn.
  let body: Buffer | undefined;
  if (target.file && request.method === "PUT") {
    const timeoutMs = deps.limits.bodyTimeoutMs;
    const read = await request.readBody(MAX_BODY_BYTES, timeoutMs);
    if (!("body" in read)) {
      const refused = bodyProblemReply(read.problem, "the body", MAX_BODY_BYTES, timeoutMs);
      return json(refused.status, { error: refused.message }, { connection: "close" });
    }
    body = read.body;
  }
  const change = target.file !== undefined && (request.method === "PUT" || request.method === "DELETE");
  return change ? inTurn(deps.store, () => answer(request.method, target, deps, body)) : answer(request.method, target, deps, body);
}

async function answer(
  method: string,
  target: { file?: string; collection?: string },
  deps: Deps,
  body: Buffer | undefined,
): Promise<Reply> {
  const { files, problems } = await deps.store.readAll();
  if (problems.length) return json(500, { error: "the store cannot be read", problems: problems.map((p) => `${p.file}: ${p.message}`) });

  if (target.collection) {
    if (method !== "GET") return json(405, { error: "a collection can only be listed (GET)" });
    const prefix = `${target.collection}/`;
    const names = files.filter((f) => f.file.startsWith(prefix)).map((f) => f.file.slice(prefix.length));
    return json(
      200,
      target.collection === "groups" || target.collection === "profiles"
        ? names
            .filter((n) => n.endsWith(".json"))
            .map((n) => n.slice(0, -5))
            .sort()
        : names.sort(),
    );
  }
  const file = target.file!;
  const existing = files.find((f) => f.file === file);
  switch (method) {
    case "GET":
      return existing
        ? {
            status: 200,
            contentType: file.endsWith(".json") ? "application/json" : "text/plain; charset=utf-8",
            body: Buffer.from(existing.bytes).toString("utf8"),
          }
        : json(404, { error: `no ${file}` });
    case "PUT": {
      if (!body) throw new Error("a PUT's body is read before its turn");
      if (file.endsWith(".json") && (file.startsWith("groups/") || file.startsWith("profiles/"))) {
        const id = file.slice(file.indexOf("/") + 1, -5);
        let parsed: unknown;
        try {
          parsed = JSON.parse(body.toString("utf8"));
        } catch {
          parsed = undefined;
        }
        if (parsed && typeof parsed === "object" && (parsed as { id?: unknown }).id !== id) {
          return json(422, { error: `the body's "id" must be "${id}", the ID in the path` });
        }
      }
      const candidate = [...files.filter((f) => f.file !== file), { file, bytes: body }];
      const checked = buildSnapshot(candidate, 0);
      const own = file.startsWith("groups/") || file.startsWith("profiles/") ? [] : templateProblems(file, body).problems;
      const problems = checked.snapshot ? own : checked.problems;
      if (problems.length)
        return json(422, {
          error: `the store would be invalid with this ${file}; nothing was written`,
          problems: problems.map(formatProblem),
        });
      await deps.store.write(file, body);
      await deps.reload();
      return json(existing ? 200 : 201, { written: file });
    }
    case "DELETE": {
      if (!existing) return json(404, { error: `no ${file}` });
      const checked = buildSnapshot(
        files.filter((f) => f.file !== file),
        0,
      );
      if (!checked.snapshot)
        return json(409, {
          error: `deleting ${file} would leave the store invalid; nothing was deleted`,
          problems: checked.problems.map(formatProblem),
        });
      await deps.store.remove(file);
      await deps.reload();
      return json(200, { deleted: file });
    }
    default:
      return json(405, { error: "use GET, PUT or DELETE" }, { allow: "GET, PUT, DELETE" });
  }
}
