/**
 * matchbox's Go templates rewritten as handlebars where the meaning is the
 * same: `{{.a.b}}` → `{{a.b}}`, `{{.}}` → `{{this}}`, `{{if .x}}…{{else if
 * .y}}…{{else}}…{{end}}` → `{{#if x}}…{{else if y}}…{{else}}…{{/if}}`,
 * `{{range .xs}}` → `{{#each xs}}`, `{{with .x}}` → `{{#with x}}`, Go
 * comments → handlebars comments. Everything else (pipelines, functions,
 * variables, comparisons, trim markers, template/define/block) is left as
 * written and listed with its line and column, for a person to rewrite;
 * kindling serve refuses those templates until then. One difference stays:
 * a block or comment tag alone on its line takes that line with it in
 * handlebars, where Go leaves an empty line.
 */
import { position } from "./template.js";

export interface Unrewritten {
  line: number;
  column: number;
  action: string;
  why: string;
}

export interface Rewritten {
  text: string;
  /** How many actions were rewritten. */
  rewritten: number;
  unrewritten: Unrewritten[];
}

const FIELD = /^\.[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const path = (field: string) => (field === "." ? "this" : field.slice(1));

export function rewriteGoTemplate(text: string): Rewritten {
  const unrewritten: Unrewritten[] = [];
  /** Open blocks: the handlebars helper to close, or undefined when the opening action was left as Go. */
  const open: (string | undefined)[] = [];
  let rewritten = 0;
  const out = text.replace(/\{\{(\{?)([\s\S]*?)\}\}/g, (whole, triple: string, inner: string, offset: number) => {
    if (triple) return whole;
    const body = inner.trim();
    const keep = (why: string) => {
      unrewritten.push({ ...position(text, offset), action: whole, why });
      return whole;
    };
    const done = (replacement: string) => {
      rewritten++;
      return replacement;
    };
    if (inner.startsWith("-") || inner.endsWith("-")) {
      if (/^-?\s*(if|range|with)\b/.test(inner)) open.push(undefined);
      return keep("trim markers change whitespace in ways handlebars cannot say");
    }
    if (body.startsWith("/*") && body.endsWith("*/")) return done(`{{!--${body.slice(2, -2)}--}}`);
    if (body === "." || FIELD.test(body)) return done(`{{${path(body)}}}`);
    const block = /^(if|range|with)\s+(\S+)$/.exec(body);
    if (block && (block[2] === "." || FIELD.test(block[2]!))) {
      const helper = block[1] === "range" ? "each" : block[1]!;
      open.push(helper);
      return done(`{{#${helper} ${path(block[2]!)}}}`);
    }
    if (/^(if|range|with)\b/.test(body)) {
      open.push(undefined);
      return keep("only a plain field can be tested or iterated; comparisons, functions and variables need rewriting by hand");
    }
    const elseIf = /^else\s+if\s+(\S+)$/.exec(body);
    if (elseIf && open.at(-1) === "if" && FIELD.test(elseIf[1]!)) return done(`{{else if ${path(elseIf[1]!)}}}`);
    if (body === "else") return open.at(-1) ? done("{{else}}") : keep("belongs to a block left as Go");
    if (body.startsWith("else")) return keep("this else cannot be rewritten");
    if (body === "end") {
      const helper = open.pop();
      return helper ? done(`{{/${helper}}}`) : keep("closes a block left as Go");
    }
    if (/^(template|define|block)\b/.test(body)) return keep("Go template composition has no handlebars equivalent here; inline the template");
    if (body.startsWith("$") || body.includes("$")) return keep("Go template variables have no handlebars equivalent; use the field itself");
    if (body.startsWith(".") || /\|/.test(body) || /^[a-z]+\s/.test(body)) return keep("pipelines and functions have no handlebars equivalent; compute the value into the group's metadata");
    return whole; // already handlebars
  });
  return { text: out, rewritten, unrewritten };
}
