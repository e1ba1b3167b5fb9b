// /metadata against matchbox's own expectations (the case in matchbox's
// matchbox/http/metadata_test.go: the same group and request give
// the same KEY=value lines; matchbox's order is random, kindling's sorted).
import { describe, expect, it } from "vitest";
import { escapeValue, renderMetadata, requestData } from "../../../../src/deliver/pxe/render/configs.js";
import type { Group } from "../../../../src/deliver/pxe/store/model.js";

const group = (metadata: Record<string, unknown>, selector: Record<string, string> = {}): Group => ({
  id: "test-group",
  profile: "p",
  selector,
  metadata,
  file: "groups/test-group.json",
});

describe("/metadata", () => {
  it("prints metadata, selectors and the request as matchbox does", () => {
    const raw = "mac=52-54-00-a1-9c-ae&foo=bar&count=3&gate=true";
    const query = Object.fromEntries(new URLSearchParams(raw));
    const body = renderMetadata(
      group({ meta: "data", etcd: { name: "node1" }, some: { nested: { data: "some-value" } } }, { mac: "52:54:00:a1:9c:ae" }),
      requestData(query, raw),
    ).body;
    expect(new Set(body.trimEnd().split("\n"))).toEqual(
      new Set([
        "META=data",
        "ETCD_NAME=node1",
        "SOME_NESTED_DATA=some-value",
        "MAC=52:54:00:a1:9c:ae",
        "REQUEST_QUERY_MAC=52:54:00:a1:9c:ae",
        "REQUEST_QUERY_FOO=bar",
        "REQUEST_QUERY_COUNT=3",
        "REQUEST_QUERY_GATE=true",
        `REQUEST_RAW_QUERY=${raw}`,
      ]),
    );
  });

  it("prints numbers and booleans, and an empty request as matchbox does", () => {
    for (const [metadata, line] of [
      [{ num: 3 }, "NUM=3"],
      [{ yes: true }, "YES=true"],
      [{ no: false }, "NO=false"],
    ] as const) {
      expect(new Set(renderMetadata(group(metadata), requestData({}, "")).body.trimEnd().split("\n"))).toEqual(
        new Set([line, "REQUEST_RAW_QUERY="]),
      );
    }
  });

  it("escapes what could end a line, and the backslash, so a value reads back unambiguously", () => {
    expect(escapeValue("plain value = fine")).toBe("plain value = fine");
    expect(escapeValue("a\nb\r\tc\\d\u0000\u001b\u007f\u0085\u2028\u2029")).toBe("a\\nb\\r\\tc\\\\d\\x00\\x1b\\x7f\\x85\\u2028\\u2029");
  });
});
