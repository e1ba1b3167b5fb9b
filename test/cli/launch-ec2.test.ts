// kindling launch ec2 through the real @aws-sdk/client-ec2, pointed at the
// EC2 Query API emulator (test/emulators/ec2-query-emulator.ts) by --endpoint.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EC2Client, TerminateInstancesCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { launchCommand } from "../../src/cli/launch.js";
import { userDataCommand } from "../../src/cli/user-data.js";
import { type Ec2Emulator, startEc2Emulator } from "../emulators/ec2-query-emulator.js";
import { memoryIO } from "../helpers/io.js";
import { fcosNode } from "../helpers/node-config.js";

const KEYS = {
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  AWS_REGION: "eu-west-1",
};

const config = fcosNode("hello from kindling", { unit: false });

let ec2: Ec2Emulator;
let dir: string;
let file: string;
beforeAll(async () => {
  ec2 = await startEc2Emulator({ region: "eu-west-1" });
  dir = mkdtempSync(join(tmpdir(), "kindling-ec2-"));
  file = join(dir, "web.bu");
  writeFileSync(file, config);
});
afterAll(async () => {
  await ec2.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  ec2.reservations.length = 0;
  ec2.requests.length = 0;
  for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"])
    vi.stubEnv(name, undefined);
  vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
});

