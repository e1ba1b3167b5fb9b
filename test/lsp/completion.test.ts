// Completion and hover in-process, over half-typed documents: the YAML path
// is read from indentation (lists with and without indented dashes, comments,
// block scalars), and keys come from the document's variant and version.
import { describe, expect, test } from "vitest";
import { closestKey } from "../../src/lsp/closest-key.js";
import { completions } from "../../src/lsp/completion.js";
import { hover } from "../../src/lsp/hover.js";

/** The labels offered where `|` stands in `doc`. */
function labelsAt(doc: string): string[] {
  const at = doc.indexOf("|");
  const before = doc.slice(0, at).split("\n");
  return completions(doc.slice(0, at) + doc.slice(at + 1), { line: before.length - 1, character: before.at(-1)!.length }).map(
    (i) => i.label,
  );
}

const HEAD = "variant: fcos\nversion: 1.6.0\n";

describe("completion", () => {
  test.each([
    ["a list item with the dash under its key", "storage:\n  files:\n  - path: /x\n    |", ["mode", "contents"], ["path", "disks"]],
    ["a new list item", "storage:\n  files:\n    - path: /a\n    - |", ["path", "mode"], ["files"]],
    [
      "nested lists",
      "systemd:\n  units:\n    - name: a.service\n      dropins:\n        - name: x.conf\n          |",
      ["contents"],
      ["name", "enabled"],
    ],
    ["after comments", "# c\nstorage:\n  # c\n  |", ["files", "trees", "luks"], ["users"]],
    ["back at an outer mapping", "storage:\n  files:\n    - path: /a\n      mode: 0644\n  |", ["disks", "trees"], ["files", "mode"]],
    ["Butane's sugar", "storage:\n  files:\n    - path: /a\n      contents:\n        |", ["inline", "local", "source"], []],
  ])("%s", (_name, body, present, absent) => {
    const labels = labelsAt(HEAD + body);
    expect(labels).toEqual(expect.arrayContaining(present));
    for (const a of absent) expect(labels).not.toContain(a);
  });

  test("nothing inside a block scalar", () => {
    expect(labelsAt(`${HEAD}systemd:\n  units:\n    - name: a.service\n      contents: |\n        [Unit]\n        |`)).toEqual([]);
  });

  test("the variant's and version's own fields", () => {
    expect(labelsAt(`${HEAD}|`)).toEqual(expect.arrayContaining(["boot_device", "grub"]));
    expect(labelsAt("variant: flatcar\nversion: 1.1.0\n|")).not.toContain("boot_device");
    expect(labelsAt("variant: openshift\nversion: 4.16.0\n|")).toEqual(expect.arrayContaining(["metadata", "openshift"]));
    expect(labelsAt("|")).toEqual(["variant", "version"]);
  });

  test("values of closed sets", () => {
    expect(labelsAt(`${HEAD}boot_device:\n  layout: |`)).toEqual([
      "aarch64",
      "ppc64le",
      "x86_64",
      "s390x-eckd",
      "s390x-virt",
      "s390x-zfcp",
    ]);
    expect(labelsAt("variant: fcos\nversion: |")).toContain("1.8.0-experimental");
  });
});

test("hover names the field under the cursor", () => {
  const doc = `${HEAD}storage:\n  files:\n  - path: /x\n    mode: 0644\n`;
  expect(hover(doc, { line: 4, character: 5 })?.contents).toEqual({
    kind: "markdown",
    value: "**path** (string)\n\nAbsolute path of the node.",
  });
  expect(hover(doc, { line: 0, character: 0 })?.contents).toMatchObject({ value: expect.stringMatching(/^\*\*variant\*\*/) });
  expect(hover(`${HEAD}nonsense: 1\n`, { line: 2, character: 1 })).toBeUndefined();
});

test("closestKey: near misspellings only", () => {
  expect(closestKey("pahth", ["path", "mode"])).toBe("path");
  expect(closestKey("Mode", ["path", "mode"])).toBe("mode");
  expect(closestKey("wtih_mount_unit", ["with_mount_unit", "path"])).toBe("with_mount_unit");
  expect(closestKey("banana", ["path", "mode"])).toBeUndefined();
  expect(closestKey("path", ["path"])).toBeUndefined();
});
