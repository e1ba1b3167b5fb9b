// A snapshot holds what the profiles use: templates no profile names are
// listed as unused and never parsed; editor leftovers (backups, auto-saves,
// swap files) are no part of the store at all.
import { describe, expect, it } from "vitest";
import { formatProblem } from "../../../../src/deliver/pxe/store/model.js";
import { buildSnapshot, isLeftover, type RawFile } from "../../../../src/deliver/pxe/store/snapshot.js";

const files = (entries: Record<string, string>): RawFile[] =>
  Object.entries(entries).map(([file, text]) => ({ file, bytes: Buffer.from(text) }));

const STORE = {
  "profiles/web.json": '{"id":"web","ignition_id":"web.bu"}',
  "groups/default.json": '{"id":"default","profile":"web","metadata":{"hostname":"h"}}',
  "ignition/web.bu": "variant: fcos\nversion: 1.5.0\n# {{hostname}}\n",
};

describe("buildSnapshot", () => {
  it("loads only the templates profiles name; the others are listed as unused and not parsed", () => {
    const built = buildSnapshot(
      files({
        ...STORE,
        "ignition/old.bu": "{{#if x}}\nnever closed\n",
        "generic/notes.txt": "{{}}",
        "cloud/spare.yaml": "#cloud-config\n",
      }),
      1,
    );
    expect(built.problems).toEqual([]);
    expect([...built.snapshot!.templates.keys()]).toEqual(["ignition/web.bu"]);
    expect(built.snapshot!.unused).toEqual(["cloud/spare.yaml", "generic/notes.txt", "ignition/old.bu"]);
  });

  it("ignores editor leftovers: backups, auto-saves and swap files are not even listed as unused", () => {
    const leftovers = {
      "ignition/web.bu~": "{{#if",
      "ignition/#web.bu#": "{{/each}}",
      "ignition/.web.bu.swp": "\0",
      "ignition/web.bu.swp": "{{",
      "profiles/web.json~": "{ not json",
      "groups/.#default.json": "x",
    };
    const built = buildSnapshot(files({ ...STORE, ...leftovers }), 1);
    expect(built.problems).toEqual([]);
    expect(built.snapshot!.unused).toEqual([]);
    expect([...built.snapshot!.templates.keys()]).toEqual(["ignition/web.bu"]);
    for (const name of ["web.bu~", "#web.bu#", ".web.bu.swp", "web.bu.swo", ".#web.bu", ".hidden"])
      expect(isLeftover(name), name).toBe(true);
    for (const name of ["web.bu", "web.json", "swap.bu", "a#b.bu", "web~.bu"]) expect(isLeftover(name), name).toBe(false);
  });

  it("still refuses a template a profile names when it is broken, at its line and column", () => {
    const built = buildSnapshot(files({ ...STORE, "ignition/web.bu": "variant: fcos\n{{#if x}}\n  {{/each}}\n" }), 1);
    expect(built.snapshot).toBeUndefined();
    expect(built.problems.map(formatProblem)).toEqual([
      'ignition/web.bu:3:3: expected {{/if}} to close the {{#if x}} opened at 2:1, got "{{/each}}"',
    ]);
  });
});
