import { describe, expect, test } from "vitest";
import { validateCloudConfig } from "../../src/validate-cloud-config/validate.js";
import { report } from "./helpers.js";

describe("YAML syntax", () => {
  test("a syntax error is reported alone, at the line the YAML parser names", () => {
    const ds = validateCloudConfig("#cloud-config\nbogus: 1\nhostname: a\n users: b\n");
    expect(ds).toEqual([
      {
        severity: "error",
        code: "cloudconfig.yaml.syntax",
        message: "mapping values are not allowed in this context",
        hint: expect.stringContaining("YAML syntax"),
        path: [],
        span: { line: 4, column: 1 },
      },
    ]);
  });

  test("a document that is not a mapping has nothing to check", () => {
    expect(report("- a\n- b\n")).toEqual([]);
    expect(report("just text\n")).toEqual([]);
    expect(report("")).toEqual([]);
  });
});

describe("discovery URL (coreos.etcd.discovery)", () => {
  test("not a request URI: warning at the value", () => {
    expect(report("coreos:\n  etcd:\n    discovery: disco\n")).toEqual(["4:16 warning discovery URL is not valid"]);
    expect(report("coreos:\n  etcd:\n    discovery: http://host:port/x\n")).toEqual(["4:16 warning discovery URL is not valid"]);
  });

  test("absolute URLs and paths pass; etcd2 is not checked", () => {
    expect(report("coreos:\n  etcd:\n    discovery: https://discovery.etcd.io/0123456789abcdef\n")).toEqual([]);
    expect(report("coreos:\n  etcd:\n    discovery: http://custom.domain/mytoken\n")).toEqual([]);
    expect(report("coreos:\n  etcd2:\n    discovery: disco\n")).toEqual([]);
  });
});

describe("write_files encoding", () => {
  const gz = "H4sIAOC3tVQAA8tIzcnJ5wIAIDA6NgYAAAA=";

  test("content that does not decode: error at the content", () => {
    expect(report("write_files:\n  - encoding: base64\n    content: !!binary aGVsbG8K\n")).toEqual([
      '4:14 error content cannot be decoded as "base64"',
    ]);
    expect(report("write_files:\n  - path: /etc/a\n    encoding: b64\n    content: not base64!\n")).toEqual([
      '5:14 error content cannot be decoded as "b64"',
    ]);
    expect(report("write_files:\n  - encoding: gzip\n    content: plain text\n")).toEqual([
      '4:14 error content cannot be decoded as "gzip"',
    ]);
    expect(report("write_files:\n  - encoding: gz+b64\n    content: aGVsbG8K\n")).toEqual([
      '4:14 error content cannot be decoded as "gz+b64"',
    ]);
  });

  test("every spelling of every encoding", () => {
    for (const e of ["b64", "base64"]) expect(report(`write_files:\n  - encoding: ${e}\n    content: aGVsbG8K\n`)).toEqual([]);
    for (const e of ["gz", "gzip"]) expect(report(`write_files:\n  - encoding: ${e}\n    content: !!binary ${gz}\n`)).toEqual([]);
    for (const e of ["gz+b64", "gz+base64", "gzip+b64", "gzip+base64"]) {
      expect(report(`write_files:\n  - encoding: ${e}\n    content: ${gz}\n`)).toEqual([]);
    }
  });

  test("an unknown encoding cannot be decoded and is an invalid value", () => {
    expect(report("write_files:\n  - encoding: custom\n    content: hello\n")).toEqual([
      '4:14 error content cannot be decoded as "custom"',
      "3:15 error invalid value custom",
    ]);
  });

  test("an encoding without content: error at the entry", () => {
    expect(report("write_files:\n  - path: /etc/x\n    encoding: base64\n")).toEqual(['3:5 error content cannot be decoded as "base64"']);
  });
});

