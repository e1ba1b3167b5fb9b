// kindling serve over real HTTP: selection, rendering, the 404/422/500
// answers (never an empty 200), boot scripts, metadata, metrics, reloads.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../../src/deliver/pxe/server.js";
import { DirectoryStore } from "../../../src/deliver/pxe/store/directory.js";
import { waitFor } from "../../helpers/wait-for.js";

const NODE_BU = [
  "variant: fcos",
  "version: 1.5.0",
  "storage:",
  "  files:",
  "    - path: /etc/hostname",
  "      mode: 0644",
  "      contents:",
  "        inline: {{hostname}}",
  "    - path: {{conf_path}}",
  "      contents:",
  "        inline: role={{role}}",
  "",
].join("\n");

const dirs: string[] = [];

function dataDir(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "kindling-serve-"));
  dirs.push(dir);
  const files: Record<string, string> = {
    "profiles/node.json": JSON.stringify({
      id: "node",
      name: "Fedora CoreOS node",
      boot: {
        kernel: "/assets/k",
        initrd: ["--name main /assets/i"],
        args: ["ignition.firstboot", "ignition.config.url=http://s/ignition?mac=${mac:hexhyp}"],
      },
      ignition_id: "node.bu",
      cloud_id: "node.yaml",
    }),
    "profiles/raw.json": JSON.stringify({
      id: "raw",
      ignition_id: "raw.ign",
      ignition_version: "3.2.0",
      generic_id: "hosts.txt",
      allow_query: true,
    }),
    "generic/hosts.txt": "{{request.query.os}} {{mac}} {{request.query.mac}} {{request.raw_query}}\n",
    "groups/node1.json": JSON.stringify({
      id: "node1",
      profile: "node",
      selector: { mac: "52:54:00:a1:9c:ae" },
      metadata: { hostname: "node1", role: "etcd", conf_path: "/etc/role" },
    }),
    "groups/node1-installed.json": JSON.stringify({
      id: "node1-installed",
      profile: "raw",
      selector: { mac: "52:54:00:a1:9c:ae", os: "installed" },
      metadata: {},
    }),
    "groups/broken.json": JSON.stringify({
      id: "broken",
      profile: "node",
      selector: { mac: "52:54:00:00:00:02" },
      metadata: { hostname: "b", role: "x", conf_path: "relative/path" },
    }),
    "groups/missing.json": JSON.stringify({
      id: "missing",
      profile: "node",
      selector: { mac: "52:54:00:00:00:03" },
      metadata: { hostname: "m" },
    }),
    "ignition/node.bu": NODE_BU,
    "ignition/raw.ign":
      '{"ignition":{"version":"3.4.0"},"storage":{"files":[{"path":"/etc/stage","contents":{"source":"data:,installed"}}]}}',
    "cloud/node.yaml": "#cloud-config\nhostname: {{.hostname}}\n",
    ...extra,
  };
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

const servers: RunningServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function serve(dir: string, watch = false) {
  const s = await startServer({ store: new DirectoryStore(dir), port: 0, watch });
  servers.push(s);
  return s;
}

async function get(s: RunningServer, path: string, init?: RequestInit) {
  const r = await fetch(s.url + path, init);
  return { status: r.status, type: r.headers.get("content-type"), body: await r.text() };
}

