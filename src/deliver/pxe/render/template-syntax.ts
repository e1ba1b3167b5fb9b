/**
 * A handlebars syntax error as one problem a person can act on: the line and
 * column where the parser stopped, what it expected there in words (not its
 * token names), what it got, and for a block or tag left open, where that
 * opened. Handlebars' own message is several lines (an excerpt, a caret, a
 * token list) and loses its column; the parser's details are read again
 * through a private parser instance, only when a template has failed.
 */
import type Handlebars from "handlebars";

export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

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

const at = (text: string, offset: number) => {
  const p = position(text, offset);
  return `${p.line}:${p.column}`;
};

/** The parser's tokens, in words; tokens in one group are said once. */
const WORDS: [string, string[]][] = [
  ["}}", ["CLOSE"]],
  ["}}}", ["CLOSE_UNESCAPED"]],
  ["}}}}", ["CLOSE_RAW_BLOCK"]],
  [")", ["CLOSE_SEXPR"]],
  ["|", ["CLOSE_BLOCK_PARAMS"]],
  ["=", ["EQUALS"]],
  [". or /", ["SEP"]],
  ["as |…|", ["OPEN_BLOCK_PARAMS"]],
  ["a name or value", ["ID", "STRING", "NUMBER", "BOOLEAN", "UNDEFINED", "NULL", "DATA", "OPEN_SEXPR"]],
  ["text", ["CONTENT"]],
  ["a tag", ["COMMENT", "OPEN_RAW_BLOCK", "OPEN_BLOCK", "OPEN_INVERSE", "OPEN", "OPEN_UNESCAPED", "OPEN_PARTIAL", "OPEN_PARTIAL_BLOCK"]],
  ["{{else}}", ["INVERSE", "OPEN_INVERSE_CHAIN"]],
  ["{{/…}}", ["OPEN_ENDBLOCK"]],
  ["the end of the template", ["EOF"]],
];

/**
 * The parser lists every token its state allows, some of which cannot be
 * meant here: only the closer that matches the tag's opener, ")" only inside
 * parentheses, "|" only in block parameters; "." and "as |…|" are said only
 * when nothing else fits; after text, anything may follow.
 */
