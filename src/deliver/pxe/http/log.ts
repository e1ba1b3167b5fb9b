/**
 * kindling serve's log: one JSON line per request (what the route's log
 * shape says of it, routes.ts) and per event (a reload, a failure), each
 * with its time first.
 */
export type LogFields = Record<string, unknown>;

/** Writes one line to the log; where there is no log there is none, so callers write `log?.(…)` and build nothing. */
export type LogLine = (fields: LogFields) => void;

/** Lines of `fields` after the time, to `log`; undefined without a log. */
export function logWriter(log: ((line: string) => void) | undefined): LogLine | undefined {
  return log && ((fields) => log(JSON.stringify({ time: new Date().toISOString(), ...fields })));
}
