// kindling terraform run exactly as Terraform's external data source runs
// it: a child process in Terraform's working directory, the query written
// to its standard input and the input closed, Terraform's environment. The
// expected outputs come from `kindling transpile` (itself checked byte for
// byte against Butane by the conformance suite) or are written by hand.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { transpile } from "../../src/transpile.js";

const root = join(import.meta.dirname, "../..");
const cli = join(root, "dist/cli.js");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the program as the provider does: cwd, stdin written then closed, a plain environment. */
function terraform(query: unknown, cwd = mkdtempSync(join(tmpdir(), "kindling-tf-"))): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "terraform"], { cwd, env: { PATH: process.env.PATH ?? "", TF_LOG: "" } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    child.stdin.end(typeof query === "string" ? query : JSON.stringify(query));
  });
}

const ok = (r: Run) => {
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const result = JSON.parse(r.stdout) as Record<string, string>;
  for (const v of Object.values(result)) expect(typeof v).toBe("string");
  return result;
};

const failed = (r: Run) => {
  expect(r.stdout).toBe("");
  expect(r.code).toBe(1);
  return r.stderr;
};

const node = (extra = "") =>
  `variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/motd\n      mode: 0644\n      contents:\n        inline: "hello\\n"\n${extra}`;

describe("kindling terraform", () => {
  test("content: the rendered config is what kindling transpile gives, and user_data is it too without a platform", async () => {
    const result = ok(await terraform({ content: node() }));
    const expected = transpile(node()).output!;
    expect(result.rendered).toBe(expected);
    expect(result.user_data).toBe(expected);
    expect(Buffer.from(result.user_data_base64!, "base64").toString()).toBe(expected);
    expect(result.sha512).toBe(createHash("sha512").update(expected).digest("hex"));
    expect(result.size).toBe(String(Buffer.byteLength(expected)));
    expect(result.strategy).toBe("inline");
    expect(result.warnings).toBe("[]");
  });

  test("path and files_dir are relative to Terraform's working directory", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "kindling-tf-"));
    mkdirSync(join(cwd, "configs"));
    mkdirSync(join(cwd, "files"));
    writeFileSync(join(cwd, "files/motd"), "from a local file\n");
    const source = "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/motd\n      contents:\n        local: motd\n";
    writeFileSync(join(cwd, "configs/node.bu"), source);
    const result = ok(await terraform({ path: "configs/node.bu", files_dir: "files" }, cwd));
    expect(result.rendered).toBe(transpile(source, { filesDir: join(cwd, "files") }).output);
    expect(failed(await terraform({ path: "configs/missing.bu" }, cwd))).toBe("open configs/missing.bu: no such file or directory\n");
  });

  test("pretty and the legacy targets give what transpile gives", async () => {
    expect(ok(await terraform({ content: node(), pretty: "true" })).rendered).toBe(transpile(node(), { pretty: true }).output);
    for (const target of ["cloud-config", "cloud-init", "script"] as const)
      expect(ok(await terraform({ content: node(), target })).rendered).toBe(transpile(node(), { target }).output);
  });

  test("warnings: listed with file, line and column; strict makes them an error on stderr", async () => {
    // A unit with contents and no name in [Install] is fine; an unused key in Butane YAML is a warning.
    const source = node("unknown_key: 1\n");
    const loose = ok(await terraform({ content: source }));
    const warnings = JSON.parse(loose.warnings!) as Record<string, unknown>[];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: "warning", file: "content", line: 9, column: 1 });
    const strict = failed(await terraform({ content: source, strict: "true" }));
    expect(strict).toMatch(/^content:9:1: warning: /m);
  });

  test("errors: one line per diagnostic, located in the input; snippets by their index", async () => {
    const broken = "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: etc/motd\n";
    expect(failed(await terraform({ content: broken }))).toBe(
      "content:5:13: error: path not absolute (paths must start with /)\ncontent: config generated was invalid\n",
    );
    const snippet = failed(await terraform({ content: node(), snippets: JSON.stringify([node(), broken]) }));
    expect(snippet).toContain("snippets[1]:5:13: error: path not absolute");
  });

  test("snippets merge over the config in order by Ignition's rules", async () => {
    const base = "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/a\n      mode: 0644\n      contents: {inline: a}\n";
    const first =
      "variant: fcos\nversion: 1.4.0\nstorage:\n  files:\n    - path: /etc/a\n      mode: 0600\n    - path: /etc/b\n      contents: {inline: b}\n";
    const second =
      "variant: fcos\nversion: 1.5.0\npasswd:\n  users:\n    - name: core\n      ssh_authorized_keys: [ssh-ed25519 AAAA core]\n";
    const result = ok(await terraform({ content: base, snippets: JSON.stringify([first, second]) }));
    // By hand: /etc/a keeps its contents and takes the later mode (0600 = 384); /etc/b and the user are added; spec stays 3.4.0.
    expect(JSON.parse(result.rendered!)).toEqual({
      ignition: { version: "3.4.0" },
      passwd: { users: [{ name: "core", sshAuthorizedKeys: ["ssh-ed25519 AAAA core"] }] },
      storage: {
        files: [
          { path: "/etc/a", contents: { compression: "", source: "data:,a" }, mode: 384 },
          { path: "/etc/b", contents: { compression: "", source: "data:,b" } },
        ],
      },
    });
  });

  test("a snippet of another variant or a newer version is refused by its index", async () => {
    const flatcar = "variant: flatcar\nversion: 1.0.0\n";
    expect(failed(await terraform({ content: node(), snippets: JSON.stringify([flatcar]) }))).toBe(
      "snippets[0]: error: variant flatcar cannot merge into a fcos config: use variant fcos\n",
    );
    const older = node().replace("1.5.0", "1.3.0");
    const newer = "variant: fcos\nversion: 1.6.0\n";
    expect(failed(await terraform({ content: older, snippets: JSON.stringify([newer]) }))).toMatch(
      /^snippets\[0\]: error: fcos 1\.6\.0 \(Ignition 3\.5\.0\) is newer than the config's fcos 1\.3\.0 \(Ignition 3\.2\.0\)/,
    );
  });

  test("platform: user_data fitted to the limit, base64 for azure's custom_data, gzip bytes only in user_data_base64", async () => {
    // 400 small files: more than 16 KB in every target, which Butane cannot shrink but gzip can.
    const files = Array.from(
      { length: 400 },
      (_, i) => `    - path: /etc/kindling/setting-${i}\n      contents:\n        inline: value-${i}\n`,
    );
    const big = node(files.join(""));
    const ec2 = ok(await terraform({ content: big, platform: "ec2" }));
    expect(ec2.strategy).toBe("gzip");
    expect(Number(ec2.size)).toBeLessThanOrEqual(16_384);
    expect(JSON.parse(ec2.user_data!).ignition.config.replace.compression).toBe("gzip");
    const azure = ok(await terraform({ content: node(), platform: "azure" }));
    expect(Buffer.from(azure.user_data!, "base64").toString()).toBe(transpile(node()).output);
    const doc = ok(await terraform({ content: big, platform: "ec2", target: "cloud-init" }));
    expect(doc.strategy).toBe("gzip");
    expect(doc.user_data).toBe("");
    expect(gunzipSync(Buffer.from(doc.user_data_base64!, "base64")).toString()).toBe(transpile(big, { target: "cloud-init" }).output);
    expect(JSON.parse(doc.warnings!)).toEqual([expect.objectContaining({ code: "cloud.user-data.binary" })]);
    const inline = failed(await terraform({ content: big, platform: "ec2", strategy: "inline" }));
    expect(inline).toMatch(/^error: the user data is [\d,]+ bytes; ec2 takes at most 16,384 bytes in UserData \(/);
  });

  test("verify_url adds the agent, with its key read from verify_key_file", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "kindling-tf-"));
    writeFileSync(join(cwd, "report.key"), "cd".repeat(32));
    const query = { content: node(), verify_url: "http://10.0.0.1:8080/reports", verify_group: "web", verify_key_file: "report.key" };
    const result = ok(await terraform(query, cwd));
    const files = JSON.parse(result.rendered!).storage.files.map((f: { path: string }) => f.path);
    expect(files).toContain("/etc/kindling/verify.sh");
    expect(failed(await terraform({ ...query, verify_key_file: "nope.key" }, cwd))).toBe(
      "failed to read the report key nope.key: no such file or directory\n",
    );
  });

  test("query mistakes: unknown keys list the known ones, values must be strings, the input one JSON object", async () => {
    const unknown = failed(await terraform({ content: node(), pretty_print: "true" }));
    expect(unknown).toBe(
      'unknown query key "pretty_print": the keys are content, path, files_dir, strict, pretty, snippets, target, platform, strategy, bucket, presign, verify_url, verify_group, verify_key_file, verify_machine\n',
    );
    expect(failed(await terraform({ content: node(), strict: true }))).toBe("query key strict must be a string, not boolean\n");
    expect(failed(await terraform({ content: node(), strict: "yes" }))).toBe('query key strict is "yes": use "true" or "false"\n');
    expect(failed(await terraform({}))).toBe("give the config as exactly one of the query keys content and path\n");
    expect(failed(await terraform("[1]"))).toMatch(/^the query must be one JSON object of strings/);
    expect(failed(await terraform(""))).toMatch(/^the query is not JSON/);
    expect(failed(await terraform({ content: node(), snippets: "not json" }))).toMatch(
      /^query key snippets must be a JSON list of strings/,
    );
  });

  test("1 MB of content and Unicode come through, and the same query always gives the same bytes", async () => {
    const unicode = node(`    - path: /etc/greeting\n      contents:\n        inline: "Grüße, 世界 🚀\\n"\n`);
    const big = node(`    - path: /etc/large\n      contents:\n        inline: "${"ä".repeat(500_000)}"\n`);
    for (const source of [unicode, big]) {
      const first = await terraform({ content: source });
      expect(ok(first).rendered).toBe(transpile(source).output);
      expect((await terraform({ content: source })).stdout).toBe(first.stdout);
    }
  });
});
