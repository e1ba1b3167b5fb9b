/**
 * What a handler answers, as data: respond.ts is the one place it is
 * written to a connection. Most answers are a `Reply` (a text body, its
 * type and length, then any headers of its own); an answer whose head must
 * be set out in full, or whose body is streamed (an asset download), is a
 * `RawReply`.
 */
import type { OutgoingHttpHeaders } from "node:http";

export interface Reply {
  status: number;
  contentType: string;
  body: string;
  /** Headers written after content-type and content-length (a 429's retry-after, a 401's www-authenticate). */
  headers?: Record<string, string | number>;
}

/** A machine endpoint's reply, with what its log line says: the group and profile selected, and whether the reply came from the cache. */
export interface Selected extends Reply {
  group?: string;
  profile?: string;
  cached?: boolean;
}

/** A reply whose head is written as given, in order; its body is text, a stream, or nothing. */
export interface RawReply {
  status: number;
  head: OutgoingHttpHeaders;
  body?: string;
  stream?: {
    /** Piped in order into the response. */
    through: NodeJS.ReadableStream[];
    /** Called once, when the body was sent or could not be (then the connection is closed). */
    finished(err: Error | null): void;
  };
}

export type Answer = Selected | RawReply;

export const isRaw = (answer: Answer): answer is RawReply => "head" in answer;

export const text = (status: number, body: string, headers?: Record<string, string | number>): Reply => ({
  status,
  contentType: "text/plain; charset=utf-8",
  body,
  ...(headers ? { headers } : {}),
});

export const json = (status: number, value: unknown, headers?: Record<string, string | number>): Reply => ({
  status,
  contentType: "application/json",
  body: JSON.stringify(value) + "\n",
  ...(headers ? { headers } : {}),
});
