/**
 * Calls to Azure Resource Manager: a PUT (create or update) followed to its
 * end through the Azure-AsyncOperation URL it answers with (or Location, or
 * else the resource's own provisioningState), polling as often as
 * Retry-After says, within a deadline; and plain GETs. Every failure is one
 * line: a refused token names the fix, ARM's {error:{code,message}} is
 * quoted, a failed operation says how it ended.
 */
import { HTTPError, type KyInstance } from "ky";
import { describeAzureError, errorDetail } from "./http.js";

/** How long a PUT's operation may take before the launch gives up. */
const OPERATION_DEADLINE_MS = 30 * 60_000;
/** How often to poll when the answer does not say (ARM's usual Retry-After). */
const DEFAULT_POLL_MS = 5_000;
/** The quickest polling, whatever Retry-After says. */
const MIN_POLL_MS = 100;

// biome-ignore lint/suspicious/noExplicitAny: ARM's JSON answers, read field by field with optional chaining.
export type Json = Record<string, any>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pollDelay(headers: Headers): number {
  const after = headers.get("retry-after");
  if (after === null || !/^\d+$/.test(after.trim())) return DEFAULT_POLL_MS;
  return Math.max(MIN_POLL_MS, Number(after) * 1000);
}

/** A failed call as one line; a 401 says how to get a token that works. */
export async function armError(err: unknown, what: string): Promise<string> {
  if (err instanceof HTTPError && err.response.status === 401) {
    const detail = errorDetail(await err.response.text().catch(() => ""));
    return `the Azure token was refused (${detail || "HTTP 401"}): run az login again or pass a fresh --token`;
  }
  return describeAzureError(err, what);
}

export class ArmFailure extends Error {}

/** GETs `url` as JSON; throws ArmFailure with one line. */
export async function armGet(http: KyInstance, url: string, what: string): Promise<Json> {
  try {
    return await http.get(url).json<Json>();
  } catch (err) {
    throw new ArmFailure(await armError(err, what));
  }
}

/**
 * PUTs `body` to `url` and waits until ARM's operation ends; the resource
 * as it is then. `onState` hears each status ("InProgress"). Throws
 * ArmFailure with one line when the PUT or the operation fails.
 */
export async function armPutAndWait(
  http: KyInstance,
  url: string,
  body: unknown,
  what: string,
  onState: (state: string) => void,
): Promise<Json> {
  let response: Response;
  try {
    response = await http.put(url, { json: body });
  } catch (err) {
    throw new ArmFailure(await armError(err, what));
  }
  const deadline = Date.now() + OPERATION_DEADLINE_MS;
  const operation = response.headers.get("azure-asyncoperation");
  const location = response.headers.get("location");
  let delay = pollDelay(response.headers);
  if (operation) {
    for (;;) {
      if (Date.now() > deadline) throw new ArmFailure(`${what}: still not done after ${OPERATION_DEADLINE_MS / 60_000} minutes`);
      await sleep(delay);
      let answer: Response;
      try {
        answer = await http.get(operation);
      } catch (err) {
        throw new ArmFailure(await armError(err, `${what}, polling its operation`));
      }
      const state = (await answer.json()) as Json;
      const status = String(state.status ?? "");
      onState(status);
      if (status === "Succeeded") break;
      if (status === "Failed" || status === "Canceled") {
        const detail = state.error ? errorDetail(JSON.stringify({ error: state.error })) : "";
        throw new ArmFailure(`${what}: provisioning ${status}${detail ? `: ${detail}` : ""}`);
      }
      delay = pollDelay(answer.headers);
    }
  } else if (location && response.status === 202) {
    for (;;) {
      if (Date.now() > deadline) throw new ArmFailure(`${what}: still not done after ${OPERATION_DEADLINE_MS / 60_000} minutes`);
      await sleep(delay);
      let answer: Response;
      try {
        answer = await http.get(location);
      } catch (err) {
        throw new ArmFailure(await armError(err, `${what}, polling its operation`));
      }
      if (answer.status !== 202) break;
      onState("InProgress");
      delay = pollDelay(answer.headers);
    }
  }
  // Read the resource back: its provisioningState says how it ended (and ends the wait when there was no operation to poll).
  for (;;) {
    const resource = await armGet(http, url, what);
    const state = String(resource.properties?.provisioningState ?? "Succeeded");
    if (state === "Succeeded") return resource;
    if (state === "Failed" || state === "Canceled") throw new ArmFailure(`${what}: provisioning ${state}`);
    if (Date.now() > deadline) throw new ArmFailure(`${what}: still ${state} after ${OPERATION_DEADLINE_MS / 60_000} minutes`);
    onState(state);
    await sleep(DEFAULT_POLL_MS);
  }
}
