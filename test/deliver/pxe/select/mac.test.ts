import { describe, expect, it } from "vitest";
import { normaliseMac } from "../../../../src/deliver/pxe/select/mac.js";

describe("normaliseMac (net.ParseMAC, then HardwareAddr.String)", () => {
  it.each([
    ["01:23:45:67:89:ab", "01:23:45:67:89:ab"],
    ["01:23:45:67:89:AB", "01:23:45:67:89:ab"],
    ["01-23-45-67-89-AB", "01:23:45:67:89:ab"],
    ["0123.4567.89ab", "01:23:45:67:89:ab"],
    ["0123.4567.89AB", "01:23:45:67:89:ab"],
    ["52-54-00-AA-BB-CC", "52:54:00:aa:bb:cc"],
    // EUI-64 (8 octets) and IP-over-InfiniBand (20 octets)
    ["02:00:5e:10:00:00:00:01", "02:00:5e:10:00:00:00:01"],
    ["02-00-5E-10-00-00-00-01", "02:00:5e:10:00:00:00:01"],
    ["0200.5e10.0000.0001", "02:00:5e:10:00:00:00:01"],
    ["00:00:00:00:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01", "00:00:00:00:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01"],
    ["0000.0000.fe80.0000.0000.0000.0200.5e10.0000.0001", "00:00:00:00:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01"],
  ])("%j -> %j", (input, want) => {
    expect(normaliseMac(input)).toBe(want);
  });

  it.each([
    "",
    "01:23:45:67:89", // 5 octets
    "01:23:45:67:89:ab:cd", // 7 octets
    "01:23:45:67:89:ab:", // trailing separator
    "01:23:45:67:89:ab ", // trailing space
    " 01:23:45:67:89:ab",
    "01-23:45:67:89:ab", // mixed separators
    "01:23-45-67-89-ab",
    "01.23.45.67.89.ab", // dots need groups of four
    "0123:4567:89ab", // groups of four need dots
    "0123-4567-89ab",
    "0123.4567.89ab.", // trailing dot
    "0123.4567.89ab.cdef.0123", // 10 octets
    "x1:23:45:67:89:ab", // not hex
    "01:23:45:67:89:ag",
    "1:23:45:67:89:ab:c", // one hex digit
    "01023:45:67:89:ab",
    "0x:23:45:67:89:ab",
    "+1:23:45:67:89:ab",
    "01:23:45:67:89:ab\u00e9",
    "０1:23:45:67:89:ab", // full-width digit
    "not a mac",
  ])("refuses %j", (input) => {
    expect(normaliseMac(input)).toBeUndefined();
  });
});
