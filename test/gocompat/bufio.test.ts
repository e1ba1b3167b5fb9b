import { describe, expect, it } from "vitest";
import { GoBufReader } from "../../src/gocompat/bufio.js";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe("GoBufReader (bufio.Reader over strings.Reader)", () => {
  it("fills 4096 bytes at a time", () => {
    const r = new GoBufReader(ascii("a".repeat(5000)));
    expect(r.buffered()).toBe(0);
    expect(r.readRune()).toEqual({ rune: 0x61, size: 1 });
    expect(r.buffered()).toBe(4095);
    const peeked = r.peek(2048);
    expect(peeked.err).toBeNull();
    expect(peeked.bytes.length).toBe(2048);
    expect(r.buffered()).toBe(4095);
  });

  it("reads bytes across refills up to the end of input", () => {
    const r = new GoBufReader(ascii("a".repeat(5000)));
    const { bytes, eof } = r.readBytes(0x0a);
    expect(eof).toBe(true);
    expect(bytes.length).toBe(5000);
    expect(r.readRune()).toBeNull();
  });

  it("slides unread data to the front before reading more", () => {
    const r = new GoBufReader(ascii("x".repeat(4096) + "\ny"));
    r.readRune();
    const line = r.readBytes(0x0a);
    expect(line.eof).toBe(false);
    expect(line.bytes.length).toBe(4096);
    expect(line.bytes[4095]).toBe(0x0a);
    expect(r.buffered()).toBe(0);
    expect(r.readRune()).toEqual({ rune: 0x79, size: 1 });
    expect(r.buffered()).toBe(0);
    expect(r.readRune()).toBeNull();
  });

  it("unreads only the last rune", () => {
    const r = new GoBufReader(new TextEncoder().encode("\u00e9z"));
    expect(r.readRune()).toEqual({ rune: 0xe9, size: 2 });
    expect(r.unreadRune()).toBe(true);
    expect(r.unreadRune()).toBe(false);
    expect(r.readRune()).toEqual({ rune: 0xe9, size: 2 });
    r.peek(1);
    expect(r.unreadRune()).toBe(false);
  });

  it("reads an invalid byte as U+FFFD of size 1", () => {
    const r = new GoBufReader(Uint8Array.of(0xe2, 0x82, 0x41));
    expect(r.readRune()).toEqual({ rune: 0xfffd, size: 1 });
    expect(r.readRune()).toEqual({ rune: 0xfffd, size: 1 });
    expect(r.readRune()).toEqual({ rune: 0x41, size: 1 });
  });

  it("reports short peeks", () => {
    const r = new GoBufReader(ascii("ab"));
    expect(r.peek(4)).toEqual({ bytes: ascii("ab"), err: "EOF" });
    expect(r.peek(5000).err).toBe("bufio: buffer full");
  });

  it("honours a smaller buffer", () => {
    const r = new GoBufReader(ascii("0123456789abcdefXYZ"), 16);
    r.readRune();
    expect(r.buffered()).toBe(15);
    const { bytes, eof } = r.readBytes(0x5a);
    expect(eof).toBe(false);
    expect(new TextDecoder().decode(bytes)).toBe("123456789abcdefXYZ");
  });
});
