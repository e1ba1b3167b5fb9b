/**
 * `kindling launch ec2|gce|azure [options] CONFIG|-`: fits CONFIG into the
 * platform's user data (as `kindling user-data` does), creates the
 * instances with it through the platform's API, waits until they run and
 * prints where they are. `--dry-run` prints the exact calls instead, user
 * data summarised and secrets redacted. Each platform's launcher (and its
 * SDK) is loaded only when that platform is launched.
 */

import type { LaunchedInstance, Launcher, LaunchRequest } from "../deliver/cloud/launch/launcher.js";
import { PLATFORMS, type Platform, USER_DATA_LIMITS } from "../deliver/cloud/limits.js";
import { type FlagSpecs, readCommandLine, usageError } from "./args.js";
import { prepareUserData, USER_DATA_FLAGS, USER_DATA_OPTIONS } from "./cloud-user-data.js";
import type { CommandIO } from "./io.js";
import { progressLine } from "./progress.js";

/** Each platform's launcher, loaded on first use. */
const LAUNCHERS: Partial<Record<Platform, () => Promise<Launcher>>> = {
  ec2: async () => (await import("../deliver/cloud/launch/ec2.js")).ec2Launcher,
  azure: async () => (await import("../deliver/cloud/launch/azure.js")).azureLauncher,
  gce: async () => (await import("../deliver/cloud/launch/gce.js")).gceLauncher,
};

const usage = (platform: string, own: string) => `Usage: kindling launch ${platform} --name NAME [options] CONFIG|-

Creates instances whose user data is CONFIG (Butane YAML, Ignition JSON or a cloud-init
document), made to fit the platform's limit as kindling user-data does, waits until they
run and prints their id, name, state and addresses.

Options:
  --name NAME          the instance name (names end in -1, -2, … with --count)
  --count N            how many instances (default 1)
  --dry-run            print the API calls instead of making them (user data summarised,
                       secrets redacted); needs no credentials
  --endpoint URL       send the API calls to URL instead of the platform's public endpoint
  --token TOKEN        a bearer token for the platform's API instead of the credential chain
                       (gce, azure; a bucket takes --storage-token)
${own}${USER_DATA_OPTIONS}`;

const COMMON_FLAGS = {
  ...USER_DATA_FLAGS,
  name: { type: "string" },
  count: { type: "string" },
  "dry-run": { type: "boolean" },
  endpoint: { type: "string" },
  token: { type: "string" },
} as const satisfies FlagSpecs;

const GENERAL_USAGE = `Usage: kindling launch ec2|gce|azure [options] CONFIG|-

Run "kindling launch PLATFORM --help" for a platform's options.
`;

export async function launchCommand(args: string[], io: CommandIO): Promise<number> {
  const [platformWord, ...rest] = args;
  if (platformWord === undefined || platformWord === "-h" || platformWord === "--help") {
    io.stdout(GENERAL_USAGE);
    return platformWord === undefined ? 2 : 0;
  }
  if (!(PLATFORMS as readonly string[]).includes(platformWord))
    return usageError(io, "launch", `unknown platform "${platformWord}": one of ${PLATFORMS.join(", ")}`);
  const platform = platformWord as Platform;
  const load = LAUNCHERS[platform];
  if (!load) {
    io.stderr(`Error: launching on ${platform} is not built yet; use kindling user-data --platform ${platform}\n`);
    return 1;
  }
  const launcher = await load();
  const parsed = readCommandLine(io, { name: `launch ${platform}`, usage: usage(platform, launcher.usage) }, rest, {
    ...COMMON_FLAGS,
    ...launcher.flags,
  });
  if (typeof parsed === "number") return parsed;
  const { flags, positionals } = parsed;
  const command = `launch ${platform}`;
  if (flags.name === undefined) return usageError(io, command, "give the instance --name");
  if (positionals.length !== 1) return usageError(io, command, "give one CONFIG (- for standard input)");
  const count = flags.count === undefined ? 1 : Number(flags.count);
  if (!Number.isInteger(count) || count < 1 || count > 1000 || !/^[0-9]+$/.test(flags.count ?? "1"))
    return usageError(io, command, `invalid argument "${flags.count}" for --count: a number from 1 to 1000`);

  const prepared = await prepareUserData(flags, positionals[0]!, platform, io);
  if (typeof prepared === "number") return prepared;
  const { userData } = prepared;
  const n = (x: number) => x.toLocaleString("en-US");
  io.stderr(
    `launch: user data ${n(userData.bytes.length)} of ${n(userData.limit)} bytes in ${USER_DATA_LIMITS[platform].field}, strategy ${userData.strategy}\n`,
  );

  const own = Object.fromEntries(
    Object.keys(launcher.flags).map((k) => [k, (flags as Record<string, unknown>)[k]]),
  ) as LaunchRequest["flags"];
  const request: LaunchRequest = {
    name: flags.name,
    count,
    userData,
    flags: own,
    env: io.env,
    readFile: (path) => io.readFile(path),
    ...(flags.endpoint !== undefined ? { endpoint: flags.endpoint } : {}),
    ...(flags.token !== undefined ? { token: flags.token } : {}),
  };
  if (flags["dry-run"]) {
    const calls = await launcher.plan(request);
    if ("error" in calls) return fail(io, calls.error);
    const { renderDryRun } = await import("../deliver/cloud/launch/dry-run.js");
    io.stdout(renderDryRun(calls, userData));
    return 0;
  }
  const progress = progressLine(io, `launch ${platform}`);
  const launched = await launcher.launch(request, progress);
  progress.end();
  if ("error" in launched) return fail(io, launched.error);
  io.stdout(renderInstances(launched));
  return 0;
}

/** One line per instance: id, name, state, private and public address, zone. */
function renderInstances(instances: LaunchedInstance[]): string {
  const rows = [["ID", "NAME", "STATE", "PRIVATE-IP", "PUBLIC-IP", "ZONE"]];
  for (const i of instances) rows.push([i.id, i.name, i.state, i.privateIp ?? "-", i.publicIp ?? "-", i.zone ?? "-"]);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join("  ")).join("\n") + "\n";
}

function fail(io: CommandIO, message: string): number {
  io.stderr(`Error: ${message}\n`);
  return 1;
}
