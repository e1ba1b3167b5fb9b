import { describe, expect, it } from "vitest";
import { rng } from "../../../../scripts/lib/rng.mjs";
import { GroupIndex, normaliseMac, type Selectable } from "../../../../src/deliver/pxe/select/group-index.js";

interface G extends Selectable {
  profile?: string;
}

const g = (id: string, selector: Record<string, string>, file = `groups/${id}.json`): G => ({ id, selector, file });

function built(groups: G[]): GroupIndex<G> {
  const { index, problems } = GroupIndex.build(groups);
  expect(problems).toEqual([]);
  expect(index).toBeDefined();
  return index!;
}

const pick = (index: GroupIndex<G>, labels: Record<string, string>) => index.select(labels)?.id;

describe("GroupIndex.select precedence", () => {
  const index = built([
    g("default", {}),
    g("web", { role: "web" }),
    g("web-eu", { role: "web", region: "eu" }),
    g("web-eu-node", { role: "web", region: "eu", mac: "52:54:00:aa:bb:cc" }),
    g("node", { mac: "52:54:00:aa:bb:cc" }),
  ]);

  it("the group with the most selectors that all match wins", () => {
    expect(pick(index, { role: "web", region: "eu", mac: "52:54:00:aa:bb:cc" })).toBe("web-eu-node");
    expect(pick(index, { role: "web", region: "eu", mac: "52:54:00:aa:bb:cd" })).toBe("web-eu");
    expect(pick(index, { role: "web", region: "us" })).toBe("web");
    expect(pick(index, { mac: "52:54:00:aa:bb:cc", region: "eu" })).toBe("node");
  });

  it("a partial match never wins, however many selectors it has", () => {
    // web-eu-node matches two of its three selectors; web and node match their one
    // ("role=web" > "mac=...", so web).
    expect(pick(index, { role: "web", mac: "52:54:00:aa:bb:cc" })).toBe("web");
    expect(pick(index, { region: "eu", mac: "52:54:00:aa:bb:cc" })).toBe("node");
    // web-eu matches one of two; web matches its one.
    expect(pick(index, { role: "web", region: "" })).toBe("web");
  });

  it("extra request labels are ignored", () => {
    expect(pick(index, { role: "web", os: "installed", uuid: "x" })).toBe("web");
  });

  it("values match exactly (case-sensitive outside mac and uuid)", () => {
    expect(pick(index, { role: "Web" })).toBe("default");
    expect(pick(index, { role: "web " })).toBe("default");
  });

  it("the default group (no selectors) matches everything else", () => {
    expect(pick(index, {})).toBe("default");
    expect(pick(index, { hostname: "a" })).toBe("default");
  });

  it("without a default group, an unmatched request selects nothing", () => {
    const noDefault = built([g("web", { role: "web" })]);
    expect(noDefault.select({ role: "db" })).toBeUndefined();
    expect(noDefault.select({})).toBeUndefined();
  });

  it("an empty index selects nothing", () => {
    const empty = built([]);
    expect(empty.select({ mac: "52:54:00:aa:bb:cc" })).toBeUndefined();
    expect(empty.size).toBe(0);
    expect(empty.signatures).toBe(0);
  });

  it("returns the caller's group object", () => {
    const web = { ...g("web", { role: "web" }), profile: "p" };
    expect(built([web]).select({ role: "web" })).toBe(web);
  });
});

