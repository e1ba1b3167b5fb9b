/**
 * A request body, read whole within a size cap and a deadline, so a client
 * that trickles a body or never sends it cannot hold the server: it gets
 * "too-large" or "timeout" (the caller answers 413 or 408 and closes the
 * connection), and a client that goes away mid-body gets "aborted".
 */
import type { IncomingMessage } from "node:http";

export type BodyRead = { body: Buffer } | { problem: "too-large" | "timeout" | "aborted" };

export function readBody(req: IncomingMessage, { limit, timeoutMs }: { limit: number; timeoutMs?: number }): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = timeoutMs ? setTimeout(() => finish({ problem: "timeout" }), timeoutMs) : undefined;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish({ problem: "too-large" });
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ body: Buffer.concat(chunks) });
    const onGone = () => finish({ problem: "aborted" });
    function finish(read: BodyRead) {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("error", onGone).off("close", onGone);
      // whatever else arrives is read and dropped until the caller's answer closes the connection
      if (!("body" in read)) req.resume();
      resolve(read);
    }
    req.on("data", onData).on("end", onEnd).on("error", onGone).on("close", onGone);
  });
}

/** What a body problem answers: status and message (the connection is closed after it). */
export function bodyProblemReply(
  problem: "too-large" | "timeout" | "aborted",
  what: string,
  limit: number,
  timeoutMs?: number,
): { status: number; message: string } {
  if (problem === "too-large") return { status: 413, message: `${what} is at most ${limit} bytes` };
  if (problem === "timeout") return { status: 408, message: `${what} did not arrive within ${Math.ceil((timeoutMs ?? 0) / 1000)} s` };
  return { status: 400, message: `the connection closed before ${what} was complete` };
}
