// Property: whatever query of strings Terraform sends (and whatever else
// arrives on standard input), kindling terraform either answers one JSON
// object of strings on stdout with nothing on stderr and exit 0, or writes
// error lines on stderr with nothing on stdout and exit 1. Never both, never
// a throw. Seeded, so a failure names the query that broke it.
import { describe, expect, test } from "vitest";
import { terraformCommand } from "../../src/cli/terraform.js";
import { QUERY_KEYS } from "../../src/deliver/terraform/query.js";
import { memoryIO } from "../helpers/io.js";

/** A small seeded generator (xorshift32): the same seed gives the same queries. */
function generator(seed: number) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
  return { int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

const BUTANE = [
  'variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/motd\n      contents: {inline: "hi"}\n',
  "variant: fcos\nversion: 1.4.0\npasswd:\n  users:\n    - name: core\n",
  "variant: flatcar\nversion: 1.1.0\n",
  "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: etc/motd\n",
  "variant: fcos\nversion: 9.9.9\n",
  "variant: fcos\nversion: 1.5.0\nsystemd:\n  units:\n    - name: a.service\n      contents: '[Service]\\nExecStart=/bin/true'\n",
  '{"ignition":{"version":"3.4.0"}}',
  '{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":"x"}]}}',
  "#cloud-config\nhostname: a\n",
  "variant: fcos\nversion: 1.5.0\n  bad: [indent\n",
  "",
];
const WORDS = [
  "true",
  "false",
  "",
  "ec2",
  "gce",
  "azure",
  "inline",
  "gzip",
  "object",
  "ignition",
  "script",
  "cloud-init",
  "x",
  "0",
  "-1",
  "ünï",
  "\u0000",
];

function value(g: ReturnType<typeof generator>): string {
  switch (g.int(5)) {
    case 0:
      return g.pick(BUTANE);
    case 1:
      return g.pick(WORDS);
    case 2:
      return JSON.stringify(Array.from({ length: g.int(3) }, () => g.pick(BUTANE)));
    case 3: {
      const s = g.pick(BUTANE);
      const at = g.int(s.length + 1);
      return s.slice(0, at) + g.pick(["\n", ":", "-", "{", "]", "\t", "é"]) + s.slice(at);
    }
    default:
      return Array.from({ length: g.int(20) }, () => String.fromCharCode(32 + g.int(95))).join("");
  }
}

function query(g: ReturnType<typeof generator>): string {
  if (g.int(2) === 0) {
    // Plausible: a config and a few known keys with likely values.
    const q: Record<string, string> = { content: g.pick(BUTANE) };
    for (let i = g.int(3); i > 0; i--)
      q[g.pick(["platform", "strategy", "target", "pretty", "strict", "snippets"])] = g.int(3) ? g.pick(WORDS) : value(g);
    return JSON.stringify(q);
  }
  const keys = [...Object.keys(QUERY_KEYS), "content", "content", "platform", "snippets", "extra", "pretty_print"];
  const q: Record<string, unknown> = {};
  for (let i = g.int(6); i >= 0; i--) q[g.pick(keys)] = g.int(40) === 0 ? g.pick([1, true, null, ["a"]]) : value(g);
  if (g.int(30) === 0) return g.pick(["", "[]", "null", "{", '"x"', "{}"]);
  return JSON.stringify(q);
}

describe("kindling terraform, any query", () => {
  test("gives an object of strings (exit 0, stderr empty) or error lines (exit 1, stdout empty), never both", async () => {
    const g = generator(20261207);
    let answered = 0;
    let refused = 0;
    for (let i = 0; i < 400; i++) {
      const input = query(g);
      const m = memoryIO(input);
      const code = await terraformCommand([], m.io);
      const what = `query ${i}: ${input.slice(0, 300)}`;
      if (code === 0) {
        expect(m.stderr(), what).toBe("");
        const result = JSON.parse(m.stdout()) as unknown;
        expect(result !== null && typeof result === "object" && !Array.isArray(result), what).toBe(true);
        for (const v of Object.values(result as object)) expect(typeof v, what).toBe("string");
        answered++;
      } else {
        expect(code, what).toBe(1);
        expect(m.stdout(), what).toBe("");
        expect(m.stderr().length, what).toBeGreaterThan(0);
        expect(m.stderr().endsWith("\n"), what).toBe(true);
        refused++;
      }
    }
    // Both sides of the property were exercised.
    expect(answered).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });
});
