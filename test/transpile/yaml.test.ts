// Butane reads YAML as yaml.v3 does: these are the rules users meet.
import { describe, expect, test } from "vitest";
import { run } from "../helpers/transpile.js";

const head = ["variant: fcos", "version: 1.6.0"];
const file = (...lines: string[]) => run([...head, "storage:", "  files:", "    - path: /etc/f", ...lines.map((l) => "      " + l)]);

describe("YAML as Butane reads it", () => {
  test("modes in octal, 0o, hex and with an explicit int tag; quoted is an error", () => {
    expect(file("mode: 0644").json.storage.files[0].mode).toBe(420);
    expect(file("mode: 0o600").json.storage.files[0].mode).toBe(384);
    expect(file("mode: 0x1ED").json.storage.files[0].mode).toBe(493);
    expect(file('mode: !!int "0600"').json.storage.files[0].mode).toBe(384);
    expect(file('mode: "0644"').failure).toBe("yaml: unmarshal errors:\n  line 6: cannot unmarshal !!str `0644` into int");
  });
  test("yes/no/on/off in boolean fields only; scalars as text in string fields", () => {
    expect(file("overwrite: on", "contents: {source: 'data:,x'}").json.storage.files[0].overwrite).toBe(true);
    expect(file("contents: {inline: yes}").json.storage.files[0].contents.source).toBe("data:,yes");
    expect(run([...head, "passwd:", "  users: [{name: u, gecos: 12345}]"]).json.passwd.users[0].gecos).toBe("12345");
  });
  test("~, null and empty values are absent; a null section warns", () => {
    const r = run([...head, "storage: ~"]);
    expect(r.json).toEqual({ ignition: { version: "3.5.0" } });
    expect(r.report).toEqual([
      "warning at $.storage, line 3 col 10: context tree does not match content tree at $.storage. Line and column reporting may be inconsistent. Unused keys may not be reported",
    ]);
  });
  test("duplicate keys are fatal", () => {
    expect(file("mode: 0644", "mode: 0600").failure).toBe('yaml: unmarshal errors:\n  line 7: mapping key "mode" already defined at line 6');
  });
  test("anchors, aliases and merge keys decode; the merge key itself warns", () => {
    const r = run([...head, "x: &d {mode: 0600}", "storage:", "  files:", "    - <<: *d", "      path: /etc/f"]);
    expect(r.json.storage.files[0]).toEqual({ path: "/etc/f", mode: 384 });
    expect(r.report).toEqual([
      "warning at $.storage.files.0.<<, line 6 col 7: unused key <<",
      "warning at $.x, line 3 col 1: unused key x",
    ]);
  });
  test("%YAML 1.2 is refused, only the first document is read", () => {
    expect(run(["%YAML 1.2", "---", ...head]).failure).toBe("Error unmarshaling yaml: yaml: found incompatible YAML document");
    expect(run([...head, "---", "variant: nope"]).failure).toBeUndefined();
  });
  test("decimal modes that look like octal mistakes warn", () => {
    // 644 is 0o1204: the sticky bit also draws the pre-3.6 special-bits warning
    expect(file("mode: 644").report).toContain(
      "warning at $.storage.files.0.mode, line 6 col 13: unreasonable mode would be reasonable if specified in octal; remember to add a leading zero",
    );
    expect(file("mode: 384").report).toEqual([]);
  });
});