describe("kindling serve", () => {
  it("serves a machine's Ignition, rendered from its group's Butane template", async () => {
    const s = await serve(dataDir());
    const r = await get(s, "/ignition?mac=52:54:00:a1:9c:ae");
    expect(r.status).toBe(200);
    expect(r.type).toBe("application/vnd.coreos.ignition+json");
    const config = JSON.parse(r.body);
    expect(config.ignition.version).toBe("3.4.0");
    expect(config.storage.files.map((f: { path: string; contents: { source: string } }) => [f.path, f.contents.source])).toEqual([
      ["/etc/hostname", "data:,node1"],
      ["/etc/role", "data:,role%3Detcd"],
    ]);
  });

  it("normalises MAC forms and prefers the group with more selectors", async () => {
    const s = await serve(dataDir());
    expect(JSON.parse((await get(s, "/ignition?mac=52-54-00-A1-9C-AE")).body).storage.files[0].path).toBe("/etc/hostname");
    const installed = await get(s, "/ignition?mac=52-54-00-a1-9c-ae&os=installed");
    expect(installed.status).toBe(200);
    // the raw profile converts its 3.4.0 template down to 3.2.0
    expect(JSON.parse(installed.body)).toEqual({
      ignition: { version: "3.2.0" },
      storage: { files: [{ path: "/etc/stage", contents: { source: "data:,installed" } }] },
    });
  });

  it("answers 404 when no group matches, naming the labels", async () => {
    const s = await serve(dataDir());
    const r = await get(s, "/ignition?mac=52:54:00:ff:ff:ff");
    expect(r).toEqual({ status: 404, type: "text/plain; charset=utf-8", body: "no group matches mac=52:54:00:ff:ff:ff\n" });
  });

  it("answers 422 with diagnostics when the rendered config is invalid, 500 when the template cannot render", async () => {
    const s = await serve(dataDir());
    const invalid = await get(s, "/ignition?mac=52:54:00:00:00:02");
    expect(invalid.status).toBe(422);
    const body = JSON.parse(invalid.body);
    expect(body.error).toBe("the Butane config rendered from ignition/node.bu is invalid: config generated was invalid");
    expect(body.diagnostics).toEqual([
      {
        severity: "error",
        code: expect.any(String),
        message: "path not absolute",
        hint: expect.any(String),
        file: "ignition/node.bu",
        line: 9,
        column: 13,
      },
    ]);
    const failed = await get(s, "/ignition?mac=52:54:00:00:00:03");
    expect(failed.status).toBe(500);
    expect(failed.body).toBe(
      'cannot render ignition/node.bu: line 9 uses "conf_path", which the group\'s metadata and selectors do not define\n',
    );
  });

  it("renders cloud-config, the script, metadata and boot scripts for the same group", async () => {
    const s = await serve(dataDir());
    expect(await get(s, "/cloud-config?mac=52:54:00:a1:9c:ae")).toEqual({
      status: 200,
      type: "text/cloud-config; charset=utf-8",
      body: "#cloud-config\nhostname: node1\n",
    });
    const script = await get(s, "/script?mac=52:54:00:a1:9c:ae");
    expect(script.status).toBe(200);
    expect(script.body).toMatch(/^#!\/bin\/sh\n/);
    expect(script.body).toContain("role=etcd");
    expect((await get(s, "/metadata?mac=52:54:00:a1:9c:ae")).body).toBe(
      "CONF_PATH=/etc/role\nHOSTNAME=node1\nMAC=52:54:00:a1:9c:ae\nREQUEST_QUERY_MAC=52:54:00:a1:9c:ae\nREQUEST_RAW_QUERY=mac=52:54:00:a1:9c:ae\nROLE=etcd\n",
    );
    const ipxe = await get(s, "/ipxe?mac=52:54:00:a1:9c:ae");
    expect(ipxe.body).toBe(
      "#!ipxe\nkernel /assets/k ignition.firstboot ignition.config.url=http://s/ignition?mac=${mac:hexhyp}\ninitrd --name main /assets/i\nboot\n",
    );
    expect((await get(s, "/grub?mac=52:54:00:a1:9c:ae")).body).toContain("linuxefi /assets/k ignition.firstboot");
    expect((await get(s, "/boot.ipxe")).body).toMatch(/^#!ipxe\nchain ipxe\?uuid=\$\{uuid\}&mac=\$\{mac:hexhyp\}/);
    expect((await get(s, "/ipxe?mac=52:54:00:a1:9c:ae&os=installed")).status).toBe(404);
    // /generic, with the query reaching the template only where the profile allows it
    expect(await get(s, "/generic?mac=52:54:00:a1:9c:ae&os=installed")).toEqual({
      status: 200,
      type: "text/plain; charset=utf-8",
      body: "installed 52:54:00:a1:9c:ae 52:54:00:a1:9c:ae mac=52:54:00:a1:9c:ae&os=installed\n",
    });
    expect((await get(s, "/generic?mac=52:54:00:a1:9c:ae")).status).toBe(404);
  });

  it("gives templates matchbox's request.query (first value of each parameter, mac normalised) and request.raw_query where the profile allows it", async () => {
    const s = await serve(dataDir());
    // the first os= selects, as in matchbox; the raw query is as sent
    expect((await get(s, "/generic?mac=52-54-00-A1-9C-AE&os=installed&os=other")).body).toBe(
      "installed 52:54:00:a1:9c:ae 52:54:00:a1:9c:ae mac=52-54-00-A1-9C-AE&os=installed&os=other\n",
    );
    // replies that read the query are cached per query as sent
    expect((await get(s, "/generic?os=installed&mac=52:54:00:a1:9c:ae")).body).toBe(
      "installed 52:54:00:a1:9c:ae 52:54:00:a1:9c:ae os=installed&mac=52:54:00:a1:9c:ae\n",
    );
  });

  it("answers 500 naming allow_query when a template reads request.* and its profile does not allow it", async () => {
    const s = await serve(
      dataDir({
        "profiles/peek.json": JSON.stringify({ id: "peek", generic_id: "peek.txt" }),
        "groups/peek.json": JSON.stringify({ id: "peek", profile: "peek", selector: { os: "peek" } }),
        "generic/peek.txt": "first line\nquery: {{request.raw_query}}\n",
      }),
    );
    expect(await get(s, "/generic?os=peek")).toEqual({
      status: 500,
      type: "text/plain; charset=utf-8",
      body: 'cannot render generic/peek.txt: line 2 reads request.raw_query, which templates see only when profile "peek" (profiles/peek.json) sets "allow_query": true\n',
    });
  });

  it("prints matchbox's REQUEST_QUERY_* and REQUEST_RAW_QUERY in /metadata, one line per value (a label with a line break is refused)", async () => {
    const s = await serve(dataDir());
    const raw = "mac=52-54-00-A1-9C-AE&foo=bar&foo=baz&a-b.c=1&note=a%5Cx%3DEVIL%22%20end";
    const r = await get(s, `/metadata?${raw}`);
    expect(r.status).toBe(200);
    expect(r.body.split("\n")).toEqual([
      "CONF_PATH=/etc/role",
      "HOSTNAME=node1",
      "MAC=52:54:00:a1:9c:ae",
      "REQUEST_QUERY_A_B_C=1",
      "REQUEST_QUERY_FOO=bar",
      "REQUEST_QUERY_MAC=52:54:00:a1:9c:ae",
      'REQUEST_QUERY_NOTE=a\\\\x=EVIL" end',
      `REQUEST_RAW_QUERY=${raw}`,
      "ROLE=etcd",
      "",
    ]);
    // a line break never reaches it: labels with control characters are refused
    expect((await get(s, "/metadata?mac=52:54:00:a1:9c:ae&note=a%0AEVIL%3D1")).status).toBe(400);
    // an unparsable mac is not a label: matchbox drops it from request.query too
    expect((await get(s, "/metadata?mac=52:54:00:a1:9c:ae&MAC=nope")).body).not.toContain("REQUEST_QUERY_MAC=nope");
  });

  it("is read-only for machines, and reports health and metrics", async () => {
    const s = await serve(dataDir());
    expect((await get(s, "/ignition?mac=52:54:00:a1:9c:ae", { method: "POST", body: "{}" })).status).toBe(405);
    expect(await get(s, "/healthz")).toEqual({ status: 200, type: "text/plain; charset=utf-8", body: "ok\n" });
    await get(s, "/ignition?mac=52:54:00:a1:9c:ae");
    await get(s, "/ignition?mac=52:54:00:a1:9c:ae");
    await get(s, "/ignition?mac=00:00:00:00:00:00");
    const metrics = (await get(s, "/metrics")).body;
    expect(metrics).toContain('kindling_requests_total{endpoint="/ignition",status="200"} 2\n');
    expect(metrics).toContain('kindling_requests_total{endpoint="/ignition",status="404"} 1\n');
    expect(metrics).toContain('kindling_renders_total{endpoint="/ignition"} 1\n');
    expect(metrics).toContain('kindling_cache_hits_total{endpoint="/ignition"} 1\n');
    expect(metrics).toContain('kindling_selection_misses_total{endpoint="/ignition"} 1\n');
    expect(metrics).toContain("kindling_groups 4\n");
  });

  it("reloads when the data changes, and keeps the last good data when an edit is broken", async () => {
    const dir = dataDir();
    const s = await serve(dir);
    const group = (hostname: string) =>
      JSON.stringify({
        id: "node1",
        profile: "node",
        selector: { mac: "52:54:00:a1:9c:ae" },
        metadata: { hostname, role: "etcd", conf_path: "/etc/role" },
      });
    writeFileSync(join(dir, "groups/node1.json"), group("renamed"));
    expect(await s.reload()).toEqual([]);
    expect(JSON.parse((await get(s, "/ignition?mac=52:54:00:a1:9c:ae")).body).storage.files[0].contents.source).toBe("data:,renamed");
    writeFileSync(join(dir, "groups/node1.json"), '{"id": "node1", "profile": "nope"}');
    expect((await s.reload()).map((p) => p.message)).toEqual(['group "node1" names profile "nope", which no file in profiles/ defines']);
    expect(JSON.parse((await get(s, "/ignition?mac=52:54:00:a1:9c:ae")).body).storage.files[0].contents.source).toBe("data:,renamed");
  });

  it("reloads by itself when a file changes", async () => {
    const dir = dataDir();
    const s = await serve(dir, true);
    writeFileSync(
      join(dir, "groups/node1.json"),
      JSON.stringify({
        id: "node1",
        profile: "node",
        selector: { mac: "52:54:00:a1:9c:ae" },
        metadata: { hostname: "watched", role: "etcd", conf_path: "/etc/role" },
      }),
    );
    await waitFor(
      "the edited group to be served",
      async () => JSON.parse((await get(s, "/ignition?mac=52:54:00:a1:9c:ae")).body).storage.files[0].contents.source === "data:,watched",
    );
  });

  it("counts requests for paths that are no endpoint under one label, so /metrics cannot grow with every path a client invents", async () => {
    const s = await serve(dataDir());
    for (let i = 0; i < 50; i++) expect((await get(s, `/nope-${i}`)).status).toBe(404);
    const text = (await get(s, "/metrics")).body;
    expect(text).not.toContain("nope-");
    expect(text).toContain('kindling_requests_total{endpoint="other",status="404"} 50\n');
  });

  it("never lets an editor backup block a reload, and warns once about a template no profile names", async () => {
    const dir = dataDir({
      "ignition/node.bu~": "{{#if broken",
      "ignition/#node.bu#": "{{/each}}",
      "ignition/old.bu": "{{#if x}}never closed",
    });
    const lines: string[] = [];
    const s = await startServer({ store: new DirectoryStore(dir), port: 0, watch: false, log: (line) => lines.push(line) });
    servers.push(s);
    for (const hostname of ["one", "two", "three"]) {
      writeFileSync(
        join(dir, "groups/node1.json"),
        JSON.stringify({
          id: "node1",
          profile: "node",
          selector: { mac: "52:54:00:a1:9c:ae" },
          metadata: { hostname, role: "etcd", conf_path: "/etc/role" },
        }),
      );
      expect(await s.reload()).toEqual([]);
      expect(JSON.parse((await get(s, "/ignition?mac=52:54:00:a1:9c:ae")).body).storage.files[0].contents.source).toBe(`data:,${hostname}`);
    }
    const warnings = lines.map((l) => JSON.parse(l)).filter((e) => e.event === "unused-template");
    expect(warnings).toEqual([
      {
        time: expect.any(String),
        event: "unused-template",
        file: "ignition/old.bu",
        message: "ignition/old.bu: no profile names it (ignition_id), so it is not loaded or checked",
      },
    ]);
  });

  it("ignores editor leftovers when watching the data directory", async () => {
    const dir = dataDir();
    const bursts: string[][] = [];
    const stop = new DirectoryStore(dir).watch((changed) => bursts.push(changed), 10);
    try {
      // written before the real edit, so any event they raised is reported with it or before it
      for (const f of ["ignition/node.bu~", "ignition/#node.bu#", "ignition/.node.bu.swp", "groups/node1.json~"])
        writeFileSync(join(dir, f), "x");
      writeFileSync(
        join(dir, "groups/node1.json"),
        JSON.stringify({ id: "node1", profile: "node", selector: { mac: "52:54:00:a1:9c:ae" }, metadata: {} }),
      );
      await waitFor("the edit of groups/node1.json to be reported", () => bursts.flat().includes("groups/node1.json"));
      expect(bursts.flat().filter((f) => f !== "groups/node1.json")).toEqual([]);
    } finally {
      stop();
    }
  });

  it("refuses to start on ambiguous groups or Go-template constructs, naming the files", async () => {
    const twin = JSON.stringify({ id: "twin", profile: "node", selector: { mac: "52-54-00-A1-9C-AE" }, metadata: {} });
    await expect(serve(dataDir({ "groups/twin.json": twin }))).rejects.toThrow(
      /groups\/node1\.json and groups\/twin\.json|groups\/twin\.json and groups\/node1\.json/,
    );
    await expect(
      serve(dataDir({ "groups/d1.json": '{"id":"d1","profile":"node"}', "groups/d2.json": '{"id":"d2","profile":"node"}' })),
    ).rejects.toThrow(/groups\/d1\.json and groups\/d2\.json/);
    await expect(serve(dataDir({ "cloud/node.yaml": "#cloud-config\n{{if .x}}a: 1{{end}}\n" }))).rejects.toThrow(
      /cloud\/node\.yaml:2:1: Go template actions are not supported/,
    );
  });
});

describe("examples/matchbox: a 3-node Fedora CoreOS cluster", () => {
  const dir = join(import.meta.dirname, "../../../examples/matchbox");

  it("gives each node its own Ignition and every other machine the installer", async () => {
    const s = await serve(dir);
    const nodes = {
      "52-54-00-a1-9c-ae": "node1.example.com",
      "52:54:00:b2:4d:1f": "node2.example.com",
      "52:54:00:C3:E7:05": "node3.example.com",
    };
    for (const [mac, hostname] of Object.entries(nodes)) {
      const r = await get(s, `/ignition?mac=${mac}&uuid=0b5c3f9e-1111-4c2a-9a55-000000000001`);
      expect(r.status, mac).toBe(200);
      const config = JSON.parse(r.body);
      const file = config.storage.files.find((f: { path: string }) => f.path === "/etc/hostname");
      expect(decodeURIComponent(file.contents.source.replace(/^data:,/, ""))).toBe(hostname);
      const ipxe = await get(s, `/ipxe?mac=${mac}`);
      expect(ipxe.body).toMatch(
        /^#!ipxe\nkernel \/assets\/fedora-coreos\/fedora-coreos-live-kernel-x86_64 initrd=main .*ignition\.firstboot ignition\.platform\.id=metal /,
      );
    }
    const other = await get(s, "/ipxe?mac=52:54:00:00:00:99");
    expect(other.status).toBe(200);
    expect(other.body).toContain("coreos.inst.install_dev=");
    expect((await get(s, "/ignition?mac=52:54:00:00:00:99")).status).toBe(200);
  });
});

describe("reloads under load", () => {
  /**
   * Counted, not timed: the writer makes EDITS edits, each a barrier (a good
   * edit is waited for until it is served, a broken one until its reload is
   * refused), while clients keep asking until the writer is done and at least
   * REQUESTS answers came back. A slow machine takes longer, never means less.
   */
  const EDITS = 12;
  const REQUESTS = 100;

  it("answers every request while the data changes and reloads underneath", async () => {
    const dir = dataDir();
    const events = { reload: 0, refused: 0 };
    const s = await startServer({
      store: new DirectoryStore(dir),
      port: 0,
      log: (line) => {
        const { event } = JSON.parse(line) as { event?: string };
        if (event === "reload") events.reload++;
        if (event === "reload-refused") events.refused++;
      },
    });
    servers.push(s);
    const store = new DirectoryStore(dir);
    const hostnameServed = async () =>
      JSON.parse((await get(s, "/ignition?mac=52:54:00:a1:9c:ae")).body).storage.files[0].contents.source as string;
    let writerDone = false;
    const writer = (async () => {
      try {
        for (let i = 1; i <= EDITS; i++) {
          if (i % 5 === 0) {
            // a broken edit now and then: refused, the last good data keeps serving
            const refused = events.refused;
            writeFileSync(join(dir, "groups/node1.json"), "{ broken");
            await waitFor(`the broken edit before edit ${i} to be refused`, () => events.refused > refused);
          }
          await store.write(
            "groups/node1.json",
            Buffer.from(
              JSON.stringify({
                id: "node1",
                profile: "node",
                selector: { mac: "52:54:00:a1:9c:ae" },
                metadata: { hostname: `node1-${i}`, role: "etcd", conf_path: "/etc/role" },
              }),
            ),
          );
          await waitFor(`edit ${i} to be served`, async () => (await hostnameServed()) === `data:,node1-${i}`);
        }
      } finally {
        writerDone = true;
      }
    })();
    const statuses = new Map<number, number>();
    const hostnames = new Set<string>();
    let answered = 0;
    const client = async () => {
      while (!writerDone || answered < REQUESTS) {
        const r = await get(s, "/ignition?mac=52:54:00:a1:9c:ae");
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 200) hostnames.add(JSON.parse(r.body).storage.files[0].contents.source);
        answered++;
      }
    };
    await Promise.all([writer, ...Array.from({ length: 8 }, client)]);
    expect([...statuses.keys()]).toEqual([200]);
    expect(answered).toBeGreaterThanOrEqual(REQUESTS);
    expect(events.reload).toBeGreaterThanOrEqual(EDITS);
    expect(events.refused).toBeGreaterThanOrEqual(Math.floor(EDITS / 5));
    // every answer was one of the good edits (or the data before them), never a broken one
    for (const h of hostnames) expect(h).toMatch(/^data:,node1(-\d+)?$/);
    // each served edit was rendered afresh after its reload
    const renders = Number(/kindling_renders_total\{endpoint="\/ignition"\} (\d+)/.exec(s.metrics.renderText(0, 0))![1]);
    expect(renders).toBeGreaterThanOrEqual(EDITS);
  });
});
