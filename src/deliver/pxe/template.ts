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

export interface TemplateProblem {
  line: number;
  column: number;
  message: string;
}

export interface CompiledTemplate {
  render(data: Record<string, unknown>): string;
}

/** Go actions; `else if name` without a dot is handlebars' own chained else. */
const GO_KEYWORDS = /^(if|range|with|end|template|define|block|break|continue)\b|^else\s+if\s+[.$]/;
const GO_FIELD = /^\.[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** 1-based line and column of a character offset in a template's text. */
export function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** matchbox's `{{.a.b}}` as handlebars' `{{a.b}}`; problems for every other Go template action. */
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
    if (GO_FIELD.test(body)) return `{{${body.slice(1)}}}`;
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
    fn = handlebars.compile(translated.text, { noEscape: true, strict: true });
    // Handlebars compiles lazily; render once with a proxy-free probe to surface syntax errors now.
    handlebars.precompile(translated.text, { noEscape: true, strict: true });
  } catch (err) {
    const m = /on line (\d+)/.exec((err as Error).message);
    return { problems: [{ line: m ? Number(m[1]) : 1, column: 1, message: `template syntax: ${(err as Error).message.split("\n")[0]}` }] };
  }
  return { template: { render: (data) => fn(data) }, problems: [] };
}
