import { describe, expect, test } from "vitest";
import { userDataKind } from "../../src/validate-cloud-config/header.js";
import { validateCloudConfig } from "../../src/validate-cloud-config/validate.js";

describe("what the user data is", () => {
  test("empty input, scripts and Ignition configs pass without a word", () => {
    expect(validateCloudConfig("")).toEqual([]);
    expect(validateCloudConfig("#!/bin/bash\necho hi: [\n")).toEqual([]);
    expect(validateCloudConfig('{"ignition": {"version": "3.4.0"}}')).toEqual([]);
    expect(validateCloudConfig('{"ignitionVersion": 1}')).toEqual([]);
  });

  test("kinds", () => {
    expect(userDataKind("")).toBe("empty");
    expect(userDataKind("#!/bin/sh")).toBe("script");
    expect(userDataKind('{"ignition": {"version": "2.2.0"}}')).toBe("ignition");
    expect(userDataKind('{"ignition": {"version": 3}}')).toBe("unknown");
    expect(userDataKind('{"ignitionVersion": "1"}')).toBe("unknown");
    expect(userDataKind('{"storage": {}}')).toBe("unknown");
    expect(userDataKind("#cloud-config")).toBe("cloud-config");
    expect(userDataKind("#cloud-config \t\r\nhostname: x\n")).toBe("cloud-config");
  });

  test("any other first line is an error at line 1, column 1", () => {
    for (const text of ["hostname: x\n", "# cloud-config\n", " #cloud-config\n", "#cloud-config-archive\n", "{}"]) {
      expect(validateCloudConfig(text)).toEqual([
        expect.objectContaining({
          severity: "error",
          code: "cloudconfig.header",
          message: 'must be "#cloud-config" or begin with "#!"',
          span: { line: 1, column: 1 },
        }),
      ]);
    }
  });

  test("bytes are read as UTF-8", () => {
    expect(validateCloudConfig(Buffer.from("#cloud-config\nhostname: höst\n"))).toEqual([]);
  });
});