describe("GroupIndex.select tie-breaks between equal selector counts", () => {
  it("takes the lexically greatest sorted k=v string, whatever the input order", () => {
    const groups = [
      g("region", { region: "eu" }), // "region=eu"
      g("role", { role: "web" }), // "role=web" (greatest)
      g("os", { os: "installed" }), // "os=installed"
    ];
    const labels = { region: "eu", role: "web", os: "installed" };
    for (const order of [groups, [...groups].reverse(), [groups[1]!, groups[0]!, groups[2]!]]) {
      expect(pick(built(order), labels)).toBe("role");
    }
    expect(pick(built(groups), { region: "eu", os: "installed" })).toBe("region");
  });

  it("compares the whole joined string, not key by key", () => {
    // "a=2,z=1" vs "b=1,c=1": 'b' > 'a' at the first character.
    const index = built([g("az", { a: "2", z: "1" }), g("bc", { b: "1", c: "1" })]);
    expect(pick(index, { a: "2", z: "1", b: "1", c: "1" })).toBe("bc");
  });

  it("sorts the k=v pairs as strings, not by key", () => {
    // "dotted": pairs sorted as strings -> "a.b=1,a=9" (by key it would be "a=9,a.b=1").
    // "other": "a.c=1,d=1". As strings "a.c..." > "a.b...", so "other" wins; sorting by key
    // would have made "dotted" win ('=' > '.').
    const index = built([g("dotted", { a: "9", "a.b": "1" }), g("other", { "a.c": "1", d: "1" })]);
    expect(pick(index, { a: "9", "a.b": "1", "a.c": "1", d: "1" })).toBe("other");
  });

  it("compares past a common prefix", () => {
    const index = built([g("x1", { x: "1", k: "b" }), g("y1", { y: "1", k: "b" })]);
    expect(pick(index, { x: "1", y: "1", k: "b" })).toBe("y1"); // "k=b,y=1" > "k=b,x=1"
  });

  it("orders by code point (Go compares UTF-8 bytes), not by UTF-16 code unit", () => {
    // U+1F600 > U+FF5E by code point, but its UTF-16 lead surrogate 0xD83D < 0xFF5E.
    const index = built([g("fw", { k: "v", "x\uFF5E": "1" }), g("emoji", { k: "v", "x\u{1F600}": "1" })]);
    expect(pick(index, { k: "v", "x\uFF5E": "1", "x\u{1F600}": "1" })).toBe("emoji");
  });

  it("is deterministic when two different selector sets render the same string", () => {
    // {"a=b": "c"} and {"a": "b=c"} both render "a=b=c"; matchbox's order is then undefined.
    // kindling breaks the tie by the JSON of the sorted [key, value] pairs, greatest first.
    const groups = [g("key-eq", { "a=b": "c" }), g("value-eq", { a: "b=c" })];
    const labels = { "a=b": "c", a: "b=c" };
    const first = pick(built(groups), labels);
    expect(pick(built([...groups].reverse()), labels)).toBe(first);
    // JSON: [["a=b","c"]] vs [["a","b=c"]]: '=' (0x3D) > '"' (0x22) at index 4.
    expect(first).toBe("key-eq");
  });
});

describe("MAC addresses", () => {
  const forms = ["52:54:00:aa:bb:cc", "52-54-00-aa-bb-cc", "52-54-00-AA-BB-CC", "5254.00aa.bbcc", "52:54:00:AA:BB:CC", "5254.00AA.BBCC"];

  it("every selector form matches every request form", () => {
    for (const sel of forms) {
      const index = built([g("node", { mac: sel })]);
      for (const req of forms) expect(pick(index, { mac: req }), `${sel} vs ${req}`).toBe("node");
    }
  });

  it("an unparsable request mac matches no mac selector, but other groups still match", () => {
    const index = built([g("default", {}), g("node", { mac: "52:54:00:aa:bb:cc" }), g("web", { role: "web" })]);
    expect(pick(index, { mac: "52:54:00:aa:bb" })).toBe("default");
    expect(pick(index, { mac: "", role: "web" })).toBe("web");
    expect(pick(index, { mac: "zz:54:00:aa:bb:cc" })).toBe("default");
  });

  it("an unparsable selector mac is a build problem naming the file", () => {
    const { index, problems } = GroupIndex.build([g("ok", { role: "x" }), g("bad", { mac: "52:54:00:aa:bb" }, "groups/bad.json")]);
    expect(index).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]!.files).toEqual(["groups/bad.json"]);
    expect(problems[0]!.message).toContain("groups/bad.json");
    expect(problems[0]!.message).toContain("52:54:00:aa:bb");
  });

  it("the mac key is recognised in any case", () => {
    const index = built([g("node", { MAC: "52-54-00-AA-BB-CC" })]);
    expect(pick(index, { Mac: "5254.00aa.bbcc" })).toBe("node");
    expect(GroupIndex.build([g("bad", { Mac: "nope" })]).problems).toHaveLength(1);
  });

  it("8- and 20-octet addresses are accepted", () => {
    const index = built([g("eui64", { mac: "0200.5e10.0000.0001" })]);
    expect(pick(index, { mac: "02:00:5E:10:00:00:00:01" })).toBe("eui64");
  });

  it("normaliseMac is re-exported", () => {
    expect(normaliseMac("5254.00AA.BBCC")).toBe("52:54:00:aa:bb:cc");
  });
});

