import { describe, expect, test } from "vitest";
import { parseCommandArgs, readCommandLine } from "../../src/cli/args.js";
import { memoryIO } from "../helpers/io.js";

const SPECS = {
  root: { type: "string" },
  "files-dir": { type: "string", short: "d" },
  format: { type: "string", choices: ["raw", "json"] },
  json: { type: "boolean" },
  tag: { type: "string", multiple: true },
} as const;

describe("parseCommandArgs", () => {
  test("a flag's value after a space or an equals sign is the same value", () => {
    expect(parseCommandArgs(["--root", "/r", "x"], SPECS)).toEqual({ ok: true, flags: { root: "/r" }, positionals: ["x"] });
    expect(parseCommandArgs(["--root=/r", "x"], SPECS)).toEqual({ ok: true, flags: { root: "/r" }, positionals: ["x"] });
    expect(parseCommandArgs(["-d", "files", "-dother"], SPECS)).toEqual({ ok: true, flags: { "files-dir": "other" }, positionals: [] });
  });

  test("a value is never taken for a file, and a file never for a value", () => {
    expect(parseCommandArgs(["--format", "json", "config.ign"], SPECS)).toEqual({
      ok: true,
      flags: { format: "json" },
      positionals: ["config.ign"],
    });
    expect(parseCommandArgs(["--json", "config.ign"], SPECS)).toEqual({ ok: true, flags: { json: true }, positionals: ["config.ign"] });
  });

  test("- is a positional (standard input); -- ends the flags", () => {
    expect(parseCommandArgs(["-", "--", "--json"], SPECS)).toEqual({ ok: true, flags: {}, positionals: ["-", "--json"] });
  });

  test("choices are checked and listed", () => {
    expect(parseCommandArgs(["--format=sometimes"], SPECS)).toEqual({
      ok: false,
      message: 'invalid argument "sometimes" for --format: one of raw, json',
    });
    expect(parseCommandArgs(["--format", "yaml"], SPECS)).toEqual({
      ok: false,
      message: 'invalid argument "yaml" for --format: one of raw, json',
    });
  });

  test("usage errors are one short sentence", () => {
    expect(parseCommandArgs(["--nope"], SPECS)).toEqual({ ok: false, message: "unknown flag: --nope" });
    expect(parseCommandArgs(["-x"], SPECS)).toEqual({ ok: false, message: "unknown flag: -x" });
    expect(parseCommandArgs(["--root"], SPECS)).toEqual({ ok: false, message: "flag needs an argument: --root" });
    expect(parseCommandArgs(["--json=yes"], SPECS)).toEqual({ ok: false, message: "flag takes no value: --json" });
  });

  test("a repeatable flag keeps every value; others keep the last", () => {
    expect(parseCommandArgs(["--tag", "a", "--tag=b", "--root", "1", "--root", "2"], SPECS)).toEqual({
      ok: true,
      flags: { tag: ["a", "b"], root: "2" },
      positionals: [],
    });
  });

  test("-h and --help ask for the help", () => {
    expect(parseCommandArgs(["x", "-h"], SPECS)).toEqual({ ok: "help" });
    expect(parseCommandArgs(["--help"], SPECS)).toEqual({ ok: "help" });
  });
});

describe("readCommandLine", () => {
  test("prints the help on stdout and returns 0", () => {
    const m = memoryIO();
    expect(readCommandLine(m.io, { name: "verify", usage: "Usage: kindling verify\n" }, ["--help"], SPECS)).toBe(0);
    expect(m.stdout()).toBe("Usage: kindling verify\n");
  });

  test("prints a usage error as one line and where the help is, not the whole help", () => {
    const m = memoryIO();
    expect(readCommandLine(m.io, { name: "verify", usage: "Usage: kindling verify\n" }, ["--nope"], SPECS)).toBe(2);
    expect(m.stderr()).toBe("Error: unknown flag: --nope\nSee 'kindling verify --help'.\n");
    expect(m.stdout()).toBe("");
  });
});
