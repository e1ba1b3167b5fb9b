/**
 * What one client may hold of the server, so no request, slow client or
 * flood of them can take it down: how many asset downloads and report
 * uploads run at once (more get 503 with Retry-After, never a queue), how
 * long a request's headers and body may take, and how long a connection may
 * sit without moving a byte.
 */
export interface ServeLimits {
  /** Asset downloads at once; each holds an open file and a socket. */
  maxAssetStreams: number;
  /** Report uploads (POST /reports) being received at once. */
  maxReportUploads: number;
  /** Time from a request's first byte to the end of its headers. */
  headersTimeoutMs: number;
  /** Time to receive a request body (reports, admin writes) once its headers are in. */
  bodyTimeoutMs: number;
  /** A connection that moves no byte either way for this long is closed (a stalled download frees its slot). */
  idleTimeoutMs: number;
}

/**
 * Defaults: 256 downloads stay well within the usual 1,024 descriptors (two
 * each: file and socket); a report is a few KiB, so 32 uploads at once and
 * 30 s to send one are plenty on a provisioning network.
 */
export const DEFAULT_LIMITS: ServeLimits = {
  maxAssetStreams: 256,
  maxReportUploads: 32,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
};

/** Seconds a client refused for being over a bound is told to wait (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

/** A counted bound: take a slot or be told no; give it back exactly once. */
export class Slots {
  private used = 0;

  constructor(readonly size: number) {}

  /** A release function, or undefined when every slot is taken. */
  take(): (() => void) | undefined {
    if (this.used >= this.size) return undefined;
    this.used++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used--;
    };
  }

  get inUse(): number {
    return this.used;
  }
}
