import { describe, expect, test } from "vitest";
import { validateCloudConfig } from "../../src/validate-cloud-config/validate.js";
import { NODE } from "../helpers/cloud-config-node.js";

describe("valid documents pass", () => {
  test("a realistic Container Linux node", () => {
    expect(validateCloudConfig(NODE)).toEqual([]);
  });

  test("with CR LF line ends", () => {
    expect(validateCloudConfig(NODE.replace(/\n/g, "\r\n"))).toEqual([]);
  });

  test("the smallest documents", () => {
    expect(validateCloudConfig("#cloud-config")).toEqual([]);
    expect(validateCloudConfig("#cloud-config\n")).toEqual([]);
    expect(validateCloudConfig("#cloud-config\n# nothing yet\n")).toEqual([]);
  });

  test("anchors and aliases are followed", () => {
    const doc = "#cloud-config\ncoreos:\n  units:\n    - &u\n      name: a.service\n      command: start\n    - *u\n";
    expect(validateCloudConfig(doc)).toEqual([]);
  });

  test("an etcd v0.4 node (deprecated options only warn)", () => {
    const doc =
      "#cloud-config\ncoreos:\n  etcd:\n    name: n1\n    discovery: https://discovery.etcd.io/abc\n    addr: $private_ipv4:4001\n    peer-addr: $private_ipv4:7001\n";
    expect(validateCloudConfig(doc)).toEqual([]);
  });
});
