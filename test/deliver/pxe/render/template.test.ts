// Config templates: handlebars with matchbox's plain {{.key}} accepted and
// every other Go-template construct refused at its line and column.
import { describe, expect, it } from "vitest";
import { translateGoTemplate } from "../../../../src/deliver/pxe/render/go-template.js";
import { compileTemplate, findRequestRead } from "../../../../src/deliver/pxe/render/template.js";

describe("matchbox templates", () => {
  it("reads {{.key}} and {{.a.b}} as handlebars paths", () => {
    // the dot becomes a space, so every later position in the line stays where the author wrote it
    expect(translateGoTemplate("host: {{.hostname}}\nip: {{ .net.ip }}\n")).toEqual({
      text: "host: {{ hostname}}\nip: {{  net.ip }}\n",
      problems: [],
    });
    const t = compileTemplate("variant: fcos\nhostname: {{.hostname}}\n").template!;
    expect(t.render({ hostname: "node1" })).toBe("variant: fcos\nhostname: node1\n");
  });

  it("refuses Go template actions, pipelines, variables and trim markers with their position", () => {
    const text = ["a: {{.ok}}", "{{if .x}}", 'b: {{.name | printf "%s"}}', "  c: {{- .y}}", "{{range $i, $e := .list}}{{end}}"].join("\n");
    const { problems } = translateGoTemplate(text);
    expect(problems.map((p) => `${p.line}:${p.column}`)).toEqual(["2:1", "3:4", "4:6", "5:1", "5:26"]);
    expect(problems[0]!.message).toMatch(/^Go template actions are not supported/);
    expect(problems[1]!.message).toMatch(/^Go template pipelines are not supported/);
    expect(problems[2]!.message).toMatch(/^Go template trim markers/);
  });

  it("refuses a Go comment, saying how handlebars writes one", () => {
    for (const comment of ["{{/* note */}}", "{{ /* a | b */ }}"]) {
      expect(translateGoTemplate(`a: 1\nb {{.x}} ${comment}\n`).problems).toEqual([
        {
          line: 2,
          column: 10,
          message: `Go template comments are not supported; write a handlebars comment ({{!-- … --}}): ${JSON.stringify(comment)}`,
        },
      ]);
    }
  });

  it("leaves handlebars constructs alone", () => {
    const text = "{{#if etcd}}etcd: {{etcd.name}}{{/if}}\n{{#each keys}}- {{this}}\n{{/each}}{{{raw}}}\n";
    expect(translateGoTemplate(text)).toEqual({ text, problems: [] });
    expect(compileTemplate(text).template!.render({ etcd: { name: "e1" }, keys: ["k1", "k2"], raw: "<x>" })).toBe(
      "etcd: e1\n- k1\n- k2\n<x>\n",
    );
  });

  it("is strict: a key the data lacks is an error, never an empty string", () => {
    const t = compileTemplate("hostname: {{hostname}}\n").template!;
    expect(() => t.render({})).toThrow(/"hostname" not defined/);
  });
});

