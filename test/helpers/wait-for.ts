/**
 * The one way tests wait for something that happens elsewhere (a child
 * process's output, a watcher's reload, a server's record): poll `probe`
 * until it returns a value that is neither undefined nor false, and fail with
 * a message naming what never happened (and the probe's last error, if it
 * threw) instead of letting a later line trip over undefined.
 */
export interface WaitOptions {
  /** Give up after this long (default 10 s: generous, since a loaded CI machine is slow, not wrong). */
  timeoutMs?: number;
  /** Time between probes (default 20 ms). */
  intervalMs?: number;
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 10_000, intervalMs = 20 }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError === undefined ? "" : ` (last attempt: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
