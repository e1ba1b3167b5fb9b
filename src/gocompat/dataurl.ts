/**
 * vincent-petithory/dataurl's DecodeString (v1.0.0): the parser of
 * dataurl.go over the items of its lexer (dataurllex.ts), with the library's
 * exact error strings.
 *
 * The Go lexer runs in a goroutine and the parser stops at the first error it
 * meets while walking the items, so an error the parser raises on an earlier
 * item (a bad %-escape in an unquoted parameter value, a quoted value
 * strconv.Unquote rejects, bad base64 or %-escapes in the data) wins over a
 * lexer error further on. Here the lexer runs to completion first and the
 * parser then walks its items, which gives the same first error.
 *
 * Quirks kept on purpose: after "data:x" the next character is swallowed
 * unchecked unless it is '-'; media types are checked by prefix only
 * ("textplain/x" is fine); an empty subtype keeps "plain"; an empty quoted
 * value sets no parameter and leaves the "unquote next value" flag set; '\n'
 * is accepted in base64 data; the rfc2396 error always names 0x25.
 */

import { decodeStdBase64 } from "./base64.js";
import { Item, lexDataURL } from "./dataurllex.js";
import { type Decoded, rfc2396Unescape } from "./rfc2396.js";
import { goUnquote } from "./unquote.js";
import { bytesToString, toBytes } from "./utf8.js";

export type DataURLResult =
  | {
      ok: true;
      /** "type/subtype" (MediaType.ContentType()). */
      mediaType: string;
      type: string;
      subtype: string;
      params: Map<string, string>;
      base64: boolean;
      data: Uint8Array;
    }
  | { ok: false; error: string };

/** dataurl.DecodeString(s). */
export function decodeDataURL(s: string | Uint8Array): DataURLResult {
  const items = lexDataURL(toBytes(s));
  let type = "text";
  let subtype = "plain";
  const params = new Map<string, string>([["charset", "US-ASCII"]]);
  let base64 = false;
  let reader: ((b: Uint8Array) => Decoded) | undefined;
  let currentAttr = "";
  let unquoteNext = false;
  let data: Uint8Array | undefined;
  for (const item of items) {
    switch (item.t) {
      case Item.Error:
        return { ok: false, error: item.msg ?? "" };
      case Item.MediaType:
        type = bytesToString(item.val);
        params.delete("charset");
        break;
      case Item.MediaSubType:
        subtype = bytesToString(item.val);
        break;
      case Item.ParamAttr:
        currentAttr = bytesToString(item.val);
        break;
      case Item.LeftStringQuote:
        unquoteNext = true;
        break;
      case Item.ParamVal: {
        let val: Decoded;
        if (unquoteNext) {
          unquoteNext = false;
          const quoted = new Uint8Array(item.val.length + 2);
          quoted[0] = 0x22;
          quoted.set(item.val, 1);
          quoted[quoted.length - 1] = 0x22;
          val = goUnquote(quoted);
        } else {
          val = rfc2396Unescape(item.val);
        }
        if (!val.ok) return { ok: false, error: val.error };
        params.set(currentAttr, bytesToString(val.value));
        break;
      }
      case Item.Base64Enc:
        base64 = true;
        reader = (b) => toDecoded(decodeStdBase64(b));
        break;
      case Item.DataComma:
        reader ??= rfc2396Unescape;
        break;
      case Item.Data: {
        const d = reader!(item.val);
        if (!d.ok) return { ok: false, error: d.error };
        data = d.value;
        break;
      }
      case Item.EOF:
        return {
          ok: true,
          mediaType: `${type}/${subtype}`,
          type,
          subtype,
          params,
          base64,
          data: data ?? new Uint8Array(0),
        };
      default:
        break;
    }
  }
  // The Go parser panics ("EOF not found") here; the lexer always ends with
  // an error or EOF item, so this is unreachable.
  throw new Error("dataurl: EOF not found");
}

function toDecoded(r: ReturnType<typeof decodeStdBase64>): Decoded {
  return r.ok ? { ok: true, value: r.bytes } : { ok: false, error: r.error };
}
