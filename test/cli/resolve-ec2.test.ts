// Every user-data strategy for ec2 round-trips to the original config bytes:
// Ignition through kindling resolve (s3:// through the real
// @aws-sdk/client-s3 against the S3 emulator, test/emulators/s3-emulator.ts),
// cloud-init the way cloud-init reads it (gunzip, #include's URL).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { resolveCommand } from "../../src/cli/resolve.js";
import { userDataCommand } from "../../src/cli/user-data.js";
import { transpile } from "../../src/transpile.js";
import { type S3Emulator, startS3Emulator } from "../emulators/s3-emulator.js";
import { memoryIO } from "../helpers/io.js";
import { fcosNode } from "../helpers/node-config.js";

const KEYS = {
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  AWS_REGION: "eu-west-1",
};

const butane = fcosNode("round trip");

let s3: S3Emulator;
let dir: string;
beforeAll(async () => {
  s3 = await startS3Emulator();
  dir = mkdtempSync(join(tmpdir(), "kindling-resolve-ec2-"));
  writeFileSync(join(dir, "config.bu"), butane);
});
afterAll(async () => {
  await s3.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]) vi.stubEnv(name, undefined);
  vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
});

/** The ec2 user data for `config` (a file in dir) with `args`, as bytes. */
async function userData(config: string, args: string[]): Promise<Buffer> {
  const out = join(dir, "user-data.out");
  const m = memoryIO("", KEYS);
  const storage = args.includes("--bucket") ? ["--storage-endpoint", s3.endpoint] : [];
  const code = await userDataCommand(["--platform", "ec2", ...storage, "-o", out, ...args, join(dir, config)], m.io);
  expect(m.stderr()).not.toMatch(/^error/m);
  expect(code).toBe(0);
  return readFileSync(out);
}

async function resolve(pointer: Buffer) {
  const m = memoryIO(pointer.toString("utf8"), KEYS);
  const code = await resolveCommand(["--storage-endpoint", s3.endpoint, "-"], m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

const IGNITION = [
  ["inline", []],
  ["gzip", []],
  ["object", ["--bucket", "s3://configs/ign"]],
  ["object", ["--bucket", "s3://configs/ign", "--presign", "300"]],
] as const;

describe("ec2 user data round-trips to the original config", () => {
  test.each(IGNITION)("ignition, strategy %s %j: kindling resolve gives back the transpiled config", async (strategy, extra) => {
    const original = transpile(butane).output!;
    const pointer = await userData("config.bu", ["--strategy", strategy, ...extra]);
    if (strategy !== "inline") expect(pointer.toString("utf8")).not.toBe(original);
    const r = await resolve(pointer);
    expect(r).toEqual({ code: 0, stdout: `${original}\n`, stderr: "" });
  });

  test("an uploaded config changed behind the pointer's back fails its hash", async () => {
    const pointer = await userData("config.bu", ["--strategy", "object", "--bucket", "s3://configs/tamper"]);
    const [name, object] = [...s3.objects].find(([k]) => k.startsWith("configs/tamper/"))!;
    s3.objects.set(name, { ...object, body: Buffer.concat([object.body, Buffer.from(" ")]) });
    const r = await resolve(pointer);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: s3:\/\/configs\/tamper\/[0-9a-f]+(\.ign|\.\.\.) does not match its verification hash/);
  });

  test("a pointer to a missing object is one line", async () => {
    const pointer = await userData("config.bu", ["--strategy", "object", "--bucket", "s3://configs/gone"]);
    for (const k of [...s3.objects.keys()]) if (k.startsWith("configs/gone/")) s3.objects.delete(k);
    const r = await resolve(pointer);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: cannot fetch s3:\/\/configs\/gone\/[0-9a-f]{128}\.ign: no such object in bucket configs \(NoSuchKey\)\n {2}hint: /,
    );
  });

  describe("cloud-init (resolve reads Ignition; these are read as cloud-init reads them)", () => {
    const original = "#cloud-config\nhostname: web\nruncmd:\n  - [echo, round trip]\n";
    beforeAll(() => writeFileSync(join(dir, "cloud.yaml"), original));

    test("inline is the document itself", async () => {
      expect((await userData("cloud.yaml", ["--strategy", "inline"])).toString("utf8")).toBe(original);
    });

    test("gzip gunzips to the document", async () => {
      expect(gunzipSync(await userData("cloud.yaml", ["--strategy", "gzip"])).toString("utf8")).toBe(original);
    });

    test("object: the #include URL serves the document", async () => {
      const include = (await userData("cloud.yaml", ["--strategy", "object", "--bucket", "s3://configs/ci", "--presign", "300"])).toString(
        "utf8",
      );
      const [, url] = include.split("\n");
      expect(await (await fetch(url!)).text()).toBe(original);
    });
  });
});
