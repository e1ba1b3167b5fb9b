/**
 * Go's net/url.Parse and url.ParseQuery, with Go's acceptance rules and error
 * text ("parse \"u\": missing ']' in host", ...). It follows the parser of Go
 * releases before 1.25.2: brackets in a host are not checked to hold an IPv6
 * address, and the port is whatever follows the last ':' of the host.
 *
 * Outline of Parse: cut the fragment at the first '#'; reject ASCII control
 * bytes in the rest; take a scheme ([A-Za-z][A-Za-z0-9+.-]*) before the first
 * ':' ("missing protocol scheme" for a leading ':'); cut the query at the
 * first '?' (a single trailing '?' sets ForceQuery instead); a scheme followed
 * by something not starting with '/' is opaque and accepted as is; without a
 * scheme a ':' in the first path segment is an error; "//" (and, without a
 * scheme, not "///") introduces an authority; then the path and fragment are
 * %-unescaped.
 *
 * Decoded parts (host, path, fragment, user, query keys and values) are Go
 * byte strings; they are returned as JS strings, invalid UTF-8 becoming
 * U+FFFD.
 */

import { goQuote } from "./quote.js";
import { bytesToString, toBytes } from "./utf8.js";

export interface GoURLUser {
  username: string;
  /** undefined when the userinfo had no ':'. */
  password: string | undefined;
}

export interface GoURL {
  /** Lower-cased. */
  scheme: string;
  opaque: string;
  user: GoURLUser | undefined;
  /** host or host:port, unescaped. */
  host: string;
  /** Unescaped. */
  path: string;
  forceQuery: boolean;
  rawQuery: string;
  /** Unescaped. */
  fragment: string;
}

export type ParseURLResult = ({ ok: true } & GoURL) | { ok: false; error: string };

type Mode = "path" | "host" | "zone" | "userPassword" | "queryComponent" | "fragment";

type Unescaped = { ok: true; value: string } | { ok: false; error: string };

function isAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return 0;
}

/** shouldEscape(c, mode) for the modes Parse consults. */
function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  if (mode === "host" || mode === "zone") {
    if ("!$&'()*+,;=:[]<>\"".includes(ch)) return false;
  }
  if ("-_.~".includes(ch)) return false;
  if ("$&+,/:;=?@".includes(ch)) {
    switch (mode) {
      case "path":
        return c === 0x3f;
      case "userPassword":
        return ch === "@" || ch === "/" || ch === "?" || ch === ":";
      case "queryComponent":
        return true;
      case "fragment":
        return false;
      default:
        break;
    }
  }
  if (mode === "fragment" && "!()*".includes(ch)) return false;
  return true;
}

function escapeError(b: Uint8Array): Unescaped {
  return { ok: false, error: `invalid URL escape ${goQuote(b)}` };
}

/** net/url's unescape(s, mode): validates %-escapes (and host bytes), then decodes. */
function urlUnescape(s: string, mode: Mode): Unescaped {
  const b = toBytes(s);
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c === 0x25) {
      if (i + 2 >= b.length || !isHex(b[i + 1]!) || !isHex(b[i + 2]!)) {
        return escapeError(b.subarray(i, Math.min(i + 3, b.length)));
      }
      const seq = b.subarray(i, i + 3);
      const isPct25 = b[i + 1] === 0x32 && b[i + 2] === 0x35;
      // In a host only non-ASCII bytes (and %25) may be escaped.
      if (mode === "host" && unhex(b[i + 1]!) < 8 && !isPct25) return escapeError(seq);
      if (mode === "zone") {
        const v = (unhex(b[i + 1]!) << 4) | unhex(b[i + 2]!);
        if (!isPct25 && v !== 0x20 && shouldEscape(v, "host")) return escapeError(seq);
      }
      i += 3;
    } else {
      if ((mode === "host" || mode === "zone") && c < 0x80 && shouldEscape(c, mode)) {
        return {
          ok: false,
          error: `invalid character ${goQuote(String.fromCharCode(c))} in host name`,
        };
      }
      i++;
    }
  }
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0x25) {
      out.push((unhex(b[i + 1]!) << 4) | unhex(b[i + 2]!));
      i += 2;
    } else if (c === 0x2b && mode === "queryComponent") {
      out.push(0x20);
    } else {
      out.push(c);
    }
  }
  return { ok: true, value: bytesToString(Uint8Array.from(out)) };
}

