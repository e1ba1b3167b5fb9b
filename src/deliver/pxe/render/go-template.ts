/**
 * matchbox's Go templates read as handlebars: one reading of every `{{…}}`
 * action (`classify`), used two ways.
 *
 * - Serving (`translateGoTemplate`): a plain field `{{.a.b}}` is read as
 *   `{{ a.b}}` (the dot becomes a space, so every later position stays as
 *   written); every other Go construct is refused with its line and column,
 *   since handlebars would silently read it otherwise; handlebars is left
 *   alone.
 * - Importing a matchbox directory (`rewriteGoTemplate`): what has the same
 *   meaning in handlebars is rewritten: `{{.a.b}}` → `{{a.b}}`, `{{.}}` →
 *   `{{this}}`, `{{if .x}}…{{else if .y}}…{{else}}…{{end}}` →
 *   `{{#if x}}…{{else if y}}…{{else}}…{{/if}}`, `{{range .xs}}` →
 *   `{{#each xs}}`, `{{with .x}}` → `{{#with x}}`, Go comments → handlebars
 *   comments. Everything else (pipelines, functions, variables, comparisons,
 *   trim markers, template/define/block) is left as written and listed with
 *   its line and column, for a person to rewrite; kindling serve refuses
 *   those templates until then. One difference stays: a block or comment tag
 *   alone on its line takes that line with it in handlebars, where Go leaves
 *   an empty line.
 */
import { position } from "./template-syntax.js";

export interface TemplateProblem {
  line: number;
  column: number;
  message: string;
}

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

/** What an action is, for translating it. */
type Action =
  | { kind: "handlebars" }
  | { kind: "trim"; opensBlock: boolean }
  | { kind: "field"; path: string }
  | { kind: "dot" }
  | { kind: "pipeline"; variable: boolean }
  | { kind: "block"; helper: "if" | "each" | "with"; path: string }
  | { kind: "test" }
  | { kind: "else-if"; path?: string }
  | { kind: "end"; bare: boolean }
  | { kind: "composition" }
  | { kind: "loop-control" }
  | { kind: "variable" }
  | { kind: "pipe"; variable: boolean }
  | { kind: "comment"; text: string }
  | { kind: "else" }
  | { kind: "other-else" }
  | { kind: "uses-variable" }
  | { kind: "function" };