function plausible(tokens: string[], text: string, offset: number): string[] {
  if (tokens.length === 1 && tokens[0] === "EOF") return ["CONTENT", "OPEN", "EOF"];
  const start = text.lastIndexOf("{{", offset - 1);
  const inside = start === -1 ? "" : text.slice(start, offset);
  const opener = /^\{+/.exec(inside)?.[0].length ?? 2;
  const closer = opener >= 4 ? "CLOSE_RAW_BLOCK" : opener === 3 ? "CLOSE_UNESCAPED" : "CLOSE";
  const depth = (inside.match(/\(/g) ?? []).length - (inside.match(/\)/g) ?? []).length;
  const kept = tokens.filter((t) => {
    if (t === "CLOSE" || t === "CLOSE_UNESCAPED" || t === "CLOSE_RAW_BLOCK") return t === closer;
    if (t === "CLOSE_SEXPR") return depth > 0;
    if (t === "CLOSE_BLOCK_PARAMS") return /\bas\s+\|/.test(inside);
    return true;
  });
  const main = kept.filter((t) => t !== "SEP" && t !== "OPEN_BLOCK_PARAMS");
  return main.length ? main : kept;
}

function inWords(tokens: string[], endBlock: string | undefined): string {
  const said = WORDS.filter(([, names]) => names.some((n) => tokens.includes(n))).map(([w]) => (w === "{{/…}}" && endBlock ? endBlock : w));
  if (said.length === 0) return tokens.join(", ");
  return said.length === 1 ? said[0]! : `${said.slice(0, -1).join(", ")} or ${said.at(-1)}`;
}

interface Tag {
  offset: number;
  /** The tag as written, e.g. "{{#if x}}". */
  text: string;
  kind: "open" | "close" | "other";
  name: string;
}

interface Unterminated {
  offset: number;
  closer: string;
  what: string;
}

/** The tags of a template in order, and the first one (or comment, raw block) that never ends. */
function scanTags(text: string): { tags: Tag[]; unterminated?: Unterminated } {
  const tags: Tag[] = [];
  for (let i = text.indexOf("{{"); i !== -1; i = text.indexOf("{{", i)) {
    if (text[i - 1] === "\\" && text[i - 2] !== "\\") {
      i += 2; // an escaped tag is text
      continue;
    }
    const comment = /^\{\{~?!--/.exec(text.slice(i, i + 6))?.[0].length;
    if (comment) {
      const end = /--~?\}\}/.exec(text.slice(i + comment));
      if (!end) return { tags, unterminated: { offset: i, closer: "--}}", what: "the comment" } };
      i += comment + end.index + end[0].length;
      continue;
    }
    if (text.startsWith("{{{{", i)) {
      const open = /^\{\{\{\{\s*([^\s}]+)[^}]*\}\}\}\}/.exec(text.slice(i));
      const close = open ? text.indexOf(`{{{{/${open[1]}}}}}`, i + open[0].length) : -1;
      if (!open || close === -1)
        return { tags, unterminated: { offset: i, closer: open ? `{{{{/${open[1]}}}}}` : "}}}}", what: "the raw block" } };
      i = close + `{{{{/${open[1]}}}}}`.length;
      continue;
    }
    const end = text.indexOf("}}", i + 2);
    if (end === -1) return { tags, unterminated: { offset: i, closer: "}}", what: "the {{" } };
    const whole = text.slice(i, text[end + 2] === "}" ? end + 3 : end + 2);
    const m = /^\{\{\{?~?\s*([#^/])\s*[>*]?\s*([^\s}~()]*)/.exec(whole);
    const kind = !m || (m[1] === "^" && m[2] === "") ? "other" : m[1] === "/" ? "close" : "open";
    tags.push({ offset: i, text: whole, kind, name: m?.[2] ?? "" });
    i += whole.length;
  }
  return { tags };
}

type BlockState = { open: Tag[]; mismatch?: { close: Tag; opened: Tag }; stray?: Tag };

/** The blocks open before `until` (all of the text by default), and the first block closed by the wrong name or closing nothing. */
function blocks(tags: Tag[], until = Infinity): BlockState {
  const open: Tag[] = [];
  for (const tag of tags) {
    if (tag.offset >= until) break;
    if (tag.kind === "open") open.push(tag);
    else if (tag.kind === "close") {
      const opened = open.pop();
      if (!opened) return { open, stray: tag };
      if (opened.name !== tag.name) return { open, mismatch: { close: tag, opened } };
    }
  }
  return { open };
}

const closing = (opened: Tag) => `expected {{/${opened.name}}} to close the ${short(opened.text)}`;
const short = (s: string) => (s.length > 40 ? s.slice(0, 37) + "..." : s);
const quote = (s: string) => JSON.stringify(short(s));

interface ParseDetails {
  token: string | null;
  expected: string[];
  offset: number;
}

/** The failed parse again, through a private parser instance, for the token, what was expected and the offset. */
function parseDetails(handlebars: typeof Handlebars, text: string): ParseDetails | undefined {
  type Lexer = { yylloc?: { first_line: number; first_column: number }; matched?: string };
  const shared = (handlebars as unknown as { Parser: { yy: object; lexer: Lexer; parse(t: string): unknown } }).Parser;
  const parser = Object.create(shared) as typeof shared;
  let details: ParseDetails | undefined;
  parser.yy = Object.assign(Object.create(shared.yy) as object, {
    parseError(_message: string, hash: { token: string | null; expected?: string[] }) {
      const lexer = shared.lexer;
      const loc = hash.token === null ? undefined : lexer.yylloc;
      const offset = loc ? offsetOf(text, loc.first_line, loc.first_column) : (lexer.matched ?? "").length;
      details = { token: hash.token, expected: (hash.expected ?? []).map((e) => e.replace(/^'|'$/g, "")), offset };
      throw new Error("parse failed");
    },
  });
  try {
    parser.parse(text);
  } catch {
    /* details were captured above, or this was no parse error */
  }
  return details;
}

function offsetOf(text: string, line: number, column0: number): number {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", start);
    if (nl === -1) return text.length;
    start = nl + 1;
  }
  return Math.min(start + column0, text.length);
}

/** The problem behind `err`, thrown by handlebars for `text`. */
export function describeSyntaxError(handlebars: typeof Handlebars, text: string, err: Error): SyntaxProblem {
  const exception = err as Error & { lineNumber?: number; column?: number };
  if (/ doesn't match /.test(err.message)) {
    const { mismatch } = blocks(scanTags(text).tags);
    if (mismatch)
      return {
        ...position(text, mismatch.close.offset),
        message: `${closing(mismatch.opened)} opened at ${at(text, mismatch.opened.offset)}, got ${quote(mismatch.close.text)}`,
      };
  }
  if (exception.lineNumber !== undefined && !/^(Parse|Lexical) error/.test(err.message)) {
    return { line: exception.lineNumber, column: (exception.column ?? 0) + 1, message: err.message.replace(/ - \d+:\d+$/, "") };
  }
  const details = parseDetails(handlebars, text);
  if (!details) return { line: 1, column: 1, message: err.message.split("\n")[0]! };
  const { tags, unterminated } = scanTags(text);
  const end = position(text, text.length);
  // A tag that never ends fails at the end of the text, or at the first word the lexer cannot take as part of a tag.
  if (
    unterminated &&
    (details.token === "EOF" || details.token === null || (details.token === "INVALID" && details.offset >= unterminated.offset))
  ) {
    return {
      ...end,
      message: `expected ${unterminated.closer} to close ${unterminated.what} opened at ${at(text, unterminated.offset)}, got the end of the template`,
    };
  }
  const unclosed = details.token === "EOF" ? blocks(tags).open.at(-1) : undefined;
  if (unclosed) return { ...end, message: `${closing(unclosed)} opened at ${at(text, unclosed.offset)}, got the end of the template` };
  const here = position(text, details.offset);
  if (details.token === null) {
    const char = text.codePointAt(details.offset);
    const what =
      char === undefined
        ? "the end of the template"
        : `the character U+${char.toString(16).toUpperCase().padStart(4, "0")}, which handlebars does not accept`;
    return { ...here, message: `expected text or a tag, got ${what}` };
  }
  const state = blocks(tags, details.offset);
  const tag = tags.find((t) => t.offset === details.offset);
  const got = details.token === "EOF" ? "the end of the template" : quote(tag ? tag.text : tokenText(text, details.offset));
  if (details.token === "OPEN_ENDBLOCK" && state.open.length === 0 && !state.stray && !state.mismatch) {
    return { ...here, message: `expected text, a tag or the end of the template, got ${got}, which closes no open block` };
  }
  const innermost = state.open.at(-1);
  const elseOutside = !innermost && /^(INVERSE|OPEN_INVERSE_CHAIN)$/.test(details.token) ? ", which belongs inside a block" : "";
  return {
    ...here,
    message: `expected ${inWords(plausible(details.expected, text, details.offset), innermost && `{{/${innermost.name}}}`)}, got ${got}${elseOutside}`,
  };
}

/** What stands at `offset`: a closing brace run, or the word or character there. */
function tokenText(text: string, offset: number): string {
  const m = /^(\}{2,4}|[A-Za-z0-9_@.-]+|[\s\S])/.exec(text.slice(offset));
  return m ? m[0] : "";
}