/** url.QueryUnescape. */
export function queryUnescape(s: string): Unescaped {
  return urlUnescape(s, "queryComponent");
}

/** url.PathUnescape. */
export function pathUnescape(s: string): Unescaped {
  return urlUnescape(s, "path");
}

type Step<T> = { ok: true; value: T } | { ok: false; error: string };

/** getScheme: a scheme is [A-Za-z][A-Za-z0-9+.-]* followed by ':'. */
function getScheme(raw: string): Step<[scheme: string, rest: string]> {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) return { ok: true, value: ["", raw] };
      continue;
    }
    if (c === 0x3a) {
      if (i === 0) return { ok: false, error: "missing protocol scheme" };
      return { ok: true, value: [raw.slice(0, i), raw.slice(i + 1)] };
    }
    return { ok: true, value: ["", raw] };
  }
  return { ok: true, value: ["", raw] };
}

/** validOptionalPort: "" or ':' followed by digits only. */
function validOptionalPort(port: string): boolean {
  if (port === "") return true;
  if (port[0] !== ":") return false;
  for (let i = 1; i < port.length; i++) {
    const c = port.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** parseHost: host[:port], with an optional [IP-literal] and %25 zone. */
function parseHost(host: string): Step<string> {
  if (host.startsWith("[")) {
    const i = host.lastIndexOf("]");
    if (i < 0) return { ok: false, error: "missing ']' in host" };
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) {
      return { ok: false, error: `invalid port ${goQuote(colonPort)} after host` };
    }
    const zone = host.slice(0, i).indexOf("%25");
    if (zone >= 0) {
      const h1 = urlUnescape(host.slice(0, zone), "host");
      if (!h1.ok) return h1;
      const h2 = urlUnescape(host.slice(zone, i), "zone");
      if (!h2.ok) return h2;
      const h3 = urlUnescape(host.slice(i), "host");
      if (!h3.ok) return h3;
      return { ok: true, value: h1.value + h2.value + h3.value };
    }
  } else {
    const i = host.lastIndexOf(":");
    if (i >= 0) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) {
        return { ok: false, error: `invalid port ${goQuote(colonPort)} after host` };
      }
    }
  }
  return urlUnescape(host, "host");
}

/** validUserinfo: RFC 3986 userinfo characters, '%' and '@'. */
function validUserinfo(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isAlnum(c)) continue;
    if (!"-._:~!$&'()*+,;=%@".includes(s[i]!)) return false;
  }
  return true;
}

function parseAuthority(authority: string): Step<[GoURLUser | undefined, string]> {
  const at = authority.lastIndexOf("@");
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (!host.ok) return host;
  if (at < 0) return { ok: true, value: [undefined, host.value] };
  const userinfo = authority.slice(0, at);
  if (!validUserinfo(userinfo)) return { ok: false, error: "net/url: invalid userinfo" };
  const colon = userinfo.indexOf(":");
  if (colon < 0) {
    const u = urlUnescape(userinfo, "userPassword");
    if (!u.ok) return u;
    return { ok: true, value: [{ username: u.value, password: undefined }, host.value] };
  }
  const u = urlUnescape(userinfo.slice(0, colon), "userPassword");
  if (!u.ok) return u;
  const p = urlUnescape(userinfo.slice(colon + 1), "userPassword");
  if (!p.ok) return p;
  return { ok: true, value: [{ username: u.value, password: p.value }, host.value] };
}

const CONTROL_BYTE = /[\x00-\x1f\x7f]/;

function hasControlByte(s: string): boolean {
  return CONTROL_BYTE.test(s);
}