describe("UUIDs compare case-insensitively", () => {
  it("either side may be upper-case", () => {
    const index = built([g("node", { uuid: "4C4C4544-0036-3010-8054-B3C04F4A4E32" })]);
    expect(pick(index, { uuid: "4c4c4544-0036-3010-8054-b3c04f4a4e32" })).toBe("node");
    expect(pick(index, { UUID: "4C4C4544-0036-3010-8054-B3C04F4A4E32" })).toBe("node");
    expect(pick(index, { uuid: "4c4c4544003630108054b3c04f4a4e32" })).toBeUndefined();
  });
});

describe("label keys are case-insensitive (lower-cased on both sides)", () => {
  it("matches whatever the case of either key", () => {
    const index = built([g("web", { Role: "web" }), g("db", { role: "db", REGION: "eu" })]);
    expect(pick(index, { role: "web" })).toBe("web");
    expect(pick(index, { ROLE: "web" })).toBe("web");
    expect(pick(index, { rOlE: "db", Region: "eu" })).toBe("db");
  });

  it("request keys that differ only in case: equal values count once, different values count as absent", () => {
    const index = built([g("default", {}), g("web", { role: "web" }), g("node", { mac: "52:54:00:aa:bb:cc" })]);
    expect(pick(index, { role: "web", Role: "web" })).toBe("web");
    // Neither order lets one spelling win.
    expect(pick(index, { role: "web", Role: "db" })).toBe("default");
    expect(pick(index, { role: "db", Role: "web" })).toBe("default");
    expect(pick(index, { Role: "web", role: "db" })).toBe("default");
    expect(pick(index, { mac: "52:54:00:aa:bb:cc", MAC: "52-54-00-AA-BB-CC" })).toBe("node");
  });

  it("a selector with two keys that differ only in case is a build problem", () => {
    const { index, problems } = GroupIndex.build([g("dup", { role: "web", Role: "web" }, "groups/dup.json")]);
    expect(index).toBeUndefined();
    expect(problems).toEqual([{ message: expect.stringContaining("groups/dup.json"), files: ["groups/dup.json"] }]);
  });
});

