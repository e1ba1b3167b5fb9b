/**
 * Config templates: handlebars, rendered with a group's metadata and
 * selectors. matchbox's plain Go-template substitutions (`{{.key}}`,
 * `{{.a.b}}`) are accepted and read as `{{key}}` / `{{a.b}}`; any other Go
 * template construct (if/range/with/end/template/define/block, pipelines,
 * function calls, trim markers, comments) is refused with its file, line and
 * column, since handlebars would silently read it otherwise (go-template.ts).
 */
import { createRequire } from "node:module";
import type Handlebars from "handlebars";
import { type TemplateProblem, translateGoTemplate } from "./go-template.js";
import { describeSyntaxError, position } from "./template-syntax.js";

export interface CompiledTemplate {
  render(data: Record<string, unknown>): string;
  /** The first place the template reads matchbox's `request` (the query), if it does. */
  readsRequest?: RequestRead;
}

export interface RequestRead {
  line: number;
  column: number;
  /** The path as written, e.g. "request.raw_query". */
  path: string;
}

/** `request` at the root of a path: handlebars' request.x, this.request, ../request, @root.request; Go's .request, $.request. */
const REQUEST_PATH = /(?<=^|[\s(=])(?:\.\.\/|this[./]|@root\.|\$?\.)*request(?![\w-])(?:[./][A-Za-z0-9_-]+)*/;

/** Where a template (handlebars, or matchbox's Go) first reads `request`, if anywhere; comments do not count. */
export function findRequestRead(text: string): RequestRead | undefined {
  for (const m of text.matchAll(/\{\{(\{?)([\s\S]*?)\}\}/g)) {
    const inner = m[2]!;
    if (inner.startsWith("!") || /^\s*\/\*/.test(inner)) continue;
    const found = REQUEST_PATH.exec(inner.replace(/^[~#^/>*&\s]+|~$/g, (x) => " ".repeat(x.length)));
    if (!found) continue;
    const path = found[0].replace(/^(?:\.\.\/|this[./]|@root\.|\$?\.)*/, "");
    return { ...position(text, m.index! + 2 + m[1]!.length + found.index + found[0].length - path.length), path };
  }
  return undefined;
}

let handlebars: typeof Handlebars | undefined;

/** A template ready to render; strict: a key the data lacks is an error, never an empty string. */
export function compileTemplate(text: string): { template?: CompiledTemplate; problems: TemplateProblem[] } {
  const translated = translateGoTemplate(text);
  if (translated.problems.length) return { problems: translated.problems };
  handlebars ??= createRequire(import.meta.url)("handlebars") as typeof Handlebars;
  let fn: Handlebars.TemplateDelegate;
  try {
    // Handlebars compiles lazily; precompiling surfaces syntax errors now, not at the first render.
    handlebars.precompile(translated.text, { noEscape: true, strict: true });
    fn = handlebars.compile(translated.text, { noEscape: true, strict: true });
  } catch (err) {
    return { problems: [describeSyntaxError(handlebars, translated.text, err as Error)] };
  }
  const readsRequest = findRequestRead(translated.text);
  return { template: { render: (data) => fn(data), ...(readsRequest ? { readsRequest } : {}) }, problems: [] };
}