/** net/url's parse(rawURL, viaRequest), for the part before '#' when not via a request. */
function parseNoFragment(raw: string, viaRequest = false): Step<GoURL> {
  if (hasControlByte(raw)) {
    return { ok: false, error: "net/url: invalid control character in URL" };
  }
  if (raw === "" && viaRequest) return { ok: false, error: "empty url" };
  const url: GoURL = {
    scheme: "",
    opaque: "",
    user: undefined,
    host: "",
    path: "",
    forceQuery: false,
    rawQuery: "",
    fragment: "",
  };
  if (raw === "*") {
    url.path = "*";
    return { ok: true, value: url };
  }
  const sch = getScheme(raw);
  if (!sch.ok) return sch;
  url.scheme = sch.value[0].toLowerCase();
  let rest = sch.value[1];

  const q = rest.indexOf("?");
  if (q === rest.length - 1 && q >= 0) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else if (q >= 0) {
    url.rawQuery = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }

  if (!rest.startsWith("/")) {
    if (url.scheme !== "") {
      url.opaque = rest;
      return { ok: true, value: url };
    }
    if (viaRequest) return { ok: false, error: "invalid URI for request" };
    const slash = rest.indexOf("/");
    const segment = slash < 0 ? rest : rest.slice(0, slash);
    if (segment.includes(":")) {
      return { ok: false, error: "first path segment in URL cannot contain colon" };
    }
  }

  if ((url.scheme !== "" || (!viaRequest && !rest.startsWith("///"))) && rest.startsWith("//")) {
    let authority = rest.slice(2);
    rest = "";
    const slash = authority.indexOf("/");
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const auth = parseAuthority(authority);
    if (!auth.ok) return auth;
    url.user = auth.value[0];
    url.host = auth.value[1];
  }

  const path = urlUnescape(rest, "path");
  if (!path.ok) return path;
  url.path = path.value;
  return { ok: true, value: url };
}

/** url.Parse(s). The error is Go's *url.Error text. */
export function parseURL(s: string): ParseURLResult {
  const hash = s.indexOf("#");
  const u = hash < 0 ? s : s.slice(0, hash);
  const frag = hash < 0 ? "" : s.slice(hash + 1);
  const parsed = parseNoFragment(u);
  if (!parsed.ok) return { ok: false, error: `parse ${goQuote(u)}: ${parsed.error}` };
  if (frag !== "") {
    const f = urlUnescape(frag, "fragment");
    if (!f.ok) return { ok: false, error: `parse ${goQuote(s)}: ${f.error}` };
    parsed.value.fragment = f.value;
  }
  return { ok: true, ...parsed.value };
}

/**
 * url.ParseRequestURI(s): s is taken as a request target, so it has no
 * fragment ('#' is part of the path), must be absolute (a scheme, or a path
 * starting with '/'), and has an authority only after a scheme.
 */
export function parseRequestURI(s: string): ParseURLResult {
  const parsed = parseNoFragment(s, true);
  if (!parsed.ok) return { ok: false, error: `parse ${goQuote(s)}: ${parsed.error}` };
  return { ok: true, ...parsed.value };
}

export interface ParsedQuery {
  values: Map<string, string[]>;
  /** The error url.ParseQuery returns alongside the values, if any. */
  error: string | undefined;
}

/**
 * url.ParseQuery: '&'-separated pairs; a pair containing ';' is skipped (and
 * sets the error, overriding an earlier one), empty pairs are skipped, key
 * and value are QueryUnescape'd ('+' is a space) and a pair with a bad escape
 * is skipped (its error kept only if none was recorded before).
 */
export function parseQuery(rawQuery: string): ParsedQuery {
  const values = new Map<string, string[]>();
  let error: string | undefined;
  let query = rawQuery;
  while (query !== "") {
    const amp = query.indexOf("&");
    let pair: string;
    if (amp < 0) {
      pair = query;
      query = "";
    } else {
      pair = query.slice(0, amp);
      query = query.slice(amp + 1);
    }
    if (pair.includes(";")) {
      error = "invalid semicolon separator in query";
      continue;
    }
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const k = queryUnescape(eq < 0 ? pair : pair.slice(0, eq));
    if (!k.ok) {
      error ??= k.error;
      continue;
    }
    const v = queryUnescape(eq < 0 ? "" : pair.slice(eq + 1));
    if (!v.ok) {
      error ??= v.error;
      continue;
    }
    const list = values.get(k.value);
    if (list) list.push(v.value);
    else values.set(k.value, [v.value]);
  }
  return { values, error };
}

/** url.ParseQuery's values, malformed pairs silently dropped (like URL.Query()). */
export function queryValues(rawQuery: string): Map<string, string[]> {
  return parseQuery(rawQuery).values;
}
