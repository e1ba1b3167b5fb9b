import { describe, expect, it } from "vitest";
import { parseQuery, parseURL, pathUnescape, queryUnescape, queryValues } from "../../src/gocompat/url.js";

const base = {
  scheme: "",
  opaque: "",
  user: undefined,
  host: "",
  path: "",
  forceQuery: false,
  rawQuery: "",
  fragment: "",
};

describe("parseURL (url.Parse) accepts", () => {
  it.each([
    ["", {}],
    ["HTTPS://Example.COM/Path", { scheme: "https", host: "Example.COM", path: "/Path" }],
    ["s3://bucket/key?versionId=", { scheme: "s3", host: "bucket", path: "/key", rawQuery: "versionId=" }],
    ["arn:aws:s3:::bucket/object", { scheme: "arn", opaque: "aws:s3:::bucket/object" }],
    ["data:,50%zz", { scheme: "data", opaque: ",50%zz" }],
    ["data:text/plain;base64,aGk=", { scheme: "data", opaque: "text/plain;base64,aGk=" }],
    ["relative/path", { path: "relative/path" }],
    ["a/b:c", { path: "a/b:c" }],
    ["./a:b", { path: "./a:b" }],
    ["//host/no-scheme", { host: "host", path: "/no-scheme" }],
    ["///x", { path: "///x" }],
    ["tftp://192.168.1.1/boot/file", { scheme: "tftp", host: "192.168.1.1", path: "/boot/file" }],
    ["gs://bucket/object", { scheme: "gs", host: "bucket", path: "/object" }],
    ["file:///etc/passwd", { scheme: "file", path: "/etc/passwd" }],
    ["mailto:x@y", { scheme: "mailto", opaque: "x@y" }],
    ["HTTP:opaque?q#f", { scheme: "http", opaque: "opaque", rawQuery: "q", fragment: "f" }],
    ["a:b", { scheme: "a", opaque: "b" }],
    ["scheme+x-y.z://h/", { scheme: "scheme+x-y.z", host: "h", path: "/" }],
    ["*", { path: "*" }],
    ["*#x", { path: "*", fragment: "x" }],
    ["http://h?x#y", { scheme: "http", host: "h", rawQuery: "x", fragment: "y" }],
    ["http://h/#", { scheme: "http", host: "h", path: "/" }],
    // a single trailing '?' is ForceQuery; otherwise the query starts at the first '?'
    ["http://h/a?", { scheme: "http", host: "h", path: "/a", forceQuery: true }],
    ["http://h/a??", { scheme: "http", host: "h", path: "/a", rawQuery: "?" }],
    ["http://h/a?b?", { scheme: "http", host: "h", path: "/a", rawQuery: "b?" }],
    ["http://h/a?x=%zz", { scheme: "http", host: "h", path: "/a", rawQuery: "x=%zz" }],
    // path and fragment are unescaped ('+' stays '+')
    ["http://h/a%20b+c", { scheme: "http", host: "h", path: "/a b+c" }],
    ["http://h/%2Fx#a%23b", { scheme: "http", host: "h", path: "//x", fragment: "a#b" }],
    // the fragment is not checked for control characters
    ["http://x/#a\x01b", { scheme: "http", host: "x", path: "/", fragment: "a\x01b" }],
    // hosts
    ["http://h:/", { scheme: "http", host: "h:", path: "/" }],
    ["http://:80/", { scheme: "http", host: ":80", path: "/" }],
    ["http://h:80:90/", { scheme: "http", host: "h:80:90", path: "/" }],
    ['http://h<x>"/', { scheme: "http", host: 'h<x>"', path: "/" }],
    ["http://%c3%a9/", { scheme: "http", host: "\u00e9", path: "/" }],
    ["http://\u00e9.example/", { scheme: "http", host: "\u00e9.example", path: "/" }],
    ["http://%25/", { scheme: "http", host: "%", path: "/" }],
    ["http://[::1]:8080/x", { scheme: "http", host: "[::1]:8080", path: "/x" }],
    ["http://[fe80::1%25en0]:80/", { scheme: "http", host: "[fe80::1%en0]:80", path: "/" }],
    ["http://[fe80::1%25%41]/", { scheme: "http", host: "[fe80::1%A]", path: "/" }],
    // userinfo: split at the last '@', password after the first ':'
    ["http://u:p%40ss@h/", { scheme: "http", user: { username: "u", password: "p@ss" }, host: "h", path: "/" }],
    ["http://u@h@i/", { scheme: "http", user: { username: "u@h", password: undefined }, host: "i", path: "/" }],
    ["http://a@/", { scheme: "http", user: { username: "a", password: undefined }, path: "/" }],
    ["http://:@h", { scheme: "http", user: { username: "", password: "" }, host: "h" }],
  ])("%j", (input, fields) => {
    expect(parseURL(input)).toEqual({ ok: true, ...base, ...fields });
  });
});

