/**
 * What a request may carry into the server's answers. Values from a request
 * are data, never structure, so kindling refuses (400, naming the parameter)
 * rather than escapes: the server cannot know where in a template a value
 * lands (a YAML plain or quoted scalar, a JSON string, a shell word, an iPXE
 * or kernel argument), and each needs its own escaping; a refusal is right
 * in all of them.
 *
 * - Every label (query parameter name and value) on every endpoint that
 *   selects a group: no control characters (C0, DEL, C1) and no line or
 *   paragraph separators. No firmware or machine sends them.
 * - Where templates read the query (a profile's `allow_query`), also no
 *   whitespace, quotes (" ' `), backslash, '$', '{' or '}', in any parameter
 *   (names, later values and the raw query too: templates can print
 *   request.raw_query). With these gone, a value cannot end a quoted string in
 *   YAML, JSON, shell or GRUB, cannot start a line, an argument (iPXE and the
 *   kernel command line split on spaces), an expansion (${...}, $VAR) or a
 *   template. What stays allowed is what URLs need: '&', '=', '?', '#', '%',
 *   '[', ']', ':', '/', ';', ','. These matter only unquoted, so templates
 *   quote request values in YAML and shell: "{{request.query.url}}".
 */

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
const STRUCTURE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\s"'`\\${}]/u;

const NAMES: Record<string, string> = {
  " ": "a space",
  "\t": "a tab",
  "\n": "a newline",
  "\r": "a carriage return",
  "\0": "a NUL",
  '"': "a double quote",
  "'": "a single quote",
  "`": "a backtick",
  "\\": "a backslash",
  $: "a '$'",
  "{": "a '{'",
  "}": "a '}'",
};

function describeChar(c: string): string {
  return NAMES[c] ?? `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Each parameter of a query as sent, decoded: names and every value, not just the first. */
function parameters(rawQuery: string): [string, string][] {
  return [...new URLSearchParams(rawQuery)];
}

/** Why the labels (every query parameter's name and values) cannot be taken, or undefined when they can. */
export function labelProblem(rawQuery: string): string | undefined {
  for (const [name, value] of parameters(rawQuery)) {
    const bad = CONTROL.exec(name) ?? CONTROL.exec(value);
    if (bad)
      return `the query parameter ${JSON.stringify(name)} holds a control character (${describeChar(bad[0])}); labels are data and never hold control characters or line breaks\n`;
  }
  return undefined;
}

/**
 * Why the query cannot reach a template, or undefined when it can: each
 * parameter as sent (templates print request.raw_query) and as decoded.
 */
export function templateQueryProblem(rawQuery: string): string | undefined {
  for (const pair of rawQuery.split("&")) {
    for (const [name, value] of parameters(pair)) {
      const bad = STRUCTURE.exec(pair) ?? STRUCTURE.exec(name) ?? STRUCTURE.exec(value);
      if (bad) {
        return `the query parameter ${JSON.stringify(name)} holds ${describeChar(bad[0])}, which kindling does not pass to templates: request values are data, never structure (no whitespace, quotes, backslashes, '$', braces or control characters)\n`;
      }
    }
  }
  return undefined;
}

/** A Host header kindling can put in a URL: a name or an IP address (IPv6 in brackets), and a port. */
const HOST = /^(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** Why the Host header is refused, or undefined (absent or well-formed). */
export function hostProblem(host: string | undefined): string | undefined {
  if (host === undefined || host === "" || HOST.test(host)) return undefined;
  return `the Host header ${JSON.stringify(host)} is not HOST[:PORT]\n`;
}
