/**
 * `kindling verify --root DIR CONFIG`: checks a directory tree (an image
 * being built, a mounted disk, a container's root) against what a config
 * asks for: the expectations of src/verify/expectations.ts, run by the
 * TypeScript evaluator, each check printed with what was expected and what
 * was found. Exit 0 when every check passes, 1 when any fails or the config is
 * invalid, 2 on usage errors. CONFIG is Butane YAML (.bu, .yaml, .yml) or
 * Ignition JSON.
 */
import { existsSync, statSync } from "node:fs";
import { type Diagnostic, hasErrors } from "../diagnostics/diagnostic.js";
import { renderRawReport } from "../diagnostics/render-raw.js";
import { validateIgnition } from "../ignition/validate.js";
import { transpile } from "../transpile.js";
import { agentExpectations } from "../verify/agent.js";
import { evaluate } from "../verify/evaluate.js";
import { type FlagSpecs, readCommandLine, usageError } from "./args.js";
import { type CommandIO, describeIoError } from "./io.js";
import { FORMAT_FLAGS, inputName, jsonLine, locatedAll, locatedFailure, outputFormat } from "./output-format.js";

const USAGE = `Usage: kindling verify --root DIR [--files-dir DIR] [--format text|json] CONFIG

Checks the tree under --root against CONFIG (Butane YAML or Ignition JSON):
files (sha256, mode, owner), directories, links, users, groups, units, the
hostname, kernel arguments (in DIR/proc/cmdline) and /etc/.ignition-result.json,
the same checks, with the same results, as the first-boot agent that
transpile --verify adds. With --root /, on a running systemd host, units'
enablement and state and failed units are asked of systemctl.

Options:
      --root DIR        the tree to check (required)
  -d, --files-dir DIR   local files a Butane config embeds
      --format F        text (default) or json: {file, root, valid, passed, failed,
                        checks, diagnostics} on stdout (--json is the same)
  -h, --help            show this help
`;

const FLAGS = {
  root: { type: "string" },
  "files-dir": { type: "string", short: "d" },
  ...FORMAT_FLAGS,
} as const satisfies FlagSpecs;

export async function verifyCommand(args: string[], io: CommandIO): Promise<number> {
  const parsed = readCommandLine(io, { name: "verify", usage: USAGE }, args, FLAGS);
  if (typeof parsed === "number") return parsed;
  const { root, "files-dir": filesDir } = parsed.flags;
  const json = outputFormat(parsed.flags) === "json";
  const inputs = parsed.positionals;
  if (root === undefined || inputs.length !== 1) return usageError(io, "verify", "give --root DIR and one CONFIG");
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    io.stderr(`kindling verify: ${root} is not a directory\n`);
    return 1;
  }
  const input = inputs[0]!;
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(input);
  } catch (err) {
    io.stderr(`kindling verify: ${describeIoError(input, err)}\n`);
    return 1;
  }
  // The config's own diagnostics (a Butane config's warnings, an Ignition
  // config's errors), then the agent's list: what the machine would check at
  // first boot. With --format json they are in the one JSON object.
  const file = inputName(input);
  const refuse = (diagnostics: Diagnostic[], why: string): number => {
    if (json)
      io.stdout(jsonLine({ file, root, valid: false, passed: 0, failed: 0, checks: [], diagnostics: locatedAll(diagnostics, file) }));
    else io.stderr(renderRawReport(diagnostics) + why);
    return 1;
  };
  let config: Record<string, unknown>;
  let seen: Diagnostic[];
  if (/\.(bu|ya?ml)$/.test(input)) {
    const r = transpile(bytes, { filesDir, raw: true });
    if (r.failure !== undefined) return refuse(r.diagnostics, `kindling verify: ${input} is invalid: ${r.failure}\n`);
    config = JSON.parse(r.output!);
    seen = r.diagnostics;
  } else {
    const r = validateIgnition(bytes);
    if (r.failure) {
      if (!json) return refuse(r.diagnostics, `kindling verify: ${input} is invalid: ${r.failure.text}\n`);
      io.stdout(jsonLine({ file, root, valid: false, passed: 0, failed: 0, checks: [], diagnostics: [locatedFailure(r.failure, file)] }));
      return 1;
    }
    if (hasErrors(r.diagnostics) || !r.config) return refuse(r.diagnostics, `kindling verify: ${input} is invalid\n`);
    config = JSON.parse(Buffer.from(bytes).toString("utf8"));
    seen = r.diagnostics;
  }
  const { expectations, diagnostics } = agentExpectations(config);
  if (hasErrors(diagnostics)) return refuse(diagnostics, "");
  const checks = evaluate(expectations, root);
  const failed = checks.filter((c) => !c.pass);
  if (json)
    io.stdout(
      jsonLine({
        file,
        root,
        valid: true,
        passed: checks.length - failed.length,
        failed: failed.length,
        checks,
        diagnostics: locatedAll([...seen, ...diagnostics], file),
      }),
    );
  else {
    for (const c of checks)
      io.stdout(
        `${c.pass ? "PASS" : "FAIL"}  ${c.kind} ${c.subject} ${c.property}${c.pass ? "" : `: expected ${c.expected}, found ${c.actual}`}\n`,
      );
    io.stdout(`${checks.length - failed.length} passed, ${failed.length} failed\n`);
  }
  return failed.length ? 1 : 0;
}
