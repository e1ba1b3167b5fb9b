/**
 * Values and bytes as POSIX sh source: single-quoted words, and file contents
 * as a quoted here-document when they are plain text, else as printf octal
 * escapes (no base64 or other tool needed on the host).
 */
import { asText } from "./common.js";

/** A single-quoted sh word for any string (`it's` → `'it'\''s'`). */
export function shQuote(value: string | number | undefined): string {
  const s = value === undefined ? "" : String(value);
  if (s.includes("\0")) throw new Error(`a NUL byte cannot be passed to sh: ${JSON.stringify(s)}`);
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The text a here-document can carry as it is: readable text ending in a newline. */
function heredocText(bytes: Uint8Array): string | undefined {
  return bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? asText(bytes) : undefined;
}

/** KINDLING_EOF, or KINDLING_EOF_N when a line of the text is already that. */
export function heredocDelimiter(text: string): string {
  const lines = new Set(text.split("\n"));
  let delimiter = "KINDLING_EOF";
  for (let n = 1; lines.has(delimiter); n++) delimiter = `KINDLING_EOF_${n}`;
  return delimiter;
}

/** One byte inside a single-quoted printf format. */
function formatByte(b: number): string {
  if (b === 0x0a) return "\\n";
  if (b === 0x09) return "\\t";
  if (b === 0x25) return "%%";
  if (b === 0x5c) return "\\\\";
  if (b === 0x27 || b < 0x20 || b > 0x7e) return "\\" + b.toString(8).padStart(3, "0");
  return String.fromCharCode(b);
}

/** `printf 'FORMAT'` lines writing exactly `bytes`, a line of output (or 64 bytes) each. */
export function printfLines(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  let chunk = "";
  let count = 0;
  for (const b of bytes) {
    chunk += formatByte(b);
    count++;
    if (b === 0x0a || count >= 64) {
      lines.push(`printf '${chunk}'`);
      chunk = "";
      count = 0;
    }
  }
  if (count) lines.push(`printf '${chunk}'`);
  return lines;
}

/** sh source that writes exactly `bytes` to `target` (a redirection word such as `"$K_TMP"`). */
export function writeBytes(bytes: Uint8Array, target: string): string {
  if (bytes.length === 0) return `: > ${target}`;
  const text = heredocText(bytes);
  if (text !== undefined) {
    const delimiter = heredocDelimiter(text);
    return `cat > ${target} <<'${delimiter}'\n${text}${delimiter}`;
  }
  const lines = printfLines(bytes);
  if (lines.length === 1) return `${lines[0]} > ${target}`;
  return `{\n${lines.map((l) => `  ${l}`).join("\n")}\n} > ${target}`;
}
