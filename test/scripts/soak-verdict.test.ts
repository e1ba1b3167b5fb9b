// What makes a soak run fail (scripts/lib/soak/verdict.mjs) and what the
// load counts as a right answer (scripts/lib/soak/requests.mjs): each
// violation is reported on its own, from made-up run results.
import { describe, expect, it } from "vitest";
import { assetBytes, makeFleet } from "../../scripts/lib/soak/fleet.mjs";
import { requestMaker, rng } from "../../scripts/lib/soak/requests.mjs";
import { classify, verdict } from "../../scripts/lib/soak/verdict.mjs";

const clean = {
  phases: { steady: { counts: { "ignition 200": 10, "report 201": 2, "unknown 404": 3 } } },
  editor: { problems: [], done: { valid: 3, refused: 2, leftovers: 1 } },
  rss: { ok: true },
  target: 1000,
  achieved: 990,
  server: { exit: { code: 0, signal: null } },
};

describe("soak verdict", () => {
  it("passes a clean run", () => {
    expect(verdict(clean)).toEqual([]);
  });

  it("keeps machines of the fleet and unknown machines apart", () => {
    expect(
      classify({
        "ignition 200": 5,
        "ipxe 503": 1,
        "metadata 200 (wrong answer)": 2,
        "unknown 404": 4,
        "unknown 200": 1,
        "asset error ECONNRESET": 1,
      }),
    ).toEqual({
      valid: { ok: 5, bad: { "ipxe 503": 1, "metadata 200 (wrong answer)": 2, "asset error ECONNRESET": 1 } },
      unknown: { ok: 4, bad: { "unknown 200": 1 } },
    });
  });

  it.each([
    [
      "a non-2xx for a machine of the fleet",
      { phases: { steady: { counts: { "ignition 200": 9, "ignition 500": 1 } } } },
      /machines of the fleet got 1 answers .*ignition 500 ×1/,
    ],
    [
      "another machine's config",
      { phases: { measure: { counts: { "metadata 200 (wrong answer)": 2 } } } },
      /measure: machines of the fleet got 2 .*metadata 200 \(wrong answer\) ×2/,
    ],
    ["a connection error", { phases: { steady: { counts: { "report error ECONNRESET": 1 } } } }, /report error ECONNRESET ×1/],
    [
      "an unknown machine served",
      { phases: { steady: { counts: { "unknown 200": 1 } } } },
      /unknown machines got answers other than 404: unknown 200 ×1/,
    ],
    ["a load it could not offer", { achieved: 900 }, /ran at 900 req\/s, below 95% of the 1000/],
    [
      "an edit problem",
      { editor: { problems: ["x did not become visible"], done: { valid: 1, refused: 1 } } },
      /edits: x did not become visible/,
    ],
    ["no refused edit", { editor: { problems: [], done: { valid: 1, refused: 0 } } }, /no bad edit was seen refused/],
    ["RSS growth", { rss: { ok: false, problem: "RSS reached 200 MB" } }, /memory: RSS reached 200 MB/],
    ["the server dying", { server: { diedAt: "then", stderr: "boom" } }, /exited during the run \(then\): boom/],
    ["an unclean stop", { server: { exit: { code: 1, signal: null } } }, /did not stop cleanly/],
  ])("fails on %s", (_what, change, message) => {
    const v = verdict({ ...clean, ...change });
    expect(v).toHaveLength(1);
    expect(v[0]).toMatch(message);
  });
});

describe("soak answers", () => {
  const fleet = makeFleet({ machines: 20, reporters: 2, assets: { k: 4096 } });
  const make = requestMaker({
    fleet,
    reporters: fleet.reporters.map((r) => ({ ...r, key: "k" })),
    sign: () => "sha256=x",
    assets: new Map([["k", assetBytes("k", 4096)]]),
    random: rng(1),
  });

  it("takes a machine's config only with its own hostname, as first written or edited", () => {
    let r = make.ignition();
    while (!r.path.includes("mac=")) r = make.ignition();
    const id = fleet.machines.find((m) => r.path.endsWith(m.mac))!.id;
    expect(r.check(200, `{"ignition":{},"source":"data:,${id}.soak.test"}`)).toBeUndefined();
    expect(r.check(200, `"data:,${id}-e12.soak.test"`)).toBeUndefined();
    expect(r.check(200, `"data:,${id}0.soak.test"`)).toMatch(/not m\d+'s config/);
    expect(r.check(404, "")).toBe("HTTP 404, expected 200");
  });

  it("checks an asset range's status, content-range and bytes", () => {
    const r = make.asset();
    const [, a, b] = /bytes=(\d+)-(\d+)/.exec(r.headers.range)!.map(Number);
    const bytes = assetBytes("k", 4096).subarray(a, b + 1);
    expect(r.check(206, bytes, { "content-range": `bytes ${a}-${b}/4096` })).toBeUndefined();
    expect(r.check(200, bytes, { "content-range": `bytes ${a}-${b}/4096` })).toBe("HTTP 200, expected 206");
    const wrong = Buffer.from(bytes);
    wrong[0] ^= 1;
    expect(r.check(206, wrong, { "content-range": `bytes ${a}-${b}/4096` })).toBe("wrong bytes");
  });

  it("sends each reporting machine's reports one at a time, each newer than the last", () => {
    const clock = () => 1_000;
    const m = requestMaker({
      fleet,
      reporters: fleet.reporters.map((r) => ({ ...r, key: "k" })),
      sign: () => "s",
      assets: new Map(),
      random: rng(2),
      now: clock,
    });
    const a = m.report()!;
    const b = m.report()!;
    expect(m.report()).toBeUndefined();
    expect(a.headers["x-kindling-group"]).not.toBe(b.headers["x-kindling-group"]);
    a.done();
    const c = m.report()!;
    expect(c.headers["x-kindling-group"]).toBe(a.headers["x-kindling-group"]);
    expect(Date.parse(JSON.parse(c.body).sentAt)).toBeGreaterThan(Date.parse(JSON.parse(a.body).sentAt));
  });
});
