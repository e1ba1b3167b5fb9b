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
  test("integers as Go holds them: int64, with yaml.v3's errors beyond it", () => {
    const uid = (v: string) => run([...head, "passwd:", "  users:", "    - name: a", `      uid: ${v}`]);
    const refused = (v: string, tag: string) => `yaml: unmarshal errors:\n  line 6: cannot unmarshal ${tag} \`${v}\` into int`;
    expect(uid("9223372036854775807").output).toContain('"uid":9223372036854775807}');
    // 2^63 … 2^64-1 read as unsigned ints (ParseUint), which an int field cannot hold
    for (const v of [
      "9223372036854775808",
      "18446744073709551615",
      "0x8000000000000000",
      "0xFFFF_FFFF_FFFF_FFFF",
      "01000000000000000000000",
      "0b1" + "0".repeat(63),
    ]) {
      expect(uid(v).failure, v).toBe(refused(v, "!!int"));
    }
    // beyond uint64 they are floats, too large for an int
    expect(uid("18446744073709551616").failure).toBe(refused("18446744073709551616", "!!float"));
    expect(uid("1e19").failure).toBe(refused("1e19", "!!float"));
    // below int64 a float that rounds to -2^63 fits, as it does in Go
    expect(uid("-9223372036854775809").output).toContain('"uid":-9223372036854775808}');
    // the same in other int fields
    expect(file("mode: 0x8000000000000000").failure).toBe(
      "yaml: unmarshal errors:\n  line 6: cannot unmarshal !!int `0x8000000000000000` into int",
    );
    expect(
      run([...head, "storage:", "  disks:", "    - device: /dev/vda", "      partitions:", "        - number: 9223372036854775808"])
        .failure,
    ).toBe("yaml: unmarshal errors:\n  line 7: cannot unmarshal !!int `9223372036854775808` into int");
  });
  // yaml.v3 resolves a plain scalar once (resolve.go) and decodes the result:
  // underscores go before a float is read, ParseFloat's overflow leaves a
  // string, a date is a !!timestamp, and 0b/0o take a sign after the prefix.
  test("plain scalars resolve as yaml.v3's resolver reads them", () => {
    const uid = (v: string) => run([...head, "passwd:", "  users:", "    - name: a", `      uid: ${v}`]);
    const refused = (v: string, tag: string) => `yaml: unmarshal errors:\n  line 6: cannot unmarshal ${tag} \`${v}\` into int`;
    expect(uid("1_000.5").output).toContain('"uid":1000}');
    expect(uid("0b-1").output).toContain('"uid":-1}');
    expect(uid("1e400").failure).toBe(refused("1e400", "!!str"));
    expect(uid("2001-12-14").failure).toBe(refused("2001-12-14", "!!timestamp"));
    expect(file("overwrite: 2001-12-14").failure).toBe(
      "yaml: unmarshal errors:\n  line 6: cannot unmarshal !!timestamp `2001-12-14` into bool",
    );
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
    expect(file("mode: 0644", "mode: 0600").failure).toBe(
      'yaml: unmarshal errors:\n  line 7: mapping key "mode" already defined at line 6',
    );
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