const FIELD = /^\.[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** A field or the dot, as the handlebars path it reads. */
const pathOf = (field: string) => (field === "." ? "this" : field.slice(1));
const plain = (arg: string) => arg === "." || FIELD.test(arg);

/** One action, `inner` being what stands between `{{` and `}}`; the first rule that fits decides. */
function classify(triple: string, inner: string): Action {
  const body = inner.trim();
  if (triple || inner.startsWith("!")) return { kind: "handlebars" }; // {{{raw}}} and {{! comments }}
  if (inner.startsWith("-") || inner.endsWith("-")) return { kind: "trim", opensBlock: /^-?\s*(if|range|with)\b/.test(inner) };
  if (body.startsWith("/*") && body.endsWith("*/")) return { kind: "comment", text: body.slice(2, -2) };
  if (FIELD.test(body)) return { kind: "field", path: pathOf(body) };
  if (body === ".") return { kind: "dot" };
  if (body.startsWith(".")) return { kind: "pipeline", variable: body.includes("$") };
  const block = /^(if|range|with)\s+(\S+)$/.exec(body);
  if (block && plain(block[2]!))
    return { kind: "block", helper: block[1] === "range" ? "each" : (block[1] as "if" | "with"), path: pathOf(block[2]!) };
  if (/^(if|range|with)\b/.test(body)) return { kind: "test" };
  if (/^else\s+if\s+[.$]/.test(body)) {
    const arg = /^else\s+if\s+(\S+)$/.exec(body)?.[1];
    return arg !== undefined && FIELD.test(arg) ? { kind: "else-if", path: pathOf(arg) } : { kind: "else-if" };
  }
  if (/^end\b/.test(body)) return { kind: "end", bare: body === "end" };
  if (/^(template|define|block)\b/.test(body)) return { kind: "composition" };
  if (/^(break|continue)\b/.test(body)) return { kind: "loop-control" };
  if (body.startsWith("$")) return { kind: "variable" };
  if (/\|/.test(body.replace(/"[^"]*"/g, ""))) return { kind: "pipe", variable: body.includes("$") };
  // What is left is handlebars, or Go that handlebars refuses when it compiles (or, for the import, needs a person).
  if (body === "else") return { kind: "else" };
  if (body.startsWith("else")) return { kind: "other-else" };
  if (body.includes("$")) return { kind: "uses-variable" };
  if (/^[a-z]+\s/.test(body) || /\|/.test(body)) return { kind: "function" };
  return { kind: "handlebars" };
}

const ACTIONS = /\{\{(\{?)([\s\S]*?)\}\}/g;

const NO_ACTIONS = "Go template actions are not supported; use handlebars blocks ({{#if key}}…{{/if}}, {{#each list}}…{{/each}})";
const NO_PIPELINES = "Go template pipelines are not supported; use a plain {{.key}} or handlebars";
const NO_VARIABLES = "Go template variables and pipelines are not supported; use handlebars";

/** Why kindling serve refuses a Go construct (what is not here, it leaves to handlebars). */
const REFUSED: Partial<Record<Action["kind"], string>> = {
  trim: "Go template trim markers are not supported; write the whitespace as it should be",
  comment: "Go template comments are not supported; write a handlebars comment ({{!-- … --}})",
  dot: NO_PIPELINES,
  pipeline: NO_PIPELINES,
  block: NO_ACTIONS,
  test: NO_ACTIONS,
  "else-if": NO_ACTIONS,
  end: NO_ACTIONS,
  composition: NO_ACTIONS,
  "loop-control": NO_ACTIONS,
  variable: NO_VARIABLES,
  pipe: NO_VARIABLES,
};

/** Why the import leaves a Go construct for a person to rewrite (what it rewrites is in rewriteGoTemplate). */
const LEFT: Partial<Record<Action["kind"], string>> = {
  trim: "trim markers change whitespace in ways handlebars cannot say",
  test: "only a plain field can be tested or iterated; comparisons, functions and variables need rewriting by hand",
  "else-if": "this else cannot be rewritten",
  "other-else": "this else cannot be rewritten",
  composition: "Go template composition has no handlebars equivalent here; inline the template",
  variable: "Go template variables have no handlebars equivalent; use the field itself",
  "uses-variable": "Go template variables have no handlebars equivalent; use the field itself",
  function: "pipelines and functions have no handlebars equivalent; compute the value into the group's metadata",
};

/** Serving: `{{.a.b}}` as handlebars' `{{ a.b}}`; problems for every other Go construct. */
export function translateGoTemplate(text: string): { text: string; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const out = text.replace(ACTIONS, (whole, triple: string, inner: string, offset: number) => {
    const action = classify(triple, inner);
    if (action.kind === "field") return whole.replace(".", " ");
    const why = REFUSED[action.kind];
    if (why)
      problems.push({
        ...position(text, offset),
        message: `${why}: ${JSON.stringify(whole.length > 60 ? whole.slice(0, 57) + "..." : whole)}`,
      });
    return whole;
  });
  return { text: out, problems };
}

/** Importing: what has the same meaning in handlebars rewritten, the rest listed. */
export function rewriteGoTemplate(text: string): Rewritten {
  const unrewritten: Unrewritten[] = [];
  /** Open blocks: the handlebars helper to close, or undefined when the opening action was left as Go. */
  const open: (string | undefined)[] = [];
  let rewritten = 0;
  const out = text.replace(ACTIONS, (whole, triple: string, inner: string, offset: number) => {
    const action = classify(triple, inner);
    const done = (replacement: string) => {
      rewritten++;
      return replacement;
    };
    const keep = (why: string) => {
      unrewritten.push({ ...position(text, offset), action: whole, why });
      return whole;
    };
    switch (action.kind) {
      case "comment":
        return done(`{{!--${action.text}--}}`);
      case "field":
        return done(`{{${action.path}}}`);
      case "dot":
        return done("{{this}}");
      case "block":
        open.push(action.helper);
        return done(`{{#${action.helper} ${action.path}}}`);
      case "else-if":
        return action.path !== undefined && open.at(-1) === "if" ? done(`{{else if ${action.path}}}`) : keep(LEFT["else-if"]!);
      case "else":
        return open.at(-1) ? done("{{else}}") : keep("belongs to a block left as Go");
      case "end": {
        if (!action.bare) return keep(LEFT.function!);
        const helper = open.pop();
        return helper ? done(`{{/${helper}}}`) : keep("closes a block left as Go");
      }
      case "trim":
      case "test":
        if (action.kind === "test" || action.opensBlock) open.push(undefined);
        return keep(LEFT[action.kind]!);
      case "pipeline":
      case "pipe":
        return keep(action.variable ? LEFT.variable! : LEFT.function!);
      default: {
        const why = LEFT[action.kind];
        return why ? keep(why) : whole; // handlebars already, or left for the load to refuse (break, continue)
      }
    }
  });
  return { text: out, rewritten, unrewritten };
}
