/**
 * kindling serve's log: one JSON line per request (what the route's log
 * shape says of it, routes.ts) and per event (a reload, a failure), each
 * with its time first.
 */
export type LogFields = Record<string, unknown>;

/** Writes a line of `fields` after the time; with no log, nothing. */
export function logWriter(log: ((line: string) => void) | undefined): (fields: LogFields) => void {
  return log ? (fields) => log(JSON.stringify({ time: new Date().toISOString(), ...fields })) : () => {};
}
