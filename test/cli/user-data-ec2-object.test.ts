// kindling user-data --platform ec2 --bucket s3://… : the object strategy
// through the real @aws-sdk/client-s3, pointed at the S3 emulator
// (test/emulators/s3-emulator.ts) by --storage-endpoint.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { userDataCommand } from "../../src/cli/user-data.js";
import { transpile } from "../../src/transpile.js";
import { type S3Emulator, startS3Emulator } from "../emulators/s3-emulator.js";
import { memoryIO } from "../helpers/io.js";

const KEYS = {
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  AWS_REGION: "eu-west-1",
};

const butane = [
  "variant: fcos",
  "version: 1.5.0",
  "storage:",
  "  files:",
  "    - path: /etc/motd",
  "      contents:",
  "        inline: delivered from s3",
  "",
].join("\n");

/** Butane whose Ignition is over EC2's 16 KB even gzipped (random file contents). */
function bigButane(): string {
  const noise = createHash("sha512");
  let text = "";
  for (let i = 0; text.length < 24_000; i++) text += noise.update(String(i)).copy().digest("base64");
  return `${butane}    - path: /etc/noise\n      contents:\n        inline: ${text}\n`;
}

let s3: S3Emulator;
let dir: string;
let file: string;
beforeAll(async () => {
  s3 = await startS3Emulator();
  dir = mkdtempSync(join(tmpdir(), "kindling-s3-ud-"));
  file = join(dir, "web.bu");
  writeFileSync(file, butane);
});
afterAll(async () => {
  await s3.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  s3.objects.clear();
  s3.requests.length = 0;
  for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]) vi.stubEnv(name, undefined);
  vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
});

const userData = async (args: string[], env: Record<string, string> = KEYS) => {
  const m = memoryIO("", env);
  const code = await userDataCommand(["--platform", "ec2", "--storage-endpoint", s3.endpoint, ...args], m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
};
const hex = (b: Uint8Array | string) => createHash("sha512").update(b).digest("hex");

describe("user-data --platform ec2 with an s3:// bucket", () => {
  test("uploads the config under its sha512 and prints a pointer to s3:// with the hash", async () => {
    const config = transpile(butane).output!;
    const r = await userData(["--strategy", "object", "--bucket", "s3://configs/fleet", file]);
    expect(r.code).toBe(0);
    const key = `fleet/${hex(config)}.ign`;
    expect(JSON.parse(r.stdout)).toEqual({
      ignition: {
        config: { replace: { source: `s3://configs/${key}`, verification: { hash: `sha512-${hex(config)}` } } },
        version: "3.4.0",
      },
    });
    expect(s3.objects.get(`configs/${key}`)?.body.toString("utf8")).toBe(config);
    expect(s3.objects.get(`configs/${key}`)?.contentType).toBe("application/vnd.coreos.ignition+json");
    expect(r.stderr).toContain(`user-data: the config is at s3://configs/${key}\n`);
    expect(r.stderr).toMatch(/strategy object: \d+ of 16,384 bytes/);
  });

  test("a second run finds the object and uploads nothing", async () => {
    const args = ["--strategy", "object", "--bucket", "s3://configs", file];
    const first = await userData(args);
    s3.requests.length = 0;
    const second = await userData(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toContain("(already there, not uploaded again)");
    expect(s3.requests.map((q) => q.method)).toEqual(["HEAD"]);
  });

  test("--presign points to a presigned URL the emulator serves the config from", async () => {
    const config = transpile(butane).output!;
    const r = await userData(["--strategy", "object", "--bucket", "s3://configs", "--presign", "900", file]);
    expect(r.code).toBe(0);
    const source: string = JSON.parse(r.stdout).ignition.config.replace.source;
    expect(source.startsWith(`${s3.endpoint}/configs/${hex(config)}.ign?`)).toBe(true);
    expect(new URL(source).searchParams.get("X-Amz-Expires")).toBe("900");
    const answer = await fetch(source);
    expect(await answer.text()).toBe(config);
    expect(r.stderr).toContain(`the config is at s3://configs/${hex(config)}.ign\n`);
    expect(r.stderr).not.toContain("X-Amz-Signature");
  });

  test("a config over EC2's limit even gzipped takes the object strategy by itself", async () => {
    const big = join(dir, "big.bu");
    writeFileSync(big, bigButane());
    const r = await userData(["--bucket", "s3://configs", big]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/strategy object/);
    expect(s3.objects.size).toBe(1);
    const without = memoryIO("", KEYS);
    expect(await userDataCommand(["--platform", "ec2", big], without.io)).toBe(1);
    expect(without.stderr()).toMatch(/16,384/);
  });

  test("cloud-init gets an #include of the presigned URL; without --presign it is refused", async () => {
    const cloud = join(dir, "cloud.yaml");
    const body = "#cloud-config\nhostname: web\n";
    writeFileSync(cloud, body);
    const plain = await userData(["--strategy", "object", "--bucket", "s3://configs", cloud]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/cloud-init fetches #include URLs over http\(s\) only, not s3:\/\/configs\//);
    const r = await userData(["--strategy", "object", "--bucket", "s3://configs", "--presign", "60", cloud]);
    expect(r.code).toBe(0);
    const [first, url, rest] = r.stdout.split("\n");
    expect([first, rest]).toEqual(["#include", ""]);
    expect(s3.objects.get(`configs/${hex(body)}.yaml`)?.contentType).toBe("text/cloud-config");
    expect(await (await fetch(url!)).text()).toBe(body);
  });

  test("no credentials is one line, exit 1, nothing uploaded", async () => {
    const empty = join(dir, "empty");
    writeFileSync(empty, "");
    const r = await userData(["--strategy", "object", "--bucket", "s3://configs", file], {
      AWS_SHARED_CREDENTIALS_FILE: empty,
      AWS_CONFIG_FILE: empty,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: cannot upload the config to s3:\/\/configs: no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE .*\n {2}hint: /,
    );
    expect(s3.requests).toEqual([]);
  });
});
