/**
 * The agent settings a command line or a query names: the server URL, the
 * machine's group and label, and the report key read from its file. Every
 * channel that adds the agent (user-data, launch, terraform) checks them
 * the same way; the problems are one line each.
 */
import type { AgentSettings } from "./agent.js";

/** What the user gave: the URL, and the group, key file and machine label as they named them. */
export interface AgentRequest {
  url: string;
  group?: string;
  keyFile?: string;
  machine?: string;
}

/** The names the caller gives its settings in messages (`--verify-group`, `verify_group`). */
export interface AgentNames {
  url: string;
  group: string;
  keyFile: string;
}

/** Checks `request` and reads its key, or says in one line what is wrong. */
export async function readAgentSettings(
  request: AgentRequest,
  names: AgentNames,
  readFile: (path: string) => Promise<Uint8Array>,
): Promise<AgentSettings | { error: string }> {
  const { url, group, keyFile, machine } = request;
  if (!/^https?:\/\/[^\s'"]+$/.test(url)) return { error: `invalid ${names.url} "${url}": an http:// or https:// URL` };
  if (group === undefined || keyFile === undefined) return { error: `${names.url} needs ${names.group} and ${names.keyFile}` };
  let key: string;
  try {
    key = Buffer.from(await readFile(keyFile))
      .toString("utf8")
      .trim();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { error: `failed to read the report key ${keyFile}: ${e.code === "ENOENT" ? "no such file or directory" : e.message}` };
  }
  if (!/^[0-9a-f]{64}$/.test(key))
    return { error: `${keyFile}: a report key is 64 lower-case hex digits; make one with kindling report-key` };
  return { url, group, key, ...(machine !== undefined ? { machine } : {}) };
}