describe("GroupIndex.build refuses ambiguous groups", () => {
  it("two defaults, naming both files", () => {
    const { index, problems } = GroupIndex.build([g("a", {}, "groups/a.json"), g("web", { role: "web" }), g("b", {}, "groups/b.json")]);
    expect(index).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]!.files).toEqual(["groups/a.json", "groups/b.json"]);
    expect(problems[0]!.message).toMatch(/default/);
    expect(problems[0]!.message).toContain("groups/a.json");
    expect(problems[0]!.message).toContain("groups/b.json");
  });

  it("identical selectors in two files, naming both", () => {
    const { index, problems } = GroupIndex.build([
      g("one", { role: "web", region: "eu" }, "groups/one.json"),
      g("two", { region: "eu", role: "web" }, "groups/two.json"),
    ]);
    expect(index).toBeUndefined();
    expect(problems.map((p) => p.files)).toEqual([["groups/one.json", "groups/two.json"]]);
    expect(problems[0]!.message).toContain("region=eu,role=web");
  });

  it("identical after normalisation: mac forms, key case, uuid case", () => {
    for (const [a, b] of [
      [{ mac: "52-54-00-AA-BB-CC" }, { mac: "52:54:00:aa:bb:cc" }],
      [{ Role: "web" }, { role: "web" }],
      [{ uuid: "ABC" }, { UUID: "abc" }],
    ] as const) {
      const { index, problems } = GroupIndex.build([g("a", a, "a.json"), g("b", b, "b.json")]);
      expect(index).toBeUndefined();
      expect(problems.map((p) => p.files)).toEqual([["a.json", "b.json"]]);
    }
  });

  it("values differing only in case are distinct outside mac and uuid", () => {
    expect(built([g("a", { role: "Web" }), g("b", { role: "web" })]).size).toBe(2);
  });

  it("reports every clash, each against the first group", () => {
    const { problems } = GroupIndex.build([g("a", { r: "1" }, "a.json"), g("b", { r: "1" }, "b.json"), g("c", { r: "1" }, "c.json")]);
    expect(problems.map((p) => p.files)).toEqual([
      ["a.json", "b.json"],
      ["a.json", "c.json"],
    ]);
  });

  it("a non-string selector value is a build problem", () => {
    const bad = { id: "n", selector: { rack: 3 } as unknown as Record<string, string>, file: "n.json" };
    const { index, problems } = GroupIndex.build([bad]);
    expect(index).toBeUndefined();
    expect(problems.map((p) => p.files)).toEqual([["n.json"]]);
  });
});

// ---------------------------------------------------------------------------
// Property test against a brute-force reference: scan every group, apply the rule.

/** Go's sort order for strings: UTF-8 bytes. */
const goCompare = (a: string, b: string) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

/** The rule, written as plainly as possible; normalisation as documented; undefined when a bad mac. */
function refNormalise(labels: Record<string, string>, request: boolean): Map<string, string> | undefined {
  const out = new Map<string, string>();
  const clash = new Set<string>();
  for (const [k0, v0] of Object.entries(labels)) {
    const k = k0.toLowerCase();
    let v: string | undefined = v0;
    if (k === "mac") v = normaliseMac(v0);
    if (k === "uuid") v = v0.toLowerCase();
    if (v === undefined) {
      if (!request) return undefined;
      continue;
    }
    if (out.has(k) && out.get(k) !== v) clash.add(k);
    out.set(k, v);
  }
  for (const k of clash) out.delete(k);
  return out;
}

interface RefGroup {
  grp: G;
  sel: Map<string, string>;
  n: number;
  s: string;
  json: string;
}

function prepare(groups: G[]): RefGroup[] {
  return groups.map((grp) => {
    const sel = refNormalise(grp.selector, false)!;
    const pairs = [...sel].sort((x, y) => goCompare(`${x[0]}=${x[1]}`, `${y[0]}=${y[1]}`));
    return { grp, sel, n: sel.size, s: pairs.map(([k, v]) => `${k}=${v}`).join(","), json: JSON.stringify(pairs) };
  });
}

/** Scan everything: keep full matches, most selectors first, then greatest string, then greatest JSON. */
function reference(groups: RefGroup[], labels: Record<string, string>): G | undefined {
  const req = refNormalise(labels, true)!;
  const matches = groups.filter(({ sel }) => [...sel].every(([k, v]) => req.get(k) === v));
  matches.sort((a, b) => b.n - a.n || goCompare(b.s, a.s) || goCompare(b.json, a.json));
  return matches[0]?.grp;
}

