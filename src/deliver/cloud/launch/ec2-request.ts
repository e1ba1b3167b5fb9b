/**
 * The RunInstances input a `kindling launch ec2` asks for, built from the
 * flags without touching the network (so --dry-run can print it): the image
 * (an AMI id, or an SSM parameter EC2 resolves itself: `resolve:ssm:NAME`),
 * the type, subnet, security groups, key pair, instance profile, the tags
 * (Name from --name, on the instances and their volumes), MinCount = MaxCount
 * = --count (all or nothing), the user data in base64, and a ClientToken
 * derived from the whole request, so that running the same launch again
 * (after a timeout, a lost answer, a second terminal) gives back the
 * instances of the first instead of a second fleet.
 */
import { createHash } from "node:crypto";
import type { RunInstancesCommandInput } from "@aws-sdk/client-ec2";
import type { FlagSpecs } from "../../../cli/args.js";
import type { LaunchRequest } from "./launcher.js";

/** The default instance type: 2 vCPUs and 2 GiB, what Fedora CoreOS asks for at the least. */
export const DEFAULT_INSTANCE_TYPE = "t3.small";

export const EC2_FLAGS = {
  image: { type: "string" },
  type: { type: "string" },
  subnet: { type: "string" },
  "security-group": { type: "string", multiple: true },
  "key-name": { type: "string" },
  tag: { type: "string", multiple: true },
  "instance-profile": { type: "string" },
  region: { type: "string" },
} as const satisfies FlagSpecs;

export const EC2_USAGE = `  --image AMI|PARAM    the AMI id (ami-…), or an SSM parameter naming one, which EC2
                       resolves at launch (/aws/service/…); required
  --type TYPE          the instance type (default ${DEFAULT_INSTANCE_TYPE}: 2 vCPUs, 2 GiB)
  --subnet ID          the subnet (default: one of the default VPC's)
  --security-group G   a security group id (sg-…), or a name in the default VPC; repeatable
  --key-name NAME      the EC2 key pair for SSH
  --tag KEY=VALUE      a tag on the instances and their volumes; repeatable
  --instance-profile P the IAM instance profile (name or ARN); s3:// pointer configs need
                       one that may read the bucket
  --region REGION      the region (default AWS_REGION, AWS_DEFAULT_REGION, the profile's)
`;

/** The flags as the launcher reads them. */
interface Ec2Flags {
  image?: string;
  type?: string;
  subnet?: string;
  "security-group"?: string[];
  "key-name"?: string;
  tag?: string[];
  "instance-profile"?: string;
  region?: string;
}

/** The names of `count` instances called `name`: the name itself, or name-1 … name-N. */
export function instanceNames(name: string, count: number): string[] {
  return count === 1 ? [name] : Array.from({ length: count }, (_, i) => `${name}-${i + 1}`);
}

/**
 * The idempotency token for `request`: the sha256 (64 hex digits, EC2's
 * limit is 64 ASCII characters) of the name, the count, the user data and
 * every launcher flag, the region included.
 */
export function clientToken(request: LaunchRequest, region: string): string {
  const flags = Object.entries(request.flags)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const userData = createHash("sha256").update(request.userData.bytes).digest("hex");
  const canonical = JSON.stringify({ name: request.name, count: request.count, userData, flags, region });
  return createHash("sha256").update(canonical).digest("hex");
}

const bad = (value: string, flag: string, what: string) => ({ error: `invalid argument ${JSON.stringify(value)} for --${flag}: ${what}` });

/** The ImageId for --image: an AMI id as is, an SSM parameter name as resolve:ssm:NAME. */
function imageId(image: string | undefined): string | { error: string } {
  if (image === undefined) return { error: "give the --image: an AMI id (ami-…) or an SSM parameter name (/aws/service/…)" };
  if (image.startsWith("ami-"))
    return /^ami-[0-9a-f]{8}([0-9a-f]{9})?$/.test(image) ? image : bad(image, "image", "an AMI id is ami- and 8 or 17 hex digits");
  const name = image.startsWith("resolve:ssm:") ? image.slice("resolve:ssm:".length) : image;
  if (!/^[A-Za-z0-9_.\-/:]{1,2048}$/.test(name)) return bad(image, "image", "an AMI id (ami-…) or an SSM parameter name");
  return `resolve:ssm:${name}`;
}

/** The tags --name and --tag ask for. */
function tags(name: string, given: string[] | undefined): { Key: string; Value: string }[] | { error: string } {
  const out = [{ Key: "Name", Value: name }];
  for (const text of given ?? []) {
    const at = text.indexOf("=");
    if (at < 1) return bad(text, "tag", "KEY=VALUE");
    const Key = text.slice(0, at);
    if (Key === "Name") return { error: "the Name tag comes from --name; leave it out of --tag" };
    if (Key.toLowerCase().startsWith("aws:")) return bad(text, "tag", "aws: tags are AWS's own");
    out.push({ Key, Value: text.slice(at + 1) });
  }
  return out;
}

/** The RunInstances input for `request` in `region`, or a one-line error for a bad flag. */
export function runInstancesInput(request: LaunchRequest, region: string): RunInstancesCommandInput | { error: string } {
  const flags = request.flags as Ec2Flags;
  const image = imageId(flags.image);
  if (typeof image !== "string") return image;
  const type = flags.type ?? DEFAULT_INSTANCE_TYPE;
  if (!/^[a-z0-9-]+\.[a-z0-9-]+$/.test(type)) return bad(type, "type", "an instance type such as t3.small");
  const tagList = tags(request.name, flags.tag);
  if ("error" in tagList) return tagList;
  const groups = flags["security-group"] ?? [];
  const ids = groups.filter((g) => g.startsWith("sg-"));
  const names = groups.filter((g) => !g.startsWith("sg-"));
  const profile = flags["instance-profile"];
  return {
    ImageId: image,
    InstanceType: type as RunInstancesCommandInput["InstanceType"],
    MinCount: request.count,
    MaxCount: request.count,
    UserData: Buffer.from(request.userData.bytes).toString("base64"),
    ClientToken: clientToken(request, region),
    ...(flags.subnet !== undefined ? { SubnetId: flags.subnet } : {}),
    ...(ids.length > 0 ? { SecurityGroupIds: ids } : {}),
    ...(names.length > 0 ? { SecurityGroups: names } : {}),
    ...(flags["key-name"] !== undefined ? { KeyName: flags["key-name"] } : {}),
    ...(profile !== undefined ? { IamInstanceProfile: profile.startsWith("arn:") ? { Arn: profile } : { Name: profile } } : {}),
    TagSpecifications: [
      { ResourceType: "instance", Tags: tagList },
      { ResourceType: "volume", Tags: tagList },
    ],
  };
}
