/**
 * `kindling terraform`: the program of Terraform's `external` data source.
 * Terraform writes one JSON object of strings to standard input and closes
 * it; the answer is one JSON object of strings on standard output, or the
 * error lines on standard error and exit 1 — never both, and nothing else
 * on standard output. The same query always gives the same answer.
 */

import { QUERY_KEYS, readQuery } from "../deliver/terraform/query.js";
import { renderForTerraform } from "../deliver/terraform/render.js";
import { usageError } from "./args.js";
import type { CommandIO } from "./io.js";

const USAGE = `Usage: kindling terraform

The program of a Terraform external data source:

  data "external" "node" {
    program = ["kindling", "terraform"]
    query = {
      path     = "node.bu"
      platform = "ec2"
    }
  }

reads the query (a JSON object of strings) on standard input and prints the result:
rendered, user_data, user_data_base64, sha512, size, strategy and warnings (a JSON list).
Query keys:
${Object.entries(QUERY_KEYS)
  .map(([k, v]) => `  ${k.padEnd(16)} ${v}`)
  .join("\n")}
`;

export async function terraformCommand(args: string[], io: CommandIO): Promise<number> {
  if (args.length === 1 && (args[0] === "-h" || args[0] === "--help")) {
    io.stdout(USAGE);
    return 0;
  }
  const flag = args.find((a) => a.startsWith("-") && a !== "-");
  if (flag !== undefined) return usageError(io, "terraform", `unknown flag: ${flag}`);
  if (args.length > 0)
    return usageError(io, "terraform", `kindling terraform takes no arguments (the query comes on standard input); got ${args.join(" ")}`);
  const input = Buffer.from(await io.readStdin()).toString("utf8");
  let raw: unknown;
  try {
    raw = JSON.parse(input);
  } catch (err) {
    return fail(io, [`the query is not JSON (${(err as Error).message}): Terraform's external data source sends one object of strings`]);
  }
  const query = readQuery(raw);
  if ("errors" in query) return fail(io, query.errors);
  const outcome = await renderForTerraform(query, { readFile: (path) => io.readFile(path), env: io.env });
  if ("errors" in outcome) return fail(io, outcome.errors);
  io.stdout(`${JSON.stringify(outcome.result)}\n`);
  return 0;
}

function fail(io: CommandIO, lines: string[]): number {
  io.stderr(lines.map((l) => `${l}\n`).join(""));
  return 1;
}