describe("structure", () => {
  test("unknown keys: warning at the key, at any depth", () => {
    expect(report("test:\n")).toEqual(['2:1 warning unrecognized key "test"']);
    expect(report("coreos:\n  etcd:\n    bad: 1\n")).toEqual(['4:5 warning unrecognized key "bad"']);
    expect(report("users:\n  - name: core\n    uid: 1000\n")).toEqual(['4:5 warning unrecognized key "uid"']);
    expect(report("coreos:\n  units:\n    - name: a\n      drop-ins:\n        - name: b\n          contents: x\n")).toEqual([
      '7:11 warning unrecognized key "contents"',
    ]);
  });

  test("keys are compared with - turned into _, and named so", () => {
    expect(report("coreos:\n  update:\n    reboot-strategy: etcd-lock\n")).toEqual([]);
    expect(report("write-files:\n  - path: /etc/a\n")).toEqual([]);
    expect(report("some-key: 1\n")).toEqual(['2:1 warning unrecognized key "some_key"']);
  });

  test("wrong types: warning at the key, or at the list item", () => {
    expect(report("coreos: true\n")).toEqual(['2:1 warning incorrect type for "coreos" (want struct)']);
    expect(report("hostname:\n  name: x\n")).toEqual(['2:1 warning incorrect type for "hostname" (want string)']);
    expect(report("ssh_authorized_keys: key\n")).toEqual(['2:1 warning incorrect type for "ssh_authorized_keys" (want []string)']);
    expect(report("users:\n  bad:\n")).toEqual(['2:1 warning incorrect type for "users" (want []struct)']);
    expect(report("users:\n  - name: hi\n  - true\n")).toEqual(['4:5 warning incorrect type for "users[1]" (want struct)']);
    expect(report("ssh_authorized_keys:\n  - key: value\n")).toEqual([
      '3:5 warning incorrect type for "ssh_authorized_keys[0]" (want string)',
    ]);
    expect(report("coreos:\n  units:\n    - name: a\n      enable: bad\n")).toEqual([
      '5:7 warning incorrect type for "enable" (want bool)',
    ]);
    expect(report("coreos:\n  units:\n    - drop-ins: x\n")).toEqual(['4:7 warning incorrect type for "drop_ins" (want []struct)']);
  });

  test("a string key takes ints, floats and booleans", () => {
    expect(report("hostname: 4\nmanage_etc_hosts: localhost\ncoreos:\n  fleet:\n    metadata: 1.5\n  oem:\n    id: true\n")).toEqual([]);
  });

  test("a null value has no type", () => {
    expect(report("hostname:\n")).toEqual(['2:1 warning incorrect type for "hostname" (want string)']);
  });

  test("deprecated keys: warning at the key, with the reason", () => {
    expect(report("coreos:\n  etcd:\n    proxy: on\n")).toEqual([
      '4:5 warning deprecated key "proxy" (etcd2 options no longer work for etcd)',
    ]);
    expect(report("coreos:\n  etcd2:\n    ca_file: /a\n")).toEqual([
      '4:5 warning deprecated key "ca_file" (ca_file obsoleted by trusted_ca_file and client_cert_auth)',
    ]);
    expect(report("users:\n  - name: core\n    coreos-ssh-import-github: someone\n")).toEqual([
      '4:5 warning deprecated key "coreos_ssh_import_github" (trying to fetch from a remote endpoint introduces too many intermittent errors)',
    ]);
  });
});

