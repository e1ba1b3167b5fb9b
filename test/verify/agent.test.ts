// renderAgentScript: the agent's template gets every setting and every
// expectation, in order, as single-quoted sh words; withAgent ships exactly
// that script. (The script's behaviour is tested under dash and busybox in
// test/system/verify-*.test.ts.)
import { describe, expect, it } from "vitest";
import { marshalGoJson } from "../../src/emit/json-go.js";
import { shQuote } from "../../src/emit/legacy/sh.js";
import { loadSpec } from "../../src/ignition/schema.js";
import { validateIgnition } from "../../src/ignition/validate.js";
import { AGENT_PATH, AGENT_UNIT, addAgent, agentModel, configHash, renderAgentScript, withAgent } from "../../src/verify/agent.js";
import type { Expectation } from "../../src/verify/expectations.js";
import { shippedAgent } from "../helpers/agent.js";

const KEY = "0f".repeat(32);
const SETTINGS = {
  url: "http://10.0.0.1:8080/reports?it's=1",
  group: "web 'one'",
  machine: "mac=52:54:00:12:34:56",
  key: KEY,
  retrySeconds: 90,
};

const EXPECTATIONS: Expectation[] = [
  { kind: "file", subject: '/etc/it\'s "here"', property: "type", expected: "file", probe: "type", args: ['/etc/it\'s "here"'] },
  { kind: "file", subject: '/etc/it\'s "here"', property: "mode", expected: "04755", probe: "mode", args: ['/etc/it\'s "here"'], after: 0 },
  {
    kind: "user",
    subject: "core",
    property: "ssh key ssh-ed25519 a\\b",
    expected: "true",
    probe: "ssh-key",
    args: ["core", "ssh-ed25519 AAAA a\\b $HOME `x`"],
  },
  { kind: "unit", subject: "a.service", property: "started", expected: "started", probe: "unit-started", args: ["a.service"], live: true },
  {
    kind: "ignition-result",
    subject: "/etc/.ignition-result.json",
    property: "userConfigProvided",
    expected: "true",
    probe: "ignition-result",
    args: [],
    ifExists: "/etc/.ignition-result.json",
  },
];

const HASH = configHash("{}");

describe("renderAgentScript", () => {
  const script = renderAgentScript(EXPECTATIONS, SETTINGS, HASH);

  it("is a POSIX sh script with every setting quoted", () => {
    expect(script.startsWith("#!/bin/sh\n")).toBe(true);
    expect(script).not.toContain("{{");
    for (const [name, value] of [
      ["K_URL", SETTINGS.url],
      ["K_GROUP", SETTINGS.group],
      ["K_MACHINE", SETTINGS.machine],
      ["K_KEY", KEY],
      ["K_CONFIG_HASH", HASH],
      ["K_RETRY_SECONDS", "90"],
    ]) {
      expect(script).toContain(`\n${name}=${shQuote(value)}\n`);
    }
    expect(script).toContain("\nK_REPORT_DEFAULT=$R'/var/lib/kindling/report.json'\n");
    expect(script).toContain("\nK_STAMP=$R'/var/lib/kindling/report.sent'\n");
  });

  it("runs one k_check per expectation, in order, with its index, live, ifExists and after", () => {
    const lines = script.split("\n").filter((l) => l.startsWith("k_check "));
    const model = agentModel(EXPECTATIONS, SETTINGS, HASH);
    expect(lines).toEqual(
      model.checks.map((c) =>
        [
          "k_check",
          ...[c.index, c.live, c.ifExists, c.after, c.kind, c.subject, c.property, c.expected, c.probe, ...c.args].map(shQuote),
        ].join(" "),
      ),
    );
    expect(lines[1]).toBe(`k_check '1' 'no' '' '0' 'file' '/etc/it'\\''s "here"' 'mode' '04755' 'mode' '/etc/it'\\''s "here"'`);
    expect(lines[3]).toContain("k_check '3' 'yes' '' '' 'unit'");
    expect(lines[4]).toBe(
      "k_check '4' 'no' '/etc/.ignition-result.json' '' 'ignition-result' '/etc/.ignition-result.json' 'userConfigProvided' 'true' 'ignition-result'",
    );
  });

  it("has a probe function for every probe name", () => {
    const probes = [
      "type",
      "sha256",
      "tail-sha256",
      "mode",
      "owner",
      "readlink",
      "hardlink",
      "group-exists",
      "group-gid",
      "user-exists",
      "user-uid",
      "user-gecos",
      "user-home",
      "user-shell",
      "user-primary-group",
      "user-in-group",
      "ssh-key",
      "unit-enabled",
      "unit-started",
      "failed-units",
      "hostname",
      "cmdline",
      "ignition-result",
    ];
    for (const p of probes) expect(script).toMatch(new RegExp(`^k_probe_${p.replace(/-/g, "_")}\\(\\) \\{`, "m"));
  });

  it("writes a setting only once, quoted, whatever it holds", () => {
    const url = "http://x/'a'\nexit 9; `id` $(id)";
    const text = renderAgentScript(EXPECTATIONS, { ...SETTINGS, url }, HASH);
    expect(text.split("exit 9")).toHaveLength(2);
    expect(text).toContain(`\nK_URL=${shQuote(url)}\n`);
  });

  it("sends no X-Kindling-Machine header without a machine label", () => {
    expect(renderAgentScript([], { ...SETTINGS, machine: undefined }, HASH)).toContain("\nK_MACHINE=''\n");
  });
});

