/**
 * What `kindling launch PLATFORM` asks of each platform's launcher
 * (ec2.ts, gce.ts, azure.ts): its own flags, the exact API calls a launch
 * makes (shown by --dry-run without sending anything), and the launch itself:
 * create the instances with the user data, wait until they run, and say
 * where they are. Failures (credentials, quota, a bad flag) are one line for
 * the user, as `{ error }`; nothing is thrown at the user.
 */
import type { FlagSpecs } from "../../../cli/args.js";
import type { FittedUserData } from "../user-data.js";

/** One launch, as the command line asked for it. */
export interface LaunchRequest {
  /** The instance name: GCE and Azure resource names; the EC2 `Name` tag. With count > 1, names end in -1, -2, … */
  name: string;
  /** How many instances (1 unless --count). */
  count: number;
  /** The user data, already fitted to the platform. */
  userData: FittedUserData;
  /** The launcher's own flags, as parsed from the command line (its `flags` specs). */
  flags: Readonly<Record<string, string | string[] | boolean | undefined>>;
  /** Send the API calls here instead of the platform's public endpoint (emulators, private endpoints). */
  endpoint?: string;
  /** A bearer token instead of the credential chain (GCE, Azure). */
  token?: string;
  /** The environment the credential chains read. */
  env: Readonly<Record<string, string | undefined>>;
  /** Reads a file the flags name (a key file, a credentials file). */
  readFile(path: string): Promise<Uint8Array>;
}

/** One API call exactly as it will be sent (user data included); --dry-run prints it summarised and redacted. */
export interface PlannedCall {
  /** The HTTP method, or the SDK's operation name for SDK calls ("RunInstances"). */
  method: string;
  /** The URL, or for SDK calls the service and region ("ec2 us-east-1"). */
  target: string;
  /** The request body or the SDK command's input. */
  body: unknown;
}

/** One instance the launch made. */
export interface LaunchedInstance {
  id: string;
  name: string;
  /** The platform's word for its state once the launch returned (running, RUNNING, succeeded). */
  state: string;
  privateIp?: string;
  publicIp?: string;
  /** Where it runs: the availability zone, the GCE zone, the Azure location. */
  zone?: string;
}

/** Where a launch reports what it is waiting for: a line each time the state changes. */
export interface Progress {
  step(text: string): void;
}

export interface Launcher {
  /** The launcher's own flags (beyond launch's common ones). */
  flags: FlagSpecs;
  /** Its options for the usage text, one per line, indented like the common ones. */
  usage: string;
  /** The calls a launch would make, without touching the network; or a one-line error for missing or bad flags. */
  plan(request: LaunchRequest): Promise<PlannedCall[] | { error: string }>;
  /** Launches, waits until every instance runs, and says where they are; or a one-line error. */
  launch(request: LaunchRequest, progress: Progress): Promise<LaunchedInstance[] | { error: string }>;
}