describe("parseURL (url.Parse) rejects with Go's *url.Error text", () => {
  it.each([
    ["http://[::1", `parse "http://[::1": missing ']' in host`],
    ["https://exa mple.com/r.ign", `parse "https://exa mple.com/r.ign": invalid character " " in host name`],
    ["http://host name/x", `parse "http://host name/x": invalid character " " in host name`],
    ["http://h{/", `parse "http://h{/": invalid character "{" in host name`],
    ["http://h|x/", `parse "http://h|x/": invalid character "|" in host name`],
    ["http://h^/", `parse "http://h^/": invalid character "^" in host name`],
    ["https://%gg/x", `parse "https://%gg/x": invalid URL escape "%gg"`],
    ["https://%zz", `parse "https://%zz": invalid URL escape "%zz"`],
    ["http://%41/", `parse "http://%41/": invalid URL escape "%41"`],
    ["http://h%2/", `parse "http://h%2/": invalid URL escape "%2"`],
    ["http://h:abc/", `parse "http://h:abc/": invalid port ":abc" after host`],
    ["http://h:8%30/", `parse "http://h:8%30/": invalid port ":8%30" after host`],
    ["http://[::1]x/", `parse "http://[::1]x/": invalid port "x" after host`],
    ["http://[x]:8a/", `parse "http://[x]:8a/": invalid port ":8a" after host`],
    ["http://[fe80::1%25%2f]/", `parse "http://[fe80::1%25%2f]/": invalid URL escape "%2f"`],
    [":foo", `parse ":foo": missing protocol scheme`],
    ["1a:b", `parse "1a:b": first path segment in URL cannot contain colon`],
    ["a b:c/d", `parse "a b:c/d": first path segment in URL cannot contain colon`],
    ["http://h/\x00", `parse "http://h/\\x00": net/url: invalid control character in URL`],
    ["h\x7f://x", `parse "h\\x7f://x": net/url: invalid control character in URL`],
    ["http://h/a\nb", `parse "http://h/a\\nb": net/url: invalid control character in URL`],
    ["http://h/%2", `parse "http://h/%2": invalid URL escape "%2"`],
    ["http://h/%", `parse "http://h/%": invalid URL escape "%"`],
    ["http://h/%zz/y", `parse "http://h/%zz/y": invalid URL escape "%zz"`],
    ["/a%g1", `parse "/a%g1": invalid URL escape "%g1"`],
    ["http://u p@h/", `parse "http://u p@h/": net/url: invalid userinfo`],
    ["http://u\u00e9@h/", `parse "http://u\u00e9@h/": net/url: invalid userinfo`],
    ["http://u%zz@h/", `parse "http://u%zz@h/": invalid URL escape "%zz"`],
    // the host is checked before the userinfo
    ["http://u p@h h/", `parse "http://u p@h h/": invalid character " " in host name`],
    // fragment errors quote the whole input
    ["http://x/#a%zz", `parse "http://x/#a%zz": invalid URL escape "%zz"`],
  ])("%j", (input, error) => {
    expect(parseURL(input)).toEqual({ ok: false, error });
  });
});

describe("queryUnescape / pathUnescape", () => {
  it("decodes like url.QueryUnescape and url.PathUnescape", () => {
    expect(queryUnescape("a+b%20c%2B")).toEqual({ ok: true, value: "a b c+" });
    expect(pathUnescape("a+b%20c")).toEqual({ ok: true, value: "a+b c" });
    expect(queryUnescape("%e2%82%ac")).toEqual({ ok: true, value: "\u20ac" });
    expect(queryUnescape("x%zzy")).toEqual({ ok: false, error: 'invalid URL escape "%zz"' });
    expect(queryUnescape("x%4")).toEqual({ ok: false, error: 'invalid URL escape "%4"' });
  });
});

describe("queryValues / parseQuery (url.ParseQuery)", () => {
  const entries = (m: Map<string, string[]>) => Object.fromEntries(m);

  it.each([
    ["", {}],
    ["&&", {}],
    ["a=1&b=2&a=3", { a: ["1", "3"], b: ["2"] }],
    ["a", { a: [""] }],
    ["a=", { a: [""] }],
    ["=x", { "": ["x"] }],
    ["k=v=w", { k: ["v=w"] }],
    ["a+b=c+d", { "a b": ["c d"] }],
    ["a=%41%42", { a: ["AB"] }],
    ["versionId=", { versionId: [""] }],
    ["a;b=1", {}],
    ["a=1;b=2&c=3", { c: ["3"] }],
    ["a=%zz&b=1", { b: ["1"] }],
    ["%zz=1&b=%", {}],
  ])("%j", (q, want) => {
    expect(entries(queryValues(q))).toEqual(want);
  });

  it("reports the error ParseQuery returns", () => {
    expect(parseQuery("a=1").error).toBeUndefined();
    expect(parseQuery("a;b").error).toBe("invalid semicolon separator in query");
    expect(parseQuery("a=%zz&b=%q").error).toBe('invalid URL escape "%zz"');
    expect(parseQuery("%=1").error).toBe('invalid URL escape "%"');
    // a semicolon error replaces an earlier escape error; later escape errors do not replace it
    expect(parseQuery("x=%zz&y;z&w=%q").error).toBe("invalid semicolon separator in query");
  });
});
