// Every command answers --help on stdout, and a usage error with one line and
// where the help is (never the whole help); the top level knows --version,
// "version" and "help COMMAND".
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { clusterCommand } from "../../src/cli/cluster.js";
import type { Command } from "../../src/cli/io.js";
import { labCommand } from "../../src/cli/lab.js";
import { lspCommand } from "../../src/cli/lsp.js";
import { reportKeyCommand } from "../../src/cli/report-key.js";
import { resolveCommand } from "../../src/cli/resolve.js";
import { serveCommand } from "../../src/cli/serve.js";
import { statusCommand } from "../../src/cli/status.js";
import { storeCommand } from "../../src/cli/store.js";
import { terraformCommand } from "../../src/cli/terraform.js";
import { transpileCommand } from "../../src/cli/transpile.js";
import { userDataCommand } from "../../src/cli/user-data.js";
import { validateCommand } from "../../src/cli/validate.js";
import { verifyCommand } from "../../src/cli/verify.js";
import { KINDLING_VERSION } from "../../src/version.js";
import { memoryIO } from "../helpers/io.js";

const root = join(import.meta.dirname, "../..");
const cli = join(root, "dist/cli.js");

// validate exits 1 on usage errors, as ignition-validate does.
const COMMANDS: [string, Command, number][] = [
  ["transpile", transpileCommand, 2],
  ["validate", validateCommand, 1],
  ["serve", serveCommand, 2],
  ["store", storeCommand, 2],
  ["verify", verifyCommand, 2],
  ["status", statusCommand, 2],
  ["report-key", reportKeyCommand, 2],
  ["resolve", resolveCommand, 2],
  ["user-data", userDataCommand, 2],
  ["terraform", terraformCommand, 2],
  ["lsp", lspCommand, 2],
  ["lab", labCommand, 2],
  ["cluster", clusterCommand, 2],
];

async function run(command: Command, args: string[]) {
  const m = memoryIO();
  const code = await command(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe.each(COMMANDS)("kindling %s", (name, command, usageCode) => {
  test("--help prints the help on stdout", async () => {
    const r = await run(command, ["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage:\\s+kindling ${name}`));
    expect(r.stderr).toBe("");
  });

  test("an unknown flag is one line and where the help is", async () => {
    expect(await run(command, ["--frobnicate"])).toEqual({
      code: usageCode,
      stdout: "",
      stderr: `Error: unknown flag: --frobnicate\nSee 'kindling ${name} --help'.\n`,
    });
  });
});

describe("flags with values", () => {
  test("serve: --log with a space and with = are the same, and other values are listed", async () => {
    expect(await run(serveCommand, ["--data", "d", "--log", "loud"])).toEqual({
      code: 2,
      stdout: "",
      stderr: `Error: invalid argument "loud" for --log: one of json, none\nSee 'kindling serve --help'.\n`,
    });
    expect(await run(serveCommand, ["--data", "d", "--log=loud"])).toEqual({
      code: 2,
      stdout: "",
      stderr: `Error: invalid argument "loud" for --log: one of json, none\nSee 'kindling serve --help'.\n`,
    });
  });

  test("validate: --format=json and --format json both choose JSON", async () => {
    const file = join(root, "examples/webserver.ign");
    for (const args of [
      ["--format=json", file],
      ["--format", "json", file],
    ]) {
      const r = await run(validateCommand, args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ valid: true });
    }
  });

  test("store: a missing subcommand or directory says what to give", async () => {
    expect((await run(storeCommand, [])).stderr).toBe(
      "Error: give a store command: import or import-matchbox\nSee 'kindling store --help'.\n",
    );
    expect((await run(storeCommand, ["import", "--etcd", "http://127.0.0.1:1"])).stderr).toBe(
      "Error: give the data directory: kindling store import DIR\nSee 'kindling store --help'.\n",
    );
    expect((await run(storeCommand, ["export", "d"])).stderr).toBe("Error: unknown store command: export\nSee 'kindling store --help'.\n");
  });
});

describe("the kindling command", () => {
  const kindling = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });

  test("--version, -V and version print the version of package.json", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    expect(KINDLING_VERSION).toBe(pkg.version);
    for (const flag of ["--version", "-V", "version"]) {
      const r = kindling(flag);
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }, flag).toEqual({
        status: 0,
        stdout: `kindling ${pkg.version} (Butane v0.29.0, ignition-validate v2.26.0 compatible)\n`,
        stderr: "",
      });
    }
  });

  test("help COMMAND shows that command's help", () => {
    const r = kindling("help", "status");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: kindling status/);
    expect(r.stdout).toBe(kindling("status", "--help").stdout);
  });

  test("an unknown command is one line and where the help is", () => {
    for (const args of [["frobnicate"], ["help", "frobnicate"]]) {
      const r = kindling(...args);
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
        status: 2,
        stdout: "",
        stderr: `Error: unknown command "frobnicate"\nSee 'kindling --help'.\n`,
      });
    }
  });
});
