/**
 * The one place an answer is written to a connection. A `Reply` goes out
 * as content-type, content-length and its own headers; a `RawReply` with
 * its head as given, its body streamed when it has a stream. Never throws:
 * an answer that cannot be written closes the connection.
 */
import type { ServerResponse } from "node:http";
import { pipeline } from "node:stream";
import { type Answer, isRaw } from "./reply.js";

export function respond(res: ServerResponse, answer: Answer): void {
  const stream = isRaw(answer) ? answer.stream : undefined;
  try {
    if (!isRaw(answer)) {
      res.writeHead(answer.status, {
        "content-type": answer.contentType,
        "content-length": Buffer.byteLength(answer.body),
        ...answer.headers,
      });
      res.end(answer.body);
    } else if (stream) {
      res.writeHead(answer.status, answer.head);
      // pipeline destroys every stream on an error or an early close, so a client that leaves releases what the body holds
      pipeline([...stream.through, res], (err) => {
        stream.finished(err ?? null);
        if (err) res.destroy();
      });
    } else {
      res.writeHead(answer.status, answer.head);
      res.end(answer.body);
    }
  } catch (err) {
    stream?.finished(err as Error);
    res.destroy();
  }
}