describe("valid: patterns", () => {
  test("unit command", () => {
    expect(report("coreos:\n  units:\n    - name: a\n      command: lol\n")).toEqual(["5:16 error invalid value lol"]);
    for (const c of ["start", "stop", "restart", "reload", "try-restart", "reload-or-restart", "reload-or-try-restart"]) {
      expect(report(`coreos:\n  units:\n    - name: a\n      command: ${c}\n`)).toEqual([]);
    }
  });

  test("write_files permissions, checked as written", () => {
    expect(report("write_files:\n  - path: /etc/a\n    permissions: 0644\n  - path: /etc/b\n    permissions: '755'\n")).toEqual([]);
    expect(report("write_files:\n  - path: /etc/a\n    permissions: 0999\n")).toEqual(["4:18 error invalid value 0999"]);
    expect(report("write_files:\n  - path: /etc/a\n    permissions: rw-r--r--\n")).toEqual(["4:18 error invalid value rw-r--r--"]);
  });

  test("update reboot_strategy", () => {
    for (const s of ["best-effort", "etcd-lock", "reboot", "off"])
      expect(report(`coreos:\n  update:\n    reboot_strategy: ${s}\n`)).toEqual([]);
    expect(report("coreos:\n  update:\n    reboot_strategy: always\n")).toEqual(["4:22 error invalid value always"]);
  });

  test("etcd2 proxy", () => {
    expect(report("coreos:\n  etcd2:\n    proxy: readonly\n")).toEqual([]);
    expect(report("coreos:\n  etcd2:\n    proxy: maybe\n")).toEqual(["4:12 error invalid value maybe"]);
  });

  test("locksmith window", () => {
    expect(report("coreos:\n  locksmith:\n    window_start: Thu 04:00\n    window_length: 1h30m\n")).toEqual([]);
    expect(report("coreos:\n  locksmith:\n    window_start: THU 4:05\n")).toEqual([]);
    expect(report("coreos:\n  locksmith:\n    window_start: Thursday 04:00\n    window_length: 1 hour\n")).toEqual([
      "4:19 error invalid value Thursday 04:00",
      "5:20 error invalid value 1 hour",
    ]);
    expect(report("coreos:\n  locksmith:\n    window_start: 24:00\n")).toEqual(["4:19 error invalid value 24:00"]);
  });

  test("unknown keys and empty values are not checked", () => {
    expect(report("coreos:\n  units:\n    - command: ''\n")).toEqual([]);
    expect(report("unknown:\n  command: lol\n")).toEqual(['2:1 warning unrecognized key "unknown"']);
  });
});

describe("write_files under /usr", () => {
  test("error at the path", () => {
    expect(report("write_files:\n  - path: /usr/invalid\n")).toEqual(["3:11 error file cannot be written to a read-only filesystem"]);
    expect(report("write-files:\n  - path: /tmp/../usr/invalid\n")).toEqual([
      "3:11 error file cannot be written to a read-only filesystem",
    ]);
  });

  test("only the directory counts", () => {
    expect(report("write_files:\n  - path: /tmp/usr/valid\n  - path: /usr\n  - path: /etc/x\n")).toEqual([]);
  });
});

describe("write_files under coreos", () => {
  test("info at the key, after the structure warning", () => {
    expect(report("coreos:\n  write_files:\n    - path: /hi\n")).toEqual([
      '3:3 warning unrecognized key "write_files"',
      "3:3 info write_files doesn't belong under coreos",
    ]);
    expect(report("coreos:\n  write-files:\n    - path: /hyphen\n")).toEqual([
      '3:3 warning unrecognized key "write_files"',
      "3:3 info write_files doesn't belong under coreos",
    ]);
  });
});

describe("diagnostics are values", () => {
  test("code, path (normalised keys, list indices), span and hint", () => {
    const [d] = validateCloudConfig("#cloud-config\ncoreos:\n  units:\n    - name: a\n      command: lol\n");
    expect(d).toMatchObject({
      severity: "error",
      code: "cloudconfig.value.invalid",
      message: "invalid value lol",
      path: ["coreos", "units", 0, "command"],
      span: { line: 5, column: 16 },
    });
    expect(d!.hint).toMatch(/start\|stop/);
  });

  test("rules report in coreos-cloudinit's order", () => {
    const ds = validateCloudConfig(
      "#cloud-config\nbogus: 1\ncoreos:\n  etcd:\n    discovery: x\nwrite_files:\n  - path: /usr/a\n    encoding: base64\n    content: '!'\n",
    );
    expect(ds.map((d) => d.code)).toEqual([
      "cloudconfig.discovery.invalid",
      "cloudconfig.content.undecodable",
      "cloudconfig.key.unrecognized",
      "cloudconfig.path.readonly",
    ]);
  });
});
