// Config templates: handlebars with matchbox's plain {{.key}} accepted and
// every other Go-template construct refused at its line and column.
import { describe, expect, it } from "vitest";
import { compileTemplate, translateGoTemplate } from "../../../src/deliver/pxe/template.js";

describe("matchbox templates", () => {
  it("reads {{.key}} and {{.a.b}} as handlebars paths", () => {
    expect(translateGoTemplate("host: {{.hostname}}\nip: {{ .net.ip }}\n")).toEqual({ text: "host: {{hostname}}\nip: {{net.ip}}\n", problems: [] });
    const t = compileTemplate("variant: fcos\nhostname: {{.hostname}}\n").template!;
    expect(t.render({ hostname: "node1" })).toBe("variant: fcos\nhostname: node1\n");
  });

  it("refuses Go template actions, pipelines, variables and trim markers with their position", () => {
    const text = ["a: {{.ok}}", "{{if .x}}", "b: {{.name | printf \"%s\"}}", "  c: {{- .y}}", "{{range $i, $e := .list}}{{end}}"].join("\n");
    const { problems } = translateGoTemplate(text);
    expect(problems.map((p) => `${p.line}:${p.column}`)).toEqual(["2:1", "3:4", "4:6", "5:1", "5:26"]);
    expect(problems[0]!.message).toMatch(/^Go template actions are not supported/);
    expect(problems[1]!.message).toMatch(/^Go template pipelines are not supported/);
    expect(problems[2]!.message).toMatch(/^Go template trim markers/);
  });

  it("leaves handlebars constructs alone", () => {
    const text = "{{#if etcd}}etcd: {{etcd.name}}{{/if}}\n{{#each keys}}- {{this}}\n{{/each}}{{{raw}}}\n";
    expect(translateGoTemplate(text)).toEqual({ text, problems: [] });
    expect(compileTemplate(text).template!.render({ etcd: { name: "e1" }, keys: ["k1", "k2"], raw: "<x>" })).toBe("etcd: e1\n- k1\n- k2\n<x>\n");
  });

  it("is strict: a key the data lacks is an error, never an empty string", () => {
    const t = compileTemplate("hostname: {{hostname}}\n").template!;
    expect(() => t.render({})).toThrow(/"hostname" not defined/);
  });

  it("reports handlebars syntax errors with their line", () => {
    const r = compileTemplate("a\nb\n{{#if x}}\nc\n");
    expect(r.template).toBeUndefined();
    expect(r.problems[0]!.message).toMatch(/^template syntax: /);
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
