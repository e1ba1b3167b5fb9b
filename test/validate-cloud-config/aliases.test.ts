// Aliases in user data: followed as yaml.v3 follows them, but an alias inside
// its own anchor, or aliases that multiply a small document into millions of
// nodes, are one located error instead of a hang or an exhausted heap.
import { describe, expect, it } from "vitest";
import { validateCloudConfig } from "../../src/validate-cloud-config/validate.js";

const located = (text: string) => validateCloudConfig(text).map((d) => `${d.span?.line}:${d.span?.column} ${d.message}`);

describe("aliases in cloud-config", () => {
  it("an alias to its own enclosing anchor is refused where it stands", () => {
    expect(located("#cloud-config\n&l1\n- *l1\n")).toEqual(["3:3 anchor 'l1' value contains itself"]);
    expect(located("#cloud-config\nwrite_files: &w\n  - path: /etc/a\n    content: *w\n")).toEqual([
      "4:14 anchor 'w' value contains itself",
    ]);
  });

  it("a billion laughs is refused as excessive aliasing", () => {
    const lines = ["#cloud-config", 'a0: &a0 ["lol"]'];
    for (let i = 1; i < 20; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    lines.push("hostname: *a19");
    const found = located(lines.join("\n") + "\n");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^\d+:\d+ document contains excessive aliasing$/);
  });

  it("an anchor used again and again, as people do, is fine", () => {
    const text =
      "#cloud-config\nusers:\n  - &u {name: a, groups: [wheel]}\n  - *u\n  - *u\nwrite_files:\n  - {path: /etc/a, content: &c x}\n  - {path: /etc/b, content: *c}\n";
    expect(validateCloudConfig(text).filter((d) => d.code === "cloudconfig.yaml.aliases")).toEqual([]);
  });
});
