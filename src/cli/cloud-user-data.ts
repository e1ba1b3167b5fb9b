/**
 * What `kindling user-data` and `kindling launch` share: the flags that say
 * how CONFIG becomes user data (target, strategy, bucket, the verification
 * agent), reading CONFIG into a payload, and fitting it to the platform
 * (deliver/cloud/). CONFIG is Butane YAML (transpiled first), Ignition JSON
 * (validated) or a cloud-init document (#cloud-config or a #! script, as is).
 */

import { ignitionVersionOf } from "../butane/registry.js";
import type { Platform } from "../deliver/cloud/limits.js";
import { parseBucketUrl } from "../deliver/cloud/object/bucket.js";
import { type DeliveredUserData, deliverUserData } from "../deliver/cloud/object/deliver.js";
import type { ObjectStore } from "../deliver/cloud/object/object-store.js";
import { type Payload, STRATEGIES, type Strategy } from "../deliver/cloud/user-data.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { renderRawReport } from "../diagnostics/render-raw.js";
import { marshalGoJson } from "../emit/json-go.js";
import { loadSpec } from "../ignition/schema.js";
import { validateIgnition } from "../ignition/validate.js";
import { OUTPUT_TARGETS, type OutputTarget, transpile } from "../transpile.js";
import { userDataKind } from "../validate-cloud-config/header.js";
import { type AgentSettings, addAgent } from "../verify/agent.js";
import { readAgentSettings } from "../verify/agent-settings.js";
import type { FlagSpecs, FlagValues } from "./args.js";
import { type CommandIO, readInput } from "./io.js";

/** The flags both commands take, for their usage text. */
export const USER_DATA_OPTIONS = `  --target T           what Butane YAML becomes: ignition (default), cloud-config, cloud-init or script
  -d, --files-dir DIR  the directory local files in Butane YAML are relative to
  --strict             fail on warnings
  --strategy S         inline, gzip or object only (default: the first that fits)
  --bucket URL         where the object strategy uploads the config: s3://BUCKET[/PREFIX],
                       gs://BUCKET[/PREFIX] or https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX]
  --presign SECONDS    point to an https URL valid that long (presigned S3 URL, Azure SAS)
                       instead of s3:// or gs:// (cloud-init needs one)
  --storage-endpoint U send the bucket's API calls to U (an S3-compatible store, an emulator)
  --storage-token T    a bearer token for a gs:// or Azure bucket, instead of the credential chain
  --verify URL         add the first-boot verification agent, reporting to kindling serve at URL
  --verify-group G     the machine's group on that server (required with --verify)
  --verify-key-file F  the report key, 64 hex digits (kindling report-key)
  --verify-machine L   the label the server knows the machine by (mac=…)
`;

export const USER_DATA_FLAGS = {
  target: { type: "string", choices: OUTPUT_TARGETS },
  "files-dir": { type: "string", short: "d" },
  strict: { type: "boolean" },
  strategy: { type: "string", choices: STRATEGIES },
  bucket: { type: "string" },
  presign: { type: "string" },
  "storage-endpoint": { type: "string" },
  "storage-token": { type: "string" },
  verify: { type: "string" },
  "verify-group": { type: "string" },
  "verify-key-file": { type: "string" },
  "verify-machine": { type: "string" },
} as const satisfies FlagSpecs;

export type UserDataFlags = FlagValues<typeof USER_DATA_FLAGS>;

/** The agent settings the --verify flags give, undefined without --verify, or a one-line error. */
async function agentSettings(flags: UserDataFlags, io: CommandIO): Promise<AgentSettings | undefined | { error: string }> {
  const { verify: url, "verify-group": group, "verify-key-file": keyFile, "verify-machine": machine } = flags;
  if (url === undefined) {
    if (group !== undefined || keyFile !== undefined || machine !== undefined)
      return { error: "--verify-group, --verify-key-file and --verify-machine need --verify URL" };
    return undefined;
  }
  const names = { url: "--verify", group: "--verify-group GROUP", keyFile: "--verify-key-file FILE" };
  return readAgentSettings({ url, group, keyFile, machine }, names, (path) => io.readFile(path));
}

