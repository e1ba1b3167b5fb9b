/**
 * The data `kindling serve` answers from, in matchbox's layout so existing
 * data directories load: profiles (how to boot, which config), groups
 * (selectors → profile + metadata) and config templates. Reading a profile
 * or group checks its shape and reports problems at the file, line and
 * column (JSON.parse first for speed; positions only when something is wrong).
 */
import { type JsonNode, parseJson } from "../../../source/json.js";
import { LineIndex } from "../../../source/positions.js";
import { OUTPUT_TARGETS, type OutputTarget } from "../../../transpile.js";

export interface BootSpec {
  kernel: string;
  initrd: string[];
  args: string[];
}

export interface Profile {
  id: string;
  name?: string;
  boot?: BootSpec;
  /** A file in ignition/ (Butane .bu/.yaml or Ignition .ign/.json, handlebars). */
  ignition_id?: string;
  /** A file in cloud/ (cloud-config, handlebars). */
  cloud_id?: string;
  /** A file in generic/ (any text, handlebars). */
  generic_id?: string;
  /** kindling: what /ignition renders a Butane template to (default ignition). */
  target?: OutputTarget;
  /** kindling: the Ignition spec version /ignition serves (default: the template's own). */
  ignition_version?: string;
  /** kindling: request query parameters reach templates as request.query (default false). */
  allow_query?: boolean;
  /**
   * kindling: add the first-boot verification agent to /ignition, /script and
   * /cloud-config (true, or where to report and how long to retry; the URL
   * defaults to this server's /reports as the machine reached it).
   */
  verify?: boolean | { url?: string; retry_seconds?: number };
  /** Where the profile came from (for messages). */
  file: string;
}

export interface Group {
  id: string;
  name?: string;
  profile: string;
  selector: Record<string, string>;
  metadata: Record<string, unknown>;
  file: string;
}

export interface StoreProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

