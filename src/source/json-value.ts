/**
 * JSON text to plain values and back without losing integers: JSON.parse
 * turns 9007199254740993 into 9007199254740992, and an Ignition config may
 * hold any int64 (a uid, a partition size). Here an integer beyond
 * JavaScript's safe range is a bigint (GoInt's normal form), and
 * stringifyJsonExact writes it back digit for digit. Objects keep their key
 * order; of repeated keys the last wins, as in Go.
 */
import { parseGoInt } from "../gocompat/int.js";
import { type JsonNode, parseJson } from "./json.js";

/** The value of a JSON text; throws SyntaxError when it is not JSON (callers pass JSON they made). */
export function parseJsonExact(text: string): unknown {
  const parsed = parseJson(Buffer.from(text, "utf8"));
  if (!parsed.ok) throw new SyntaxError(`not JSON: ${parsed.error.message}`);
  return jsonValueOf(parsed.root);
}

function jsonValueOf(node: JsonNode): unknown {
  switch (node.kind) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, member] of node.byKey) {
        Object.defineProperty(out, key, { value: jsonValueOf(member.value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case "array":
      return node.items.map(jsonValueOf);
    case "number":
      return /^-?(0|[1-9][0-9]*)$/.test(node.raw) ? (parseGoInt(node.raw) ?? Number(node.raw)) : Number(node.raw);
    case "string":
    case "bool":
      return node.value;
    case "null":
      return null;
  }
}

/** JSON.stringify (compact), with bigints written as their digits; undefined properties are left out. */
export function stringifyJsonExact(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : stringifyJsonExact(v))).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const members = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${members.map(([k, v]) => `${JSON.stringify(k)}:${stringifyJsonExact(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