describe("GroupIndex.select agrees with a brute-force scan", () => {
  const KEYS = ["mac", "MAC", "uuid", "role", "Role", "region", "os", "a", "a=b", "a.b", "rack"];
  const VALUES = ["1", "2", "web", "Web", "eu", "b=c", "c", "x,b=1", "\u{1F600}", "\uFF5E", ""];
  const MACS = [
    "52:54:00:aa:bb:cc",
    "52-54-00-AA-BB-CC",
    "5254.00aa.bbcc",
    "52:54:00:aa:bb:cd",
    "0200.5e10.0000.0001",
    "02:00:5E:10:00:00:00:01",
  ];
  const UUIDS = ["abc-1", "ABC-1", "abc-2"];

  function value(rnd: () => number, key: string, request: boolean): string {
    const any = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const k = key.toLowerCase();
    if (k === "mac") return request && rnd() < 0.1 ? "not-a-mac" : any(MACS);
    if (k === "uuid") return any(UUIDS);
    return any(VALUES);
  }

  function labels(rnd: () => number, max: number, request: boolean): Record<string, string> {
    const out: Record<string, string> = {};
    const seen = new Set<string>();
    const n = Math.floor(rnd() * (max + 1));
    for (let i = 0; i < n; i++) {
      const key = KEYS[Math.floor(rnd() * KEYS.length)]!;
      if (seen.has(key.toLowerCase())) continue; // one spelling per key (clashes are tested above)
      seen.add(key.toLowerCase());
      out[key] = value(rnd, key, request);
    }
    return out;
  }

  it.each([1, 2, 3, 4, 5])("seed %i: random groups and requests", (seed) => {
    const rnd = rng(seed * 7919);
    // Distinct groups (by normalised selector set); the build must accept them all.
    const groups: G[] = [];
    const seen = new Set<string>();
    const count = 200 + Math.floor(rnd() * 600);
    for (let i = 0; groups.length < count && i < count * 20; i++) {
      const selector = labels(rnd, 4, false);
      const norm = refNormalise(selector, false)!;
      const sig = JSON.stringify([...norm].sort());
      if (seen.has(sig)) continue;
      seen.add(sig);
      groups.push(g(`g${i}`, selector));
    }
    const index = built(groups);
    expect(index.size).toBe(groups.length);
    const prepared = prepare(groups);
    let matched = 0;
    for (let r = 0; r < 1000; r++) {
      const req = labels(rnd, 7, true);
      const want = reference(prepared, req);
      if (want) matched++;
      expect(index.select(req)?.id, JSON.stringify(req)).toBe(want?.id);
    }
    expect(matched).toBeGreaterThan(300); // the generator produces real matches, not only misses
  });
});

describe("scale", () => {
  it("builds 100,000 groups over 3 signatures; signatures stays 3", () => {
    const groups: G[] = [];
    const mac = (i: number) =>
      ["52", "54", (i >> 16) & 255, (i >> 8) & 255, i & 255, 0].map((b) => Number(b).toString(16).padStart(2, "0")).join(":");
    for (let i = 0; i < 100_000; i++) {
      const kind = i % 3;
      if (kind === 0) groups.push(g(`m${i}`, { mac: mac(i) }));
      else if (kind === 1) groups.push(g(`u${i}`, { uuid: `uuid-${i}` }));
      else groups.push(g(`r${i}`, { role: `role-${i}`, region: "eu" }));
    }
    const index = built(groups);
    expect(index.size).toBe(100_000);
    expect(index.signatures).toBe(3);
    expect(pick(index, { mac: mac(99_999).toUpperCase().replaceAll(":", "-") })).toBe("m99999");
    expect(pick(index, { uuid: "UUID-50002" })).toBe("u50002");
    expect(pick(index, { role: "role-2", region: "eu", uuid: "uuid-1" })).toBe("r2");
    expect(index.select({ role: "role-2" })).toBeUndefined();
  });
});