describe("template syntax errors: one problem with line, column, what was expected and what came", () => {
  const problem = (text: string) => {
    const r = compileTemplate(text);
    expect(r.template).toBeUndefined();
    expect(r.problems).toHaveLength(1);
    return r.problems[0]!;
  };

  it("an unclosed block: where the end was expected, and where the block opened", () => {
    expect(problem("a\nb\n{{#if x}}\nc\n")).toEqual({
      line: 5,
      column: 1,
      message: "expected {{/if}} to close the {{#if x}} opened at 3:1, got the end of the template",
    });
    // the innermost block that is still open
    expect(problem("{{#each hosts}}\n  {{#if up}}{{name}}\n{{/each}}")).toEqual({
      line: 3,
      column: 1,
      message: 'expected {{/if}} to close the {{#if up}} opened at 2:3, got "{{/each}}"',
    });
  });

  it("a block closed by the wrong name: at the closing tag, naming the opening one", () => {
    expect(problem("{{#if x}}\n  {{/each}}\n")).toEqual({
      line: 2,
      column: 3,
      message: 'expected {{/if}} to close the {{#if x}} opened at 1:1, got "{{/each}}"',
    });
    expect(problem("{{~#each xs~}}\n- {{this}}\n{{~/if~}}")).toEqual({
      line: 3,
      column: 1,
      message: 'expected {{/each}} to close the {{~#each xs~}} opened at 1:1, got "{{~/if~}}"',
    });
  });

  it("a closing tag with no block open", () => {
    expect(problem("x {{/if}}")).toEqual({
      line: 1,
      column: 3,
      message: 'expected text, a tag or the end of the template, got "{{/if}}", which closes no open block',
    });
    expect(problem("{{#if a}}x{{/if}}\n{{/if}}\n")).toEqual({
      line: 2,
      column: 1,
      message: 'expected text, a tag or the end of the template, got "{{/if}}", which closes no open block',
    });
  });

  it("a tag or comment that never ends", () => {
    expect(problem("hostname: {{name\n")).toEqual({
      line: 2,
      column: 1,
      message: "expected }} to close the {{ opened at 1:11, got the end of the template",
    });
    expect(problem("{{#if never closed")).toEqual({
      line: 1,
      column: 19,
      message: "expected }} to close the {{ opened at 1:1, got the end of the template",
    });
    expect(problem("a\n{{!-- note\nb\n")).toEqual({
      line: 4,
      column: 1,
      message: "expected --}} to close the comment opened at 2:1, got the end of the template",
    });
  });

  it("a tag with something missing or extra inside: what the parser expected there, in words", () => {
    expect(problem("a: {{}}")).toEqual({ line: 1, column: 6, message: 'expected a name or value, got "}}"' });
    expect(problem("a\nb: {{foo bar=}}\n")).toEqual({ line: 2, column: 14, message: 'expected a name or value, got "}}"' });
    expect(problem("{{foo}}}")).toEqual({ line: 1, column: 6, message: 'expected }} or a name or value, got "}}}"' });
    expect(problem("{{#each a}}{{else}}{{else}}{{/each}}")).toEqual({
      line: 1,
      column: 20,
      message: 'expected text, a tag or {{/each}}, got "{{else}}"',
    });
    expect(problem("a\n{{else}}\n")).toEqual({
      line: 2,
      column: 1,
      message: 'expected text, a tag or the end of the template, got "{{else}}", which belongs inside a block',
    });
    expect(problem("{{foo bar=(baz}}")).toEqual({ line: 1, column: 15, message: 'expected ) or a name or value, got "}}"' });
    expect(problem("a\u0000b")).toEqual({
      line: 1,
      column: 2,
      message: "expected text or a tag, got the character U+0000, which handlebars does not accept",
    });
  });

  it("counts columns in the text as written, Go-style {{.key}} included", () => {
    expect(problem("a: {{.x}} {{}}\n")).toEqual({ line: 1, column: 13, message: 'expected a name or value, got "}}"' });
  });

  it("a problem handlebars finds after parsing keeps its position", () => {
    expect(problem("x\n{{foo/../bar}}")).toEqual({ line: 2, column: 3, message: "Invalid path: foo/.." });
  });
});

describe("handlebars constructs that look like Go", () => {
  it("accepts handlebars comments and else-if chains, refuses Go's else if", () => {
    const hb = "{{!-- note --}}{{! short }}{{#if a}}x{{else if b}}y{{/if}}\n";
    expect(translateGoTemplate(hb)).toEqual({ text: hb, problems: [] });
    expect(compileTemplate(hb).template!.render({ a: false, b: true })).toBe("y\n");
    expect(translateGoTemplate("{{if .a}}x{{else if .b}}y{{end}}").problems.map((p) => p.column)).toEqual([1, 11, 26]);
  });
});

describe("templates that read matchbox's request", () => {
  it("are found wherever a path starts at request, in handlebars or Go", () => {
    const at = (text: string) => {
      const r = findRequestRead(text);
      return r && `${r.line}:${r.column} ${r.path}`;
    };
    expect(at('a\ncurl "{{.ignition_endpoint}}?{{.request.raw_query}}&os=installed"')).toBe("2:33 request.raw_query");
    expect(at("{{#if request.query.os}}x{{/if}}")).toBe("1:7 request.query.os");
    expect(at("{{#each list}}{{../request.query.mac}}{{/each}}")).toBe("1:20 request.query.mac");
    expect(at('{{index .request.query "mac"}}')).toBe("1:10 request.query");
    expect(at("{{~request/raw_query~}} {{@root.request}}")).toBe("1:4 request/raw_query");
    for (const none of [
      "{{requested}}",
      "{{my.request}}",
      "{{! request }}",
      "{{!-- {{request}} --}}",
      "request: {{x}}",
      "{{/* .request */}}",
    ])
      expect(at(none), none).toBeUndefined();
  });
});
