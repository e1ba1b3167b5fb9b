/**
 * YAML input as bytes, decoded as yaml.v3's reader decodes it: UTF-8 unless
 * a UTF-16 byte order mark says otherwise, 512 bytes at a time, each chunk
 * refused whole at its first undecodable sequence or control character
 * ("invalid leading UTF-8 octet", "control characters are not allowed", …).
 * The refusal is returned with where its chunk starts in the decoded text:
 * the scanner meets it (see Cursor) only once it needs a character from that
 * chunk, so a syntax error found earlier still wins, as in yaml.v3.
 */
import { isUtf8 } from "node:buffer";

export interface DecodedYaml {
  /** The text, a leading byte order mark kept (the cursor skips it); undecodable bytes as U+FFFD. */
  text: string;
  /** The first chunk yaml.v3 refuses: its start as an index into `text`, and the reader's message. */
  refused?: { index: number; problem: string };
}

/** Bytes yaml.v3 reads (and decodes) at a time from an in-memory input. */
export const CHUNK_BYTES = 512;

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

type Encoding = "utf-8" | "utf-16le" | "utf-16be";

export function decodeYamlBytes(bytes: Uint8Array): DecodedYaml {
  const encoding: Encoding =
    bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : "utf-8";
  // Well-formed UTF-8 (the usual case): control characters are found on the text (Cursor).
  if (encoding === "utf-8" && isUtf8(bytes)) return { text: utf8.decode(bytes) };
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  const found = firstRefusal(bytes, encoding);
  if (!found) return { text };
  // Everything before the refused chunk decoded cleanly, so it is a prefix of `text`.
  const prefix = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(0, found.chunkStart));
  return { text, refused: { index: prefix.length, problem: found.problem } };
}

/** The first sequence yaml.v3 refuses, and the byte where its chunk starts. */
function firstRefusal(b: Uint8Array, encoding: Encoding): { chunkStart: number; problem: string } | undefined {
  let i = encoding === "utf-8" ? (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0) : 2;
  let chunkStart = 0;
  let chunkEnd = CHUNK_BYTES;
  while (i < b.length) {
    const char = encoding === "utf-8" ? readUtf8(b, i) : readUtf16(b, i, encoding === "utf-16le");
    // A character cut by the chunk's end is decoded with the next chunk, which
    // starts with it; so is one cut by the end of the input, which yaml.v3
    // refuses only when a further read finds nothing more.
    if (i + char.width > chunkEnd || i + char.width > b.length) {
      chunkStart = i;
      chunkEnd = i + CHUNK_BYTES;
    }
    const problem = char.problem ?? (allowed(char.value) ? undefined : "control characters are not allowed");
    if (problem) return { chunkStart, problem };
    i += char.width;
  }
  return undefined;
}

/** What yaml.v3 lets through: tab, line breaks, printable characters. */
function allowed(c: number): boolean {
  return (
    c === 0x09 ||
    c === 0x0a ||
    c === 0x0d ||
    (c >= 0x20 && c <= 0x7e) ||
    c === 0x85 ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

interface Char {
  value: number;
  /** Bytes it takes (or would take, when cut short by the end of the input). */
  width: number;
  problem?: string;
}

function readUtf8(b: Uint8Array, i: number): Char {
  const lead = b[i]!;
  const width = (lead & 0x80) === 0 ? 1 : (lead & 0xe0) === 0xc0 ? 2 : (lead & 0xf0) === 0xe0 ? 3 : (lead & 0xf8) === 0xf0 ? 4 : 0;
  if (width === 0) return { value: lead, width: 1, problem: "invalid leading UTF-8 octet" };
  if (i + width > b.length) return { value: 0, width, problem: "incomplete UTF-8 octet sequence" };
  let value = width === 1 ? lead : lead & (0x7f >> width);
  for (let k = 1; k < width; k++) {
    const octet = b[i + k]!;
    if ((octet & 0xc0) !== 0x80) return { value, width, problem: "invalid trailing UTF-8 octet" };
    value = (value << 6) | (octet & 0x3f);
  }
  const shortest = width === 1 || (width === 2 && value >= 0x80) || (width === 3 && value >= 0x800) || (width === 4 && value >= 0x10000);
  if (!shortest) return { value, width, problem: "invalid length of a UTF-8 sequence" };
  if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) return { value, width, problem: "invalid Unicode character" };
  return { value, width };
}

function readUtf16(b: Uint8Array, i: number, littleEndian: boolean): Char {
  const unit = (at: number) => (littleEndian ? b[at]! | (b[at + 1]! << 8) : (b[at]! << 8) | b[at + 1]!);
  if (i + 2 > b.length) return { value: 0, width: 2, problem: "incomplete UTF-16 character" };
  const high = unit(i);
  if ((high & 0xfc00) === 0xdc00) return { value: high, width: 2, problem: "unexpected low surrogate area" };
  if ((high & 0xfc00) !== 0xd800) return { value: high, width: 2 };
  if (i + 4 > b.length) return { value: high, width: 4, problem: "incomplete UTF-16 surrogate pair" };
  const low = unit(i + 2);
  if ((low & 0xfc00) !== 0xdc00) return { value: low, width: 4, problem: "expected low surrogate area" };
  return { value: 0x10000 + ((high & 0x3ff) << 10) + (low & 0x3ff), width: 4 };
}
