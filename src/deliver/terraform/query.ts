/**
 * The query Terraform's `external` data source hands `kindling terraform`:
 * one JSON object whose values are all strings. The keys mirror
 * terraform-provider-ct's `ct_config` (content, strict, pretty_print as
 * `pretty`, snippets) plus kindling's target, cloud user data and agent.
 */

import { OUTPUT_TARGETS, type OutputTarget } from "../../transpile.js";
import { PLATFORMS, type Platform } from "../cloud/limits.js";
import { STRATEGIES, type Strategy } from "../cloud/user-data.js";

/** Every key a query may hold, with what it means (the usage text and the unknown-key error list them). */
export const QUERY_KEYS = {
  content: "the config: Butane YAML or Ignition JSON text (or give path)",
  path: "the config's file, relative to Terraform's working directory (or give content)",
  files_dir: "the directory local files in Butane YAML are relative to",
  strict: '"true" fails on warnings',
  pretty: '"true" indents the Ignition JSON',
  snippets: "a JSON list of Butane snippets (jsonencode([...])), each merged into the config in order",
  target: "ignition (default), cloud-config, cloud-init or script",
  platform: "ec2, gce or azure: fit user_data to that platform's limit",
  strategy: "inline, gzip or object (default: the first that fits)",
  bucket: "where the object strategy uploads: s3://…, gs://… or https://ACCOUNT.blob.core.windows.net/CONTAINER",
  presign: "seconds: point to a presigned or SAS https URL instead",
  verify_url: "add the first-boot agent, reporting to kindling serve at this URL",
  verify_group: "the machine's group on that server",
  verify_key_file: "the report key's file (kindling report-key)",
  verify_machine: "the label the server knows the machine by",
} as const;

export type QueryKey = keyof typeof QUERY_KEYS;

/** A checked query. */
export interface TerraformQuery {
  input: { text: string; name: string } | { path: string };
  filesDir?: string;
  strict: boolean;
  pretty: boolean;
  snippets: string[];
  target: OutputTarget;
  platform?: Platform;
  strategy?: Strategy;
  bucket?: string;
  presign?: number;
  verify?: { url: string; group?: string; keyFile?: string; machine?: string };
}

const bool = (key: string, value: string | undefined): boolean | string => {
  if (value === undefined || value === "false" || value === "") return false;
  if (value === "true") return true;
  return `query key ${key} is "${value}": use "true" or "false"`;
};

const oneOf = <T extends string>(key: string, value: string | undefined, choices: readonly T[]): T | undefined | { error: string } => {
  if (value === undefined || value === "") return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  return { error: `query key ${key} is "${value}": use one of ${choices.join(", ")}` };
};

/** Checks `raw` (the parsed standard input); the errors are one line each. */
export function readQuery(raw: unknown): TerraformQuery | { errors: string[] } {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    return { errors: ["the query must be one JSON object of strings (Terraform's external data source sends one)"] };
  const errors: string[] = [];
  const q: Partial<Record<QueryKey, string>> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(QUERY_KEYS, key)) {
      errors.push(`unknown query key "${key}": the keys are ${Object.keys(QUERY_KEYS).join(", ")}`);
      continue;
    }
    if (typeof value !== "string") {
      errors.push(`query key ${key} must be a string, not ${value === null ? "null" : Array.isArray(value) ? "a list" : typeof value}`);
      continue;
    }
    q[key as QueryKey] = value;
  }
  if ((q.content === undefined) === (q.path === undefined))
    errors.push("give the config as exactly one of the query keys content and path");
  const strict = bool("strict", q.strict);
  const pretty = bool("pretty", q.pretty);
  for (const b of [strict, pretty]) if (typeof b === "string") errors.push(b);
  const target = oneOf("target", q.target, OUTPUT_TARGETS);
  const platform = oneOf("platform", q.platform, PLATFORMS);
  const strategy = oneOf("strategy", q.strategy, STRATEGIES);
  for (const c of [target, platform, strategy]) if (c && typeof c === "object") errors.push(c.error);
  if (strategy !== undefined && platform === undefined) errors.push("query key strategy needs platform");
  let snippets: string[] = [];
  if (q.snippets !== undefined && q.snippets !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(q.snippets);
    } catch {
      parsed = undefined;
    }
    if (Array.isArray(parsed) && parsed.every((s) => typeof s === "string")) snippets = parsed;
    else errors.push("query key snippets must be a JSON list of strings: jsonencode([...]) in HCL");
  }
  if (q.presign !== undefined && !/^[1-9][0-9]{0,6}$/.test(q.presign))
    errors.push(`query key presign is "${q.presign}": a number of seconds`);
  if (q.presign !== undefined && q.bucket === undefined) errors.push("query key presign needs bucket");
  const verifyKeys = [q.verify_group, q.verify_key_file, q.verify_machine].some((v) => v !== undefined);
  if (verifyKeys && q.verify_url === undefined) errors.push("query keys verify_group, verify_key_file and verify_machine need verify_url");
  if (errors.length) return { errors };
  return {
    input: q.content !== undefined ? { text: q.content, name: "content" } : { path: q.path! },
    ...(q.files_dir ? { filesDir: q.files_dir } : {}),
    strict: strict as boolean,
    pretty: pretty as boolean,
    snippets,
    target: (target as OutputTarget | undefined) ?? "ignition",
    ...(platform ? { platform: platform as Platform } : {}),
    ...(strategy ? { strategy: strategy as Strategy } : {}),
    ...(q.bucket ? { bucket: q.bucket } : {}),
    ...(q.presign ? { presign: Number(q.presign) } : {}),
    ...(q.verify_url !== undefined
      ? {
          verify: {
            url: q.verify_url,
            ...(q.verify_group !== undefined ? { group: q.verify_group } : {}),
            ...(q.verify_key_file !== undefined ? { keyFile: q.verify_key_file } : {}),
            ...(q.verify_machine !== undefined ? { machine: q.verify_machine } : {}),
          },
        }
      : {}),
  };
}