type Path = (string | number)[];
interface ShapeError {
  path: Path;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function checkProfile(v: unknown): ShapeError[] {
  const errors: ShapeError[] = [];
  if (!isObject(v)) return [{ path: [], message: "a profile must be a JSON object" }];
  const known = new Set([
    "id",
    "name",
    "boot",
    "ignition_id",
    "cloud_id",
    "generic_id",
    "target",
    "ignition_version",
    "allow_query",
    "verify",
  ]);
  for (const k of Object.keys(v)) if (!known.has(k)) errors.push({ path: [k], message: `unknown profile key "${k}"` });
  if (typeof v.id !== "string" || v.id === "") errors.push({ path: ["id"], message: "id must be a non-empty string" });
  for (const k of ["name", "ignition_id", "cloud_id", "generic_id", "ignition_version"]) {
    if (v[k] !== undefined && typeof v[k] !== "string") errors.push({ path: [k], message: `${k} must be a string` });
  }
  if (v.target !== undefined && !(OUTPUT_TARGETS as readonly unknown[]).includes(v.target)) {
    errors.push({ path: ["target"], message: `target must be one of ${OUTPUT_TARGETS.join(", ")}` });
  }
  if (v.allow_query !== undefined && typeof v.allow_query !== "boolean")
    errors.push({ path: ["allow_query"], message: "allow_query must be true or false" });
  if (v.verify !== undefined) errors.push(...checkVerify(v.verify));
  if (v.boot !== undefined) {
    if (!isObject(v.boot)) errors.push({ path: ["boot"], message: "boot must be an object with kernel, initrd and args" });
    else {
      const boot = v.boot;
      if (typeof boot.kernel !== "string" || boot.kernel === "")
        errors.push({ path: ["boot", "kernel"], message: "boot.kernel must be a non-empty string" });
      for (const k of ["initrd", "args"]) {
        const list = boot[k];
        if (list === undefined) continue;
        if (!Array.isArray(list)) errors.push({ path: ["boot", k], message: `boot.${k} must be a list of strings` });
        else {
          list.forEach((s, i) => {
            if (typeof s !== "string") errors.push({ path: ["boot", k, i], message: `boot.${k} entries must be strings` });
          });
        }
      }
    }
  }
  return errors;
}

function checkVerify(v: unknown): ShapeError[] {
  if (typeof v === "boolean") return [];
  const shape = 'verify must be true, false or {"url": "http://…/reports", "retry_seconds": N}';
  if (!isObject(v)) return [{ path: ["verify"], message: shape }];
  const errors: ShapeError[] = [];
  for (const k of Object.keys(v))
    if (k !== "url" && k !== "retry_seconds") errors.push({ path: ["verify", k], message: `unknown verify key "${k}"` });
  if (v.url !== undefined && (typeof v.url !== "string" || !/^https?:\/\/[^\s'"]+$/.test(v.url)))
    errors.push({ path: ["verify", "url"], message: "verify.url must be an http:// or https:// URL" });
  if (v.retry_seconds !== undefined && !(Number.isInteger(v.retry_seconds) && (v.retry_seconds as number) > 0))
    errors.push({ path: ["verify", "retry_seconds"], message: "verify.retry_seconds must be a whole number of seconds above 0" });
  return errors;
}

function checkGroup(v: unknown): ShapeError[] {
  const errors: ShapeError[] = [];
  if (!isObject(v)) return [{ path: [], message: "a group must be a JSON object" }];
  const known = new Set(["id", "name", "profile", "selector", "metadata"]);
  for (const k of Object.keys(v)) if (!known.has(k)) errors.push({ path: [k], message: `unknown group key "${k}"` });
  if (typeof v.id !== "string" || v.id === "") errors.push({ path: ["id"], message: "id must be a non-empty string" });
  if (v.name !== undefined && typeof v.name !== "string") errors.push({ path: ["name"], message: "name must be a string" });
  if (typeof v.profile !== "string" || v.profile === "") errors.push({ path: ["profile"], message: "profile must name a profile" });
  if (v.selector !== undefined) {
    if (!isObject(v.selector)) errors.push({ path: ["selector"], message: "selector must be an object of label: value strings" });
    else
      for (const [k, s] of Object.entries(v.selector))
        if (typeof s !== "string") errors.push({ path: ["selector", k], message: `selector ${k} must be a string` });
  }
  if (v.metadata !== undefined && !isObject(v.metadata)) errors.push({ path: ["metadata"], message: "metadata must be an object" });
  return errors;
}

/** The node at a path, for positions. */
function nodeAt(root: JsonNode, path: Path): JsonNode {
  let node = root;
  for (const p of path) {
    const next = node.kind === "object" ? node.byKey.get(String(p))?.value : node.kind === "array" ? node.items[Number(p)] : undefined;
    if (!next) break;
    node = next;
  }
  return node;
}

function keyAt(root: JsonNode, path: Path): number | undefined {
  if (path.length === 0) return undefined;
  const parent = nodeAt(root, path.slice(0, -1));
  return parent.kind === "object" ? parent.byKey.get(String(path[path.length - 1]))?.keyStart : undefined;
}

type Read<T> = { value: T; problems: [] } | { value?: undefined; problems: StoreProblem[] };

function readJson<T>(bytes: Uint8Array, file: string, check: (v: unknown) => ShapeError[], unknownAtKey = true): Read<T> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    const parsed = parseJson(bytes);
    const lines = new LineIndex(bytes);
    if (!parsed.ok) {
      const p = lines.position(Math.max(0, parsed.error.offset - 1));
      return { problems: [{ file, line: p.line, column: p.column, message: `not valid JSON: ${parsed.error.message}` }] };
    }
    return { problems: [{ file, message: "not valid JSON" }] };
  }
  const errors = check(value);
  if (!errors.length) return { value: value as T, problems: [] };
  const parsed = parseJson(bytes);
  const lines = new LineIndex(bytes);
  return {
    problems: errors.map((e) => {
      if (!parsed.ok) return { file, message: e.message };
      const offset =
        (unknownAtKey && e.message.startsWith("unknown") ? keyAt(parsed.root, e.path) : undefined) ?? nodeAt(parsed.root, e.path).start;
      const p = lines.position(offset);
      return { file, line: p.line, column: p.column, message: e.message };
    }),
  };
}

export function readProfile(bytes: Uint8Array, file: string): Read<Profile> {
  const r = readJson<Omit<Profile, "file">>(bytes, file, checkProfile);
  if (!r.value) return r;
  const p = r.value;
  const boot = p.boot ? { kernel: p.boot.kernel, initrd: p.boot.initrd ?? [], args: p.boot.args ?? [] } : undefined;
  return { value: { ...p, ...(boot ? { boot } : {}), file }, problems: [] };
}

export function readGroup(bytes: Uint8Array, file: string): Read<Group> {
  const r = readJson<Partial<Group>>(bytes, file, checkGroup);
  if (!r.value) return r;
  const g = r.value;
  return {
    value: {
      id: g.id!,
      ...(g.name !== undefined ? { name: g.name } : {}),
      profile: g.profile!,
      selector: g.selector ?? {},
      metadata: g.metadata ?? {},
      file,
    },
    problems: [],
  };
}

export function formatProblem(p: StoreProblem): string {
  return p.line ? `${p.file}:${p.line}:${p.column}: ${p.message}` : `${p.file}: ${p.message}`;
}
