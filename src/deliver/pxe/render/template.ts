/**
 * Config templates: handlebars, rendered with a group's metadata and
 * selectors. matchbox's plain Go-template substitutions (`{{.key}}`,
 * `{{.a.b}}`) are accepted and read as `{{key}}` / `{{a.b}}`; any other Go
 * template construct (if/range/with/end/template/define/block, pipelines,
 * function calls, trim markers) is refused with its file, line and column,
 * since handlebars would silently read it otherwise.
 */
import { createRequire } from "node:module";
import type Handlebars from "handlebars";
import { describeSyntaxError, position } from "./template-syntax.js";

export { position };

export interface TemplateProblem {
  line: number;
  column: number;
  message: string;
}

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

/** Go actions; `else if name` without a dot is handlebars' own chained else. */
const GO_KEYWORDS = /^(if|range|with|end|template|define|block|break|continue)\b|^else\s+if\s+[.$]/;
const GO_FIELD = /^\.[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * matchbox's `{{.a.b}}` as handlebars' `{{ a.b}}` (the dot becomes a space, so
 * positions in the text stay as written); problems for every other Go
 * template action.
 */
export function translateGoTemplate(text: string): { text: string; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const out = text.replace(/\{\{(\{?)([\s\S]*?)\}\}/g, (whole, triple: string, inner: string, offset: number) => {
    if (triple || inner.startsWith("!")) return whole; // {{{raw}}} and {{! comments }} are handlebars
    const body = inner.trim();
    const refuse = (why: string) => {
      problems.push({ ...position(text, offset), message: `${why}: ${JSON.stringify(whole.length > 60 ? whole.slice(0, 57) + "..." : whole)}` });
      return whole;
    };
    if (inner.startsWith("-") || inner.endsWith("-")) return refuse("Go template trim markers are not supported; write the whitespace as it should be");
    if (GO_FIELD.test(body)) return whole.replace(".", " ");
    if (body.startsWith(".")) return refuse("Go template pipelines are not supported; use a plain {{.key}} or handlebars");
    if (GO_KEYWORDS.test(body)) return refuse("Go template actions are not supported; use handlebars blocks ({{#if key}}…{{/if}}, {{#each list}}…{{/each}})");
    if (/^\$/.test(body) || /\|/.test(body.replace(/"[^"]*"/g, ""))) return refuse("Go template variables and pipelines are not supported; use handlebars");
    return whole;
  });
  return { text: out, problems };
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