const launch = async (args: string[], env: Record<string, string> = KEYS) => {
  const m = memoryIO("", env);
  const code = await launchCommand(["ec2", ...args], m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
};
const endpoint = () => ["--endpoint", ec2.endpoint];

/** The user data kindling user-data gives for the config on ec2. */
async function fitted(): Promise<Buffer> {
  const m = memoryIO("", KEYS);
  expect(await userDataCommand(["--platform", "ec2", file], m.io)).toBe(0);
  return Buffer.from(m.stdout(), "utf8");
}

describe("kindling launch ec2", () => {
  test("RunInstances carries the fitted user data in base64, the flags and the tags; waits until running", async () => {
    const r = await launch([
      "--name",
      "web",
      "--image",
      "ami-0123456789abcdef0",
      "--security-group",
      "sg-0aa",
      "--security-group",
      "sg-0bb",
      "--key-name",
      "ops",
      "--tag",
      "team=infra",
      "--tag",
      "env=test",
      "--instance-profile",
      "config-reader",
      ...endpoint(),
      file,
    ]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(ec2.reservations).toHaveLength(1);
    const [instance] = ec2.reservations[0]!.instances;
    expect(Buffer.from(instance!.userData!, "base64").equals(await fitted())).toBe(true);
    expect(instance).toMatchObject({
      imageId: "ami-0123456789abcdef0",
      type: "t3.small",
      keyName: "ops",
      securityGroups: ["sg-0aa", "sg-0bb"],
      state: "running",
    });
    expect(Object.fromEntries(instance!.tags)).toEqual({ Name: "web", team: "infra", env: "test" });
    const run = ec2.requests.find((q) => q.action === "RunInstances")!;
    expect(run).toMatchObject({ accessKeyId: "AKIDEXAMPLE", region: "eu-west-1" });
    expect(run.params).toMatchObject({ MinCount: "1", MaxCount: "1", "IamInstanceProfile.Name": "config-reader" });
    expect(run.params.ClientToken).toMatch(/^[0-9a-f]{64}$/);
    expect(r.stderr).toMatch(/launch ec2: RunInstances: 1 × t3\.small from ami-0123456789abcdef0/);
    expect(r.stderr).toMatch(/launch ec2: waiting: 1 pending\n/);
    expect(r.stderr).toMatch(/launch ec2: 1 running\n/);
    const [head, row] = r.stdout.trimEnd().split("\n");
    expect(head).toMatch(/^ID +NAME +STATE +PRIVATE-IP +PUBLIC-IP +ZONE$/);
    expect(row!.split(/ +/)).toEqual([instance!.id, "web", "running", instance!.privateIp, instance!.publicIp, "eu-west-1a"]);
  });

  test("--count launches one fleet with MinCount = MaxCount and names the instances NAME-1..N", async () => {
    const r = await launch(["--name", "node", "--count", "3", "--image", "ami-0123456789abcdef0", ...endpoint(), file]);
    expect(r.code).toBe(0);
    expect(ec2.reservations).toHaveLength(1);
    const run = ec2.requests.find((q) => q.action === "RunInstances")!;
    expect(run.params).toMatchObject({ MinCount: "3", MaxCount: "3" });
    const names = ec2.reservations[0]!.instances.map((i) => i.tags.get("Name"));
    expect(names).toEqual(["node-1", "node-2", "node-3"]);
    expect(
      r.stdout
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((l) => l.split(/ +/)[1]),
    ).toEqual(["node-1", "node-2", "node-3"]);
  });

  test("running the same launch again gives back the same instances (ClientToken); a changed flag is a new launch", async () => {
    const args = ["--name", "web", "--image", "ami-0123456789abcdef0", ...endpoint(), file];
    const first = await launch(args);
    const again = await launch(args);
    expect([first.code, again.code]).toEqual([0, 0]);
    expect(ec2.reservations).toHaveLength(1);
    expect(again.stdout).toBe(first.stdout);
    const tokens = ec2.requests.filter((q) => q.action === "RunInstances").map((q) => q.params.ClientToken);
    expect(tokens[0]).toBe(tokens[1]);
    expect((await launch([...args, "--type", "t3.medium"])).code).toBe(0);
    expect(ec2.reservations).toHaveLength(2);
  });

  test("after the instances are terminated, the same launch says so instead of launching again", async () => {
    const args = ["--name", "web", "--image", "ami-0123456789abcdef0", ...endpoint(), file];
    expect((await launch(args)).code).toBe(0);
    const id = ec2.reservations[0]!.instances[0]!.id;
    const client = new EC2Client({
      region: "eu-west-1",
      endpoint: ec2.endpoint,
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "s" },
    });
    const terminated = await client.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(terminated.TerminatingInstances?.[0]?.CurrentState?.Name).toBe("shutting-down");
    client.destroy();
    const again = await launch(args);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      new RegExp(
        `\\nError: instance ${id} is terminated instead of running; the same launch gives back these instances; change --name or a flag to launch new ones\\n$`,
      ),
    );
    expect(ec2.reservations).toHaveLength(1);
  });

  test("an SSM parameter name is sent as resolve:ssm:NAME", async () => {
    const r = await launch(["--name", "web", "--image", "/aws/service/fedora-coreos/stable/x86_64", ...endpoint(), file]);
    expect(r.code).toBe(0);
    expect(ec2.reservations[0]!.instances[0]!.imageId).toBe("resolve:ssm:/aws/service/fedora-coreos/stable/x86_64");
  });

  test("throttling and 500s are retried with backoff", async () => {
    ec2.throttle(2, "RunInstances");
    ec2.fail(1, "DescribeInstances");
    const r = await launch(["--name", "web", "--image", "ami-0123456789abcdef0", ...endpoint(), file]);
    expect(r.code).toBe(0);
    expect(ec2.requests.filter((q) => q.action === "RunInstances")).toHaveLength(3);
    expect(ec2.reservations).toHaveLength(1);
  });

  test("throttling that outlasts the retries is one line, exit 1", async () => {
    ec2.throttle(5, "RunInstances");
    const r = await launch(["--name", "web", "--image", "ami-0123456789abcdef0", ...endpoint(), file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /\nError: RunInstances: AWS kept throttling the requests \(RequestLimitExceeded\) after 5 attempts; try again in a minute\n$/,
    );
    expect(ec2.reservations).toHaveLength(0);
  }, 20_000);

  test("no credentials is one line naming what to set, exit 1, nothing sent", async () => {
    const empty = join(dir, "empty");
    writeFileSync(empty, "");
    const r = await launch(["--name", "web", "--image", "ami-0123456789abcdef0", ...endpoint(), file], {
      AWS_REGION: "eu-west-1",
      AWS_SHARED_CREDENTIALS_FILE: empty,
      AWS_CONFIG_FILE: empty,
    });
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.at(-1)).toBe(
      "Error: no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE to a profile in ~/.aws/config (aws configure, aws sso login)",
    );
    expect(lines.filter((l) => !l.startsWith("launch")).length).toBe(1);
    expect(ec2.requests).toHaveLength(0);
  });

  test("expired credentials are one line, exit 1", async () => {
    ec2.expireKey("ASIAEXPIRED");
    const r = await launch(["--name", "web", "--image", "ami-0123456789abcdef0", ...endpoint(), file], {
      ...KEYS,
      AWS_ACCESS_KEY_ID: "ASIAEXPIRED",
      AWS_SESSION_TOKEN: "token",
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /\nError: the AWS credentials have expired \(RequestExpired: Request has expired\.\): refresh them \(aws sso login, new session keys\)\n$/,
    );
  });

  test("no region is one line naming what to set", async () => {
    const { AWS_REGION: _, ...noRegion } = KEYS;
    const empty = join(dir, "empty-config");
    writeFileSync(empty, "");
    const r = await launch(["--name", "web", "--image", "ami-0123456789abcdef0", ...endpoint(), file], {
      ...noRegion,
      AWS_CONFIG_FILE: empty,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\nError: no AWS region: pass --region, or set AWS_REGION \(or a region in your AWS profile\)\n$/);
    const flagged = await launch(
      ["--name", "web", "--region", "eu-west-1", "--image", "ami-0123456789abcdef0", ...endpoint(), file],
      noRegion,
    );
    expect(flagged.code).toBe(0);
  });

  test("--dry-run prints the exact RunInstances input, user data summarised, without credentials or network", async () => {
    const args = [
      "--name",
      "web",
      "--count",
      "2",
      "--image",
      "ami-0123456789abcdef0",
      "--subnet",
      "subnet-0abc",
      "--tag",
      "team=infra",
      "--dry-run",
      file,
    ];
    const r = await launch(args, { AWS_REGION: "eu-west-1" });
    expect(r.code).toBe(0);
    expect(ec2.requests).toHaveLength(0);
    const calls = JSON.parse(r.stdout);
    expect(calls.map((c: { method: string }) => c.method)).toEqual(["RunInstances", "CreateTags", "CreateTags"]);
    const run = calls[0];
    expect(run.target).toBe("ec2 eu-west-1");
    expect(run.body).toMatchObject({
      ImageId: "ami-0123456789abcdef0",
      InstanceType: "t3.small",
      MinCount: 2,
      MaxCount: 2,
      SubnetId: "subnet-0abc",
      TagSpecifications: [
        {
          ResourceType: "instance",
          Tags: [
            { Key: "Name", Value: "web" },
            { Key: "team", Value: "infra" },
          ],
        },
        {
          ResourceType: "volume",
          Tags: [
            { Key: "Name", Value: "web" },
            { Key: "team", Value: "infra" },
          ],
        },
      ],
    });
    const userData = await fitted();
    expect(run.body.UserData).toMatchObject({ sha512: createHash("sha512").update(userData).digest("hex") });
    expect(run.body.ClientToken).toMatch(/^[0-9a-f]{64}$/);
    expect(calls[2].body).toEqual({ Resources: ["(the id of instance 2)"], Tags: [{ Key: "Name", Value: "web-2" }] });
    const again = JSON.parse((await launch(args, { AWS_REGION: "eu-west-1" })).stdout);
    expect(again[0].body.ClientToken).toBe(run.body.ClientToken);
    const other = JSON.parse((await launch([...args, "--tag", "x=y"], { AWS_REGION: "eu-west-1" })).stdout);
    expect(other[0].body.ClientToken).not.toBe(run.body.ClientToken);
  });

  test("flag errors are one line", async () => {
    const noImage = await launch(["--name", "web", "--dry-run", file]);
    expect(noImage).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/\nError: give the --image: an AMI id \(ami-…\) or an SSM parameter name/),
    });
    const badTag = await launch(["--name", "web", "--image", "ami-0123456789abcdef0", "--tag", "novalue", "--dry-run", file]);
    expect(badTag.stderr).toMatch(/\nError: invalid argument "novalue" for --tag: KEY=VALUE\n$/);
    const nameTag = await launch(["--name", "web", "--image", "ami-0123456789abcdef0", "--tag", "Name=x", "--dry-run", file]);
    expect(nameTag.stderr).toMatch(/\nError: the Name tag comes from --name; leave it out of --tag\n$/);
    const badAmi = await launch(["--name", "web", "--image", "ami-xyz", "--dry-run", file]);
    expect(badAmi.stderr).toMatch(/\nError: invalid argument "ami-xyz" for --image/);
    const token = await launch(["--name", "web", "--image", "ami-0123456789abcdef0", "--token", "t", "--dry-run", file]);
    expect(token.stderr).toMatch(/\nError: --token is for gce and azure; ec2 uses the AWS credential chain/);
  });
});
