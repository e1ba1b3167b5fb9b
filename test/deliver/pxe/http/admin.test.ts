// The admin API over real HTTP: refused without the token, every change
// checked against the whole store before it is written, writes served at once.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../../../src/deliver/pxe/server.js";
import { DirectoryStore } from "../../../../src/deliver/pxe/store/directory.js";

const TOKEN = "s3cret-token-for-tests-0123456789";
const auth = { authorization: `Bearer ${TOKEN}` };
const running: RunningServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function serve(adminToken: string | null = TOKEN) {
  const dir = mkdtempSync(join(tmpdir(), "kindling-admin-"));
  dirs.push(dir);
  for (const d of ["profiles", "groups", "ignition"]) mkdirSync(join(dir, d));
  writeFileSync(join(dir, "profiles/node.json"), '{"id":"node","ignition_id":"node.bu"}');
  writeFileSync(
    join(dir, "ignition/node.bu"),
    "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/hostname\n      contents:\n        inline: {{hostname}}\n",
  );
  writeFileSync(
    join(dir, "groups/n1.json"),
    '{"id":"n1","profile":"node","selector":{"mac":"52:54:00:00:00:01"},"metadata":{"hostname":"n1"}}',
  );
  const s = await startServer({ store: new DirectoryStore(dir), port: 0, watch: false, ...(adminToken ? { adminToken } : {}) });
  running.push(s);
  return { s, dir };
}

