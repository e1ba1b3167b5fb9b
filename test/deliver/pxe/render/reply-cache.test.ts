// The reply cache holds at most its byte budget, dropping replies not used
// since they were last looked at first (CLOCK's second chance, close to least
// recently used); a reply bigger than the whole budget is not kept.
import { describe, expect, it } from "vitest";
import type { Reply } from "../../../../src/deliver/pxe/http/reply.js";
import { ReplyCache, replyCost } from "../../../../src/deliver/pxe/render/reply-cache.js";

const reply = (body: string): Reply => ({ status: 200, contentType: "text/plain", body });

describe("ReplyCache", () => {
  it("keeps the total cost within its budget, evicting the least recently used", () => {
    const one = replyCost("a", reply("x".repeat(1000)));
    const cache = new ReplyCache(3 * one);
    for (const k of ["a", "b", "c"]) cache.set(k, reply("x".repeat(1000)));
    expect(cache.size).toBe(3);
    // Reading "a" makes "b" the least recently used.
    expect(cache.get("a")).toBeDefined();
    cache.set("d", reply("x".repeat(1000)));
    expect(["a", "b", "c", "d"].map((k) => cache.get(k) !== undefined)).toEqual([true, false, true, true]);
    expect(cache.bytes).toBeLessThanOrEqual(3 * one);
  });

  it("keeps a reply in use through a stream of replies used once, and drops each of those in turn", () => {
    const one = replyCost("k0", reply("x".repeat(100)));
    const cache = new ReplyCache(10 * one);
    cache.set("hot", reply("x".repeat(99)));
    for (let i = 0; i < 1000; i++) {
      expect(cache.get("hot"), `after ${i} others`).toBeDefined();
      cache.set(`k${i}`, reply("x".repeat(100)));
      expect(cache.bytes).toBeLessThanOrEqual(10 * one);
    }
    // of the once-used, the newest are kept and the old ones went first
    expect(cache.get("hot")).toBeDefined();
    expect(cache.get("k999")).toBeDefined();
    expect(cache.get("k500")).toBeUndefined();
    expect(cache.get("k0")).toBeUndefined();
  });

  it("stays within budget under a stream of unique keys, and refuses a reply larger than the budget", () => {
    const cache = new ReplyCache(64 * 1024);
    for (let i = 0; i < 10_000; i++) cache.set(`/metadata\0g\0uuid=${i}`, reply(`UUID=${i}\n`.repeat(20)));
    expect(cache.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(cache.size).toBeGreaterThan(10);
    cache.set("huge", reply("y".repeat(100 * 1024)));
    expect(cache.get("huge")).toBeUndefined();
    cache.clear();
    expect([cache.size, cache.bytes]).toEqual([0, 0]);
  });

  it("replaces a key's reply without counting it twice", () => {
    const cache = new ReplyCache(1 << 20);
    cache.set("k", reply("abc"));
    cache.set("k", reply("abcdef"));
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBe(replyCost("k", reply("abcdef")));
  });
});
