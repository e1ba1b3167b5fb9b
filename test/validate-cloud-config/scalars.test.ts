import { describe, expect, test } from "vitest";
import { resolvePlain } from "../../src/validate-cloud-config/scalars.js";
import { report } from "./helpers.js";

describe("YAML 1.1 types, as go-yaml v1 read them", () => {
  test("plain scalars", () => {
    for (const b of ["yes", "Yes", "YES", "no", "on", "Off", "y", "N", "true", "False"]) expect(resolvePlain(b)).toBe("bool");
    for (const i of ["0", "42", "-7", "+3", "0644", "0x1F", "1_000", "0b101"]) expect(resolvePlain(i)).toBe("int");
    for (const f of ["1.5", ".5", "1e3", "08", ".inf", "-.Inf", ".NaN"]) expect(resolvePlain(f)).toBe("float64");
    for (const n of ["", "~", "null", "Null", "NULL"]) expect(resolvePlain(n)).toBe("null");
    for (const s of ["hello", "yess", "0x", "1.2.3", "Thu 04:00", "nil", "inf"]) expect(resolvePlain(s)).toBe("string");
  });

  test("yes/no/on/off are booleans: fine for a bool key, text for a string key", () => {
    expect(report("coreos:\n  units:\n    - name: a.service\n      enable: yes\n      runtime: off\n")).toEqual([]);
    expect(report("coreos:\n  etcd2:\n    proxy: on\n")).toEqual([]);
    expect(report("coreos:\n  update:\n    reboot_strategy: off\n")).toEqual([]);
  });

  test("a quoted or tagged value is a string", () => {
    expect(report('coreos:\n  units:\n    - enable: "yes"\n')).toEqual(['4:7 warning incorrect type for "enable" (want bool)']);
    expect(report("coreos:\n  units:\n    - enable: !!str true\n")).toEqual(['4:7 warning incorrect type for "enable" (want bool)']);
    expect(report("coreos:\n  fleet:\n    verbosity: '2'\n")).toEqual(['4:5 warning incorrect type for "verbosity" (want int)']);
  });

  test("a float key takes an int; an int key does not take a float", () => {
    expect(report("coreos:\n  fleet:\n    etcd_request_timeout: 3\n    engine_reconcile_interval: 2.5\n")).toEqual([]);
    expect(report("coreos:\n  fleet:\n    token_limit: 2.5\n")).toEqual(['4:5 warning incorrect type for "token_limit" (want int)']);
  });
});