describe("withAgent", () => {
  it("ships the rendered script at the agent's path", () => {
    const configJson = JSON.stringify({ ignition: { version: "3.4.0" } });
    const { config, diagnostics } = withAgent(configJson, SETTINGS);
    expect(diagnostics).toEqual([]);
    const file = (config!.storage.files as { path: string; contents: { source: string; compression?: string } }[]).find(
      (f) => f.path === AGENT_PATH,
    )!;
    expect(file.contents.compression).toBe("gzip");
    const shipped = shippedAgent(config!)!;
    expect(shipped).toMatch(/^#!\/bin\/sh\n/);
    expect(shipped).toContain(`\nK_CONFIG_HASH=${shQuote(configHash(configJson))}\n`);
    expect(shipped).toContain("\nk_check '0' 'yes' '' '' 'failed-units' 'systemd' 'failed units' 'none' 'failed-units'\n");
  });

  it("ships it uncompressed to spec 3.0.0, which has no compression", () => {
    const { config } = withAgent(JSON.stringify({ ignition: { version: "3.0.0" } }), SETTINGS);
    const file = (config!.storage.files as { path: string; contents: { compression?: string } }[]).find((f) => f.path === AGENT_PATH)!;
    expect(file.contents.compression).toBeUndefined();
    expect(shippedAgent(config!)).toMatch(/^#!\/bin\/sh\n/);
  });
});

// addAgent is the one step both transpile --verify and serve's /ignition take:
// a validated config in, the config with the agent (validated again) out.
describe("addAgent", () => {
  const spec = loadSpec("3.4.0");
  const decoded = (json: string) => validateIgnition(Buffer.from(json)).config!;

  it("gives back the config with the agent, hashed as the config is delivered without it", () => {
    const plain = decoded(
      JSON.stringify({ ignition: { version: "3.4.0" }, storage: { files: [{ path: "/etc/motd", contents: { source: "data:,hi" } }] } }),
    );
    const { config, diagnostics } = addAgent(spec, plain, SETTINGS);
    expect(diagnostics).toEqual([]);
    const json = JSON.parse(marshalGoJson(spec, config!));
    expect(json.storage.files.map((f: { path: string }) => f.path)).toEqual(["/etc/motd", AGENT_PATH]);
    expect(json.systemd.units).toEqual([expect.objectContaining({ name: AGENT_UNIT, enabled: true })]);
    expect(shippedAgent(json)).toContain(`\nK_CONFIG_HASH=${shQuote(configHash(marshalGoJson(spec, plain)))}\n`);
    expect(validateIgnition(Buffer.from(marshalGoJson(spec, config!))).diagnostics).toEqual([]);
  });

  it("gives no config, and says where, when the config already uses the agent's unit", () => {
    const plain = decoded(JSON.stringify({ ignition: { version: "3.4.0" }, systemd: { units: [{ name: AGENT_UNIT, enabled: false }] } }));
    const { config, diagnostics } = addAgent(spec, plain, SETTINGS);
    expect(config).toBeUndefined();
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: "error", code: "verify.agent-unit", path: ["systemd", "units", 0, "name"] }),
    ]);
  });
});