/** An Ignition JSON config with the agent added, or the exit status after saying why not. */
function ignitionPayload(input: Uint8Array, agent: AgentSettings | undefined, io: CommandIO): Payload | number {
  const checked = validateIgnition(input);
  io.stderr(renderRawReport(checked.diagnostics));
  if (checked.failure || !checked.version || !checked.config || hasErrors(checked.diagnostics)) {
    if (checked.failure) io.stderr(`couldn't parse config: ${checked.failure.text}\n`);
    return 1;
  }
  if (!agent) return { kind: "ignition", bytes: input, version: checked.version };
  const spec = loadSpec(checked.version);
  const added = addAgent(spec, checked.config, agent);
  io.stderr(renderRawReport(added.diagnostics));
  if (!added.config) return 1;
  return { kind: "ignition", bytes: Buffer.from(marshalGoJson(spec, added.config)), version: checked.version };
}

/** The payload CONFIG's bytes stand for, or the exit status after saying why there is none. */
function payloadOf(input: Uint8Array, flags: UserDataFlags, agent: AgentSettings | undefined, io: CommandIO): Payload | number {
  const kind = userDataKind(Buffer.from(input).toString("utf8"));
  if (kind === "cloud-config" || kind === "script") {
    if (agent) {
      io.stderr("Error: --verify adds the agent to Butane or Ignition configs; this is a cloud-init document\n");
      return 1;
    }
    return { kind: "cloud-init", bytes: input };
  }
  if (kind === "ignition") return ignitionPayload(input, agent, io);
  const target = (flags.target ?? "ignition") as OutputTarget;
  const result = transpile(input, {
    target,
    ...(flags["files-dir"] !== undefined ? { filesDir: flags["files-dir"] } : {}),
    ...(flags.strict ? { strict: true } : {}),
    ...(agent ? { verify: agent } : {}),
  });
  io.stderr(renderRawReport(result.diagnostics));
  if (result.output === undefined || !result.spec) {
    io.stderr(`Error translating config: ${result.failure ?? "source config is invalid"}\n`);
    return 1;
  }
  const bytes = Buffer.from(result.output);
  return target === "ignition" ? { kind: "ignition", bytes, version: ignitionVersionOf(result.spec) } : { kind: "cloud-init", bytes };
}

/** The bucket store the flags name, undefined without --bucket, or a one-line error. */
async function bucketStore(flags: UserDataFlags, io: CommandIO): Promise<ObjectStore | undefined | { error: string }> {
  if (flags.presign !== undefined && !/^[1-9][0-9]{0,6}$/.test(flags.presign))
    return { error: `invalid argument "${flags.presign}" for --presign: a number of seconds from 1 to 9999999` };
  if (flags.bucket === undefined) {
    if (flags.presign !== undefined || flags["storage-endpoint"] !== undefined || flags["storage-token"] !== undefined)
      return { error: "--presign, --storage-endpoint and --storage-token need --bucket URL" };
    return undefined;
  }
  const bucket = parseBucketUrl(flags.bucket);
  if ("error" in bucket) return bucket;
  const { openObjectStore } = await import("../deliver/cloud/object/bucket.js");
  return openObjectStore(bucket, {
    env: io.env,
    ...(flags.presign !== undefined ? { presignSeconds: Number(flags.presign) } : {}),
    ...(flags["storage-endpoint"] !== undefined ? { endpoint: flags["storage-endpoint"] } : {}),
    ...(flags["storage-token"] !== undefined ? { token: flags["storage-token"] } : {}),
  });
}

/** What prepareUserData gives: the fitted user data and the payload it carries. */
export type PreparedUserData = DeliveredUserData & { userData: NonNullable<DeliveredUserData["userData"]>; payload: Payload };

/**
 * Reads CONFIG (`file`, "-" for standard input), makes it a payload and fits
 * it to `platform`; or says why on stderr and gives the exit status.
 */
export async function prepareUserData(
  flags: UserDataFlags,
  file: string,
  platform: Platform,
  io: CommandIO,
): Promise<PreparedUserData | number> {
  const agent = await agentSettings(flags, io);
  if (agent && "error" in agent) return fail(io, agent.error);
  const store = await bucketStore(flags, io);
  if (store && "error" in store) return fail(io, store.error);
  const input = await readInput(io, file);
  if (!input) return 1;
  const payload = payloadOf(input, flags, agent, io);
  if (typeof payload === "number") return payload;
  const delivered = await deliverUserData(payload, platform, {
    ...(flags.strategy !== undefined ? { forced: flags.strategy as Strategy } : {}),
    ...(store ? { store } : {}),
  });
  if (!delivered.userData) {
    for (const d of delivered.diagnostics) io.stderr(`error: ${d.message}\n  hint: ${d.hint}\n`);
    return 1;
  }
  return { ...delivered, userData: delivered.userData, payload };
}

function fail(io: CommandIO, message: string): number {
  io.stderr(`Error: ${message}\n`);
  return 1;
}