async function call(s: RunningServer, method: string, path: string, body?: string, headers: Record<string, string> = auth) {
  const r = await fetch(s.url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await r.text();
  return {
    status: r.status,
    body: text,
    json: r.headers.get("content-type") === "application/json" ? JSON.parse(text) : undefined,
    www: r.headers.get("www-authenticate"),
  };
}

describe("the admin API", () => {
  it("is off without a token, and refuses requests without the right bearer token", async () => {
    const off = await serve(null);
    expect((await call(off.s, "GET", "/admin/groups")).status).toBe(404);
    const { s } = await serve();
    for (const headers of [
      {},
      { authorization: "Bearer wrong" },
      { authorization: `Basic ${TOKEN}` },
      { authorization: `Bearer ${TOKEN}x` },
    ]) {
      const r = await call(s, "GET", "/admin/groups", undefined, headers);
      expect(r.status).toBe(401);
      expect(r.www).toBe('Bearer realm="kindling"');
    }
  });

  it("lists, reads, writes and deletes groups, serving a write at once", async () => {
    const { s, dir } = await serve();
    expect((await call(s, "GET", "/admin/groups")).json).toEqual(["n1"]);
    expect(JSON.parse((await call(s, "GET", "/admin/groups/n1")).body).metadata).toEqual({ hostname: "n1" });
    const group = '{"id":"n2","profile":"node","selector":{"mac":"52:54:00:00:00:02"},"metadata":{"hostname":"n2"}}';
    expect(await call(s, "PUT", "/admin/groups/n2", group)).toMatchObject({ status: 201, json: { written: "groups/n2.json" } });
    expect(readFileSync(join(dir, "groups/n2.json"), "utf8")).toBe(group);
    expect(readdirSync(join(dir, "groups")).sort()).toEqual(["n1.json", "n2.json"]);
    const served = await fetch(`${s.url}/ignition?mac=52:54:00:00:00:02`);
    expect(JSON.parse(await served.text()).storage.files[0].contents.source).toBe("data:,n2");
    expect((await call(s, "DELETE", "/admin/groups/n2")).status).toBe(200);
    expect(existsSync(join(dir, "groups/n2.json"))).toBe(false);
    expect((await fetch(`${s.url}/ignition?mac=52:54:00:00:00:02`)).status).toBe(404);
  });

  it("refuses a change that would leave the store invalid, and writes nothing", async () => {
    const { s, dir } = await serve();
    const twin = await call(s, "PUT", "/admin/groups/twin", '{"id":"twin","profile":"node","selector":{"mac":"52-54-00-00-00-01"}}');
    expect(twin.status).toBe(422);
    expect(twin.json.problems.join("\n")).toMatch(/groups\/n1\.json and groups\/twin\.json|groups\/twin\.json and groups\/n1\.json/);
    const bad = await call(s, "PUT", "/admin/groups/n3", '{\n  "id": "n3",\n  "profile": 3\n}');
    expect(bad.json.problems).toEqual(["groups/n3.json:3:14: profile must name a profile"]);
    expect((await call(s, "PUT", "/admin/groups/n4", '{"id":"other","profile":"node"}')).status).toBe(422);
    expect((await call(s, "PUT", "/admin/configs/ignition/node.bu", "{{if .x}}{{end}}")).json.problems).toEqual([
      'ignition/node.bu:1:1: Go template actions are not supported; use handlebars blocks ({{#if key}}…{{/if}}, {{#each list}}…{{/each}}): "{{if .x}}"',
      'ignition/node.bu:1:10: Go template actions are not supported; use handlebars blocks ({{#if key}}…{{/if}}, {{#each list}}…{{/each}}): "{{end}}"',
    ]);
    const orphaning = await call(s, "DELETE", "/admin/profiles/node");
    expect(orphaning.status).toBe(409);
    expect(orphaning.json.problems).toEqual(['groups/n1.json: group "n1" names profile "node", which no file in profiles/ defines']);
    expect(readdirSync(join(dir, "groups"))).toEqual(["n1.json"]);
    expect(existsSync(join(dir, "profiles/node.json"))).toBe(true);
  });

  it("writes configs, refuses paths out of the store and oversized bodies", async () => {
    const { s } = await serve();
    expect((await call(s, "PUT", "/admin/configs/ignition/node.bu", "variant: fcos\nversion: 1.5.0\n")).status).toBe(200);
    expect((await call(s, "GET", "/admin/configs/ignition")).json).toEqual(["node.bu"]);
    for (const path of [
      "/admin/groups/..%2Fprofiles%2Fnode",
      "/admin/groups/.hidden",
      "/admin/configs/other/x",
      "/admin/groups/a/b",
      "/admin/configs/ignition/node.bu.swp",
    ]) {
      expect((await call(s, "PUT", path, "{}")).status, path).toBe(404);
    }
    expect((await call(s, "PUT", "/admin/configs/generic/big", "x".repeat((1 << 20) + 1))).status).toBe(413);
  });

  it("checks a config it is given even before a profile names it", async () => {
    const { s, dir } = await serve();
    const spare = await call(s, "PUT", "/admin/configs/ignition/spare.bu", "a: 1\n{{#if x}}\n");
    expect(spare.status).toBe(422);
    expect(spare.json.problems).toEqual([
      "ignition/spare.bu:3:1: expected {{/if}} to close the {{#if x}} opened at 2:1, got the end of the template",
    ]);
    expect(existsSync(join(dir, "ignition/spare.bu"))).toBe(false);
    expect((await call(s, "PUT", "/admin/configs/ignition/spare.bu", "a: {{x}}\n")).status).toBe(201);
  });

  it("checks concurrent changes one after another, so two that clash cannot both be written", async () => {
    const { s, dir } = await serve();
    // Each is valid alone; together two groups would share a selector (and the store would not load).
    const group = (id: string) =>
      JSON.stringify({ id, profile: "node", selector: { mac: "52:54:00:00:00:09" }, metadata: { hostname: id } });
    const ids = ["a", "b", "c", "d"];
    const answers = await Promise.all(ids.map((id) => call(s, "PUT", `/admin/groups/${id}`, group(id))));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422, 422, 422]);
    const written = ids.filter((id) => existsSync(join(dir, `groups/${id}.json`)));
    expect(written).toHaveLength(1);
    expect(answers[ids.indexOf(written[0]!)]!.status).toBe(201);
    expect((await new DirectoryStore(dir).load()).problems).toEqual([]);
  });
});
