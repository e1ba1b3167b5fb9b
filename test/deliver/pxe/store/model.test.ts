// Profiles and groups in matchbox's JSON, with problems at file:line:column.
import { describe, expect, it } from "vitest";
import { formatProblem, readGroup, readProfile } from "../../../../src/deliver/pxe/store/model.js";

const bytes = (s: string) => Buffer.from(s);

describe("profiles and groups", () => {
  it("reads matchbox's fields, with defaults for the optional lists", () => {
    const p = readProfile(
      bytes('{"id":"fcos","name":"FCOS","boot":{"kernel":"/assets/k","initrd":["/assets/i"]},"ignition_id":"node.bu"}'),
      "profiles/fcos.json",
    );
    expect(p.value).toEqual({
      id: "fcos",
      name: "FCOS",
      boot: { kernel: "/assets/k", initrd: ["/assets/i"], args: [] },
      ignition_id: "node.bu",
      file: "profiles/fcos.json",
    });
    const g = readGroup(bytes('{"id":"n1","profile":"fcos","selector":{"mac":"52:54:00:00:00:01"}}'), "groups/n1.json");
    expect(g.value).toEqual({ id: "n1", profile: "fcos", selector: { mac: "52:54:00:00:00:01" }, metadata: {}, file: "groups/n1.json" });
  });

  it("names the file, line and column of each problem", () => {
    const text = '{\n  "id": "n1",\n  "profile": 7,\n  "selector": {"mac": 1},\n  "metdata": {}\n}\n';
    const g = readGroup(bytes(text), "groups/n1.json");
    expect(g.value).toBeUndefined();
    expect(g.problems.map(formatProblem)).toEqual([
      'groups/n1.json:5:3: unknown group key "metdata"',
      "groups/n1.json:3:14: profile must name a profile",
      "groups/n1.json:4:23: selector mac must be a string",
    ]);
  });

  it("reports JSON syntax errors at their position", () => {
    const p = readProfile(bytes('{\n  "id": "x",\n  "boot": {"kernel": "k",}\n}\n'), "profiles/x.json");
    expect(p.problems.map(formatProblem)).toEqual([
      "profiles/x.json:3:26: not valid JSON: invalid character '}' looking for beginning of object key string",
    ]);
  });

  it("checks kindling's own profile fields", () => {
    const p = readProfile(bytes('{"id":"x","target":"kickstart","allow_query":"yes"}'), "profiles/x.json");
    expect(p.problems.map((x) => x.message)).toEqual([
      "target must be one of ignition, cloud-config, cloud-init, script",
      "allow_query must be true or false",
    ]);
  });
});
