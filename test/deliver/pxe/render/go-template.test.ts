// matchbox Go templates rewritten as handlebars where the meaning is the same,
// everything else listed with its position; the rewritten text renders as the
// Go template would.
import { describe, expect, it } from "vitest";
import { rewriteGoTemplate } from "../../../../src/deliver/pxe/render/go-template.js";
import { compileTemplate } from "../../../../src/deliver/pxe/render/template.js";

describe("rewriting matchbox templates", () => {
  it("rewrites fields, if/else if/else, range, with and comments", () => {
    const go = [
      "hostname: {{.hostname}}",
      "{{/* a note */}}",
      "{{if .etcd}}etcd: {{.etcd.name}}{{else if .proxy}}proxy{{else}}none{{end}}",
      "keys:{{range .keys}} {{.}}{{end}}",
      "{{with .net}}ip: {{.ip}}{{end}}",
      "",
    ].join("\n");
    const r = rewriteGoTemplate(go);
    expect(r.unrewritten).toEqual([]);
    expect(r.text).toBe(
      [
        "hostname: {{hostname}}",
        "{{!-- a note --}}",
        "{{#if etcd}}etcd: {{etcd.name}}{{else if proxy}}proxy{{else}}none{{/if}}",
        "keys:{{#each keys}} {{this}}{{/each}}",
        "{{#with net}}ip: {{ip}}{{/with}}",
        "",
      ].join("\n"),
    );
    expect(r.rewritten).toBe(13);
    // Rendered as Go renders it, except that a comment alone on its line takes
    // the line with it (handlebars' standalone rule) where Go leaves it empty.
    const render = (data: Record<string, unknown>) => compileTemplate(r.text).template!.render(data);
    expect(render({ hostname: "n1", etcd: { name: "e1" }, keys: ["a", "b"], net: { ip: "10.0.0.1" } })).toBe(
      "hostname: n1\netcd: e1\nkeys: a b\nip: 10.0.0.1\n",
    );
    expect(render({ hostname: "n2", etcd: false, proxy: true, keys: [], net: { ip: "x" } })).toBe("hostname: n2\nproxy\nkeys:\nip: x\n");
  });

  it("lists what it cannot rewrite, with positions, and leaves it as written", () => {
    const go = [
      'a: {{.name | printf "%q"}}',
      '{{if eq .role "etcd"}}x{{end}}',
      "{{- .y}}",
      '{{$v := .z}}{{template "t" .}}',
      "{{.ok}}",
    ].join("\n");
    const r = rewriteGoTemplate(go);
    expect(r.unrewritten.map((u) => `${u.line}:${u.column} ${u.action}`)).toEqual([
      '1:4 {{.name | printf "%q"}}',
      '2:1 {{if eq .role "etcd"}}',
      "2:24 {{end}}",
      "3:1 {{- .y}}",
      "4:1 {{$v := .z}}",
      '4:13 {{template "t" .}}',
    ]);
    expect(r.text.split("\n").slice(0, 4)).toEqual(go.split("\n").slice(0, 4));
    expect(r.text.split("\n")[4]).toBe("{{ok}}");
  });

  it("leaves handlebars alone, its comments included", () => {
    const hb = "{{#if a}}{{b}}{{/if}}{{{raw}}}\n{{!-- a note --}}{{! costs $5 | more }}\n";
    expect(rewriteGoTemplate(hb)).toEqual({ text: hb, rewritten: 0, unrewritten: [] });
  });
});
