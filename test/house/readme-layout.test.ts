/**
 * The README's "Architecture" section draws the source tree, one line per
 * folder. This keeps the drawing true: every folder under src/ is drawn,
 * every drawn folder exists, and each line says what the folder holds.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The folders a tree drawing names, as paths (`src/deliver/pxe/http`), with the text after each. */
function drawnFolders(drawing: string): Map<string, string> {
  const folders = new Map<string, string>();
  const stack: string[] = [];
  for (const line of drawing.split("\n")) {
    const match = /^((?:[│ ] {3}|[├└]── )*)([\w.-]+)\/(?:\s+(.*))?$/u.exec(line);
    if (!match) continue;
    const depth = [...match[1]].length / 4;
    stack.length = depth;
    stack.push(match[2]);
    folders.set(stack.join("/"), (match[3] ?? "").trim());
  }
  return folders;
}

/** The README's drawing: the first fenced block after the `## Architecture` heading. */
function readmeDrawing(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.split(/^## Architecture$/m)[1];
  if (section === undefined) throw new Error("README.md has no ## Architecture section");
  const block = /```[a-z]*\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error("README.md's ## Architecture section has no drawing");
  return block[1];
}

function foldersUnder(dir: string): string[] {
  return readdirSync(join(root, dir))
    .filter((name) => statSync(join(root, dir, name)).isDirectory())
    .flatMap((name) => [`${dir}/${name}`, ...foldersUnder(`${dir}/${name}`)]);
}

describe("drawnFolders", () => {
  it("reads nesting from the drawing's branches", () => {
    const drawing = ["src/            the code", "├── a/          first", "│   └── b/      inside a", "└── c/          last", "docs/"].join(
      "\n",
    );
    expect([...drawnFolders(drawing)]).toEqual([
      ["src", "the code"],
      ["src/a", "first"],
      ["src/a/b", "inside a"],
      ["src/c", "last"],
      ["docs", ""],
    ]);
  });
});

describe("README's architecture drawing", () => {
  const drawn = drawnFolders(readmeDrawing());

  it("draws every folder under src/", () => {
    const missing = foldersUnder("src").filter((f) => !drawn.has(f));
    expect(missing).toEqual([]);
  });

  it("draws only folders that exist", () => {
    const absent = [...drawn.keys()].filter((f) => {
      try {
        return !statSync(join(root, f)).isDirectory();
      } catch {
        return true;
      }
    });
    expect(absent).toEqual([]);
  });

  it("says what each folder holds", () => {
    expect([...drawn].filter(([, text]) => text === "").map(([f]) => f)).toEqual([]);
  });
});
