/**
 * `kindling launch ec2`: RunInstances through @aws-sdk/client-ec2 with the
 * input ec2-request.ts builds (the SDK's credential chain and region, its
 * standard retries with backoff on throttling and 5xx), then the Name tags
 * NAME-1 … NAME-N with CreateTags when --count is above 1 (one RunInstances
 * tags every instance alike), then DescribeInstances until every instance
 * runs. Every failure is one line.
 */
import { CreateTagsCommand, DescribeInstancesCommand, EC2Client, type Instance, RunInstancesCommand } from "@aws-sdk/client-ec2";
import { awsClientConfig } from "../aws/config.js";
import { awsErrorLine } from "../aws/errors.js";
import { EC2_FLAGS, EC2_USAGE, instanceNames, runInstancesInput } from "./ec2-request.js";
import type { LaunchedInstance, Launcher, LaunchRequest, PlannedCall, Progress } from "./launcher.js";

/** How long to wait for the instances to run. */
const WAIT_MS = 10 * 60 * 1000;
/** The pauses between DescribeInstances calls: the first call at once, then longer pauses up to the last. */
const POLL_MS = [1000, 2000, 4000, 8000, 10_000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The region and the RunInstances input, or a one-line error. */
async function prepare(request: LaunchRequest) {
  if (request.token !== undefined)
    return {
      error:
        "--token is for gce and azure; ec2 uses the AWS credential chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)",
    };
  const config = await awsClientConfig(request.env, {
    ...(typeof request.flags.region === "string" ? { region: request.flags.region } : {}),
    ...(request.endpoint !== undefined ? { endpoint: request.endpoint } : {}),
  });
  if ("error" in config) return config;
  const input = runInstancesInput(request, config.region);
  if ("error" in input) return input;
  return { config, input };
}

async function plan(request: LaunchRequest): Promise<PlannedCall[] | { error: string }> {
  const prepared = await prepare(request);
  if ("error" in prepared) return prepared;
  const { config, input } = prepared;
  const target = `ec2 ${config.region}${request.endpoint !== undefined ? ` ${request.endpoint}` : ""}`;
  const calls: PlannedCall[] = [{ method: "RunInstances", target, body: input }];
  if (request.count > 1)
    for (const [i, name] of instanceNames(request.name, request.count).entries()) {
      const body = { Resources: [`(the id of instance ${i + 1})`], Tags: [{ Key: "Name", Value: name }] };
      calls.push({ method: "CreateTags", target, body });
    }
  return calls;
}

/** "2 running, 1 pending" for `instances`. */
function tally(instances: Instance[]): string {
  const counts = new Map<string, number>();
  for (const i of instances) counts.set(i.State?.Name ?? "unknown", (counts.get(i.State?.Name ?? "unknown") ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${state}`).join(", ");
}

async function launch(request: LaunchRequest, progress: Progress): Promise<LaunchedInstance[] | { error: string }> {
  const prepared = await prepare(request);
  if ("error" in prepared) return prepared;
  const { config, input } = prepared;
  try {
    await config.credentials();
  } catch (err) {
    return { error: awsErrorLine(err, "RunInstances", request.endpoint) };
  }
  const client = new EC2Client(config);
  const failed = (err: unknown, operation: string) => ({ error: awsErrorLine(err, operation, request.endpoint) });
  try {
    progress.step(`RunInstances: ${input.MaxCount} × ${input.InstanceType} from ${input.ImageId} in ${config.region}`);
    let launched: Instance[];
    try {
      const answer = await client.send(new RunInstancesCommand(input));
      launched = [...(answer.Instances ?? [])].sort((a, b) => (a.AmiLaunchIndex ?? 0) - (b.AmiLaunchIndex ?? 0));
    } catch (err) {
      return failed(err, "RunInstances");
    }
    const ids = launched.map((i) => i.InstanceId!);
    if (ids.length === 0) return { error: "RunInstances: AWS answered without instances" };
    const names = instanceNames(request.name, request.count);
    if (request.count > 1) {
      for (const [i, id] of ids.entries()) {
        try {
          await client.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: "Name", Value: names[i] ?? request.name }] }));
        } catch (err) {
          return failed(err, `CreateTags (Name of ${id}; the instances were launched: ${ids.join(" ")})`);
        }
      }
    }
    const running = await waitRunning(client, ids, progress, request.endpoint);
    if ("error" in running) return running;
    return running.map((i, n) => ({
      id: i.InstanceId!,
      name: names[n] ?? request.name,
      state: i.State?.Name ?? "unknown",
      ...(i.PrivateIpAddress ? { privateIp: i.PrivateIpAddress } : {}),
      ...(i.PublicIpAddress ? { publicIp: i.PublicIpAddress } : {}),
      ...(i.Placement?.AvailabilityZone ? { zone: i.Placement.AvailabilityZone } : {}),
    }));
  } finally {
    client.destroy();
  }
}

/** DescribeInstances until every one of `ids` runs; in the order of `ids`. */
async function waitRunning(
  client: EC2Client,
  ids: string[],
  progress: Progress,
  endpoint?: string,
): Promise<Instance[] | { error: string }> {
  const deadline = Date.now() + WAIT_MS;
  for (let round = 0; ; round++) {
    let instances: Instance[] = [];
    try {
      const answer = await client.send(new DescribeInstancesCommand({ InstanceIds: ids }));
      const all = (answer.Reservations ?? []).flatMap((r) => r.Instances ?? []);
      instances = ids.map((id) => all.find((i) => i.InstanceId === id) ?? { InstanceId: id, State: { Name: "pending" } });
    } catch (err) {
      // Just after RunInstances, DescribeInstances may not know the ids yet (EC2 is eventually consistent).
      if ((err as { name?: string }).name !== "InvalidInstanceID.NotFound")
        return { error: awsErrorLine(err, "DescribeInstances", endpoint) };
      instances = ids.map((id) => ({ InstanceId: id, State: { Name: "pending" } }));
    }
    const gone = instances.find((i) => ["shutting-down", "terminated", "stopping", "stopped"].includes(i.State?.Name ?? ""));
    if (gone) {
      const reason = gone.StateReason?.Message ?? gone.StateTransitionReason;
      const again = "the same launch gives back these instances; change --name or a flag to launch new ones";
      return { error: `instance ${gone.InstanceId} is ${gone.State?.Name} instead of running${reason ? ` (${reason})` : ""}; ${again}` };
    }
    if (instances.every((i) => i.State?.Name === "running")) {
      progress.step(`${instances.length} running`);
      return instances;
    }
    progress.step(`waiting: ${tally(instances)}`);
    if (Date.now() > deadline)
      return { error: `the instances are not running after ${WAIT_MS / 60_000} minutes (${tally(instances)}): ${ids.join(" ")}` };
    await sleep(POLL_MS[Math.min(round, POLL_MS.length - 1)]!);
  }
}

export const ec2Launcher: Launcher = { flags: EC2_FLAGS, usage: EC2_USAGE, plan, launch };
