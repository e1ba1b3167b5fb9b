/**
 * coreos-cloudinit's DecodeContent, reduced to "can it be decoded": the
 * write_files encodings it knows and what each one requires of the content.
 * Base64 is Go's StdEncoding (padding required, CR and LF skipped); gzip only
 * needs a header Go's gzip reader accepts (see gzip-header.ts); the
 * gzip+base64 spellings need both, in that order. An empty encoding means
 * the content is used as it is; any other encoding cannot be decoded.
 */
import { decodeStdBase64 } from "../gocompat/base64.js";
import { gzipHeaderOk } from "./gzip-header.js";

export function canDecode(content: Uint8Array, encoding: string): boolean {
  switch (encoding) {
    case "":
      return true;
    case "b64":
    case "base64":
      return decodeStdBase64(content).ok;
    case "gz":
    case "gzip":
      return gzipHeaderOk(content);
    case "gz+base64":
    case "gzip+base64":
    case "gz+b64":
    case "gzip+b64": {
      const decoded = decodeStdBase64(content);
      return decoded.ok && gzipHeaderOk(decoded.bytes);
    }
    default:
      return false;
  }
}
