// examples/terraform/main.tf stays true: each `data "external"` block's
// program is `kindling terraform` and its query, run in that directory as
// Terraform runs it, gives a result; every `data.external.NAME.result.KEY`
// the resources read names a declared data source and a key the result has;
// and each instance's field gets what its platform wants (Azure's
// custom_data base64, the others the text).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { USER_DATA_LIMITS } from "../../src/deliver/cloud/limits.js";

const root = join(import.meta.dirname, "../..");
const dir = join(root, "examples/terraform");
const mainTf = readFileSync(join(dir, "main.tf"), "utf8");

interface ExternalBlock {
  name: string;
  program: string[];
  query: Record<string, string>;
}

/** The external data sources of main.tf: literal programs and queries of literal strings (what the example uses). */
function externalBlocks(hcl: string): ExternalBlock[] {
  const blocks: ExternalBlock[] = [];
  for (const m of hcl.matchAll(/^data "external" "(\w+)" \{\n([\s\S]*?)^\}/gm)) {
    const body = m[2]!;
    const program = /program = \[([^\]]*)\]/
      .exec(body)![1]!
      .split(",")
      .map((s) => JSON.parse(s.trim()) as string);
    const queryBody = /query = \{\n([\s\S]*?)\n\s*\}/.exec(body)![1]!;
    const query = Object.fromEntries(
      queryBody.split("\n").map((line) => {
        const kv = /^\s*(\w+)\s*=\s*("(?:[^"\\]|\\.)*")\s*$/.exec(line);
        if (!kv) throw new Error(`main.tf: a query line the test cannot read: ${line}`);
        return [kv[1]!, JSON.parse(kv[2]!) as string];
      }),
    );
    blocks.push({ name: m[1]!, program, query });
  }
  return blocks;
}

function runProgram(query: Record<string, string>) {
  const r = spawnSync(process.execPath, [join(root, "dist/cli.js"), "terraform"], {
    cwd: dir,
    input: JSON.stringify(query),
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const blocks = externalBlocks(mainTf);
const results = new Map(
  blocks.map((b) => {
    const r = runProgram(b.query);
    return [b.name, r] as const;
  }),
);

describe("examples/terraform/main.tf", () => {
  test("declares one external data source per platform, each running kindling terraform", () => {
    expect(blocks.map((b) => [b.name, b.query.platform])).toEqual([
      ["ec2_node", "ec2"],
      ["gce_node", "gce"],
      ["azure_node", "azure"],
    ]);
    for (const b of blocks) expect(b.program).toEqual(["kindling", "terraform"]);
  });

  test("each query gives a result of strings, nothing on stderr, fitted to its platform", () => {
    for (const b of blocks) {
      const r = results.get(b.name)!;
      expect(r.stderr, b.name).toBe("");
      expect(r.code).toBe(0);
      const result = JSON.parse(r.stdout) as Record<string, string>;
      expect(Number(result.size)).toBeLessThanOrEqual(USER_DATA_LIMITS[b.query.platform as "ec2"].bytes);
      expect(JSON.parse(result.warnings!)).toEqual([]);
      const bytes = Buffer.from(result.user_data_base64!, "base64");
      if (b.query.platform === "azure") expect(result.user_data).toBe(bytes.toString("base64"));
      else expect(result.user_data).toBe(bytes.toString("utf8"));
      expect(result.user_data_base64).toBe(Buffer.from(result.rendered!).toString("base64")); // small enough to be inline
    }
  });

  test("every result the resources read names a declared data source and a key its result has", () => {
    const refs = [...mainTf.matchAll(/data\.external\.(\w+)\.result\.(\w+)/g)].map((m) => [m[1]!, m[2]!] as const);
    expect(refs.length).toBeGreaterThanOrEqual(6);
    for (const [name, key] of refs) {
      const r = results.get(name);
      expect(r, `data.external.${name}`).toBeDefined();
      expect(Object.keys(JSON.parse(r!.stdout))).toContain(key);
    }
    // The instance fields: EC2 user_data and GCE metadata user-data take the text, Azure custom_data the base64.
    expect(mainTf).toMatch(/resource "aws_instance"[\s\S]*?user_data\s+= data\.external\.ec2_node\.result\.user_data\n/);
    expect(mainTf).toMatch(/resource "google_compute_instance"[\s\S]*?user-data = data\.external\.gce_node\.result\.user_data\n/);
    expect(mainTf).toMatch(
      /resource "azurerm_linux_virtual_machine"[\s\S]*?custom_data\s+= data\.external\.azure_node\.result\.user_data\n/,
    );
  });
});
