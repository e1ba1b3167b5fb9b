/**
 * examples/matchbox: a data directory in matchbox's layout. Every JSON file
 * parses, names line up (profile ids with their files, groups with profiles,
 * profiles with their config templates) and every Butane template renders
 * with the metadata of the groups that can reach it and transpiles cleanly.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { describe, expect, test } from "vitest";
import { type BootProfile, grubScript, ipxeScript } from "../../../src/deliver/pxe/render/boot.js";
import { transpile } from "../../../src/transpile.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../../examples/matchbox");

interface Profile extends BootProfile {
  ignition_id?: string;
  target?: string;
}
interface Group {
  id: string;
  name?: string;
  profile: string;
  selector?: Record<string, string>;
  metadata?: Record<string, unknown>;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsonFiles(join(dir, e.name)) : e.name.endsWith(".json") ? [join(dir, e.name)] : [],
  );
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

const byId = <T extends { id: string }>(dir: string): Map<string, T> =>
  new Map(
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith(".json"))
      .map((f) => {
        const value = readJson<T>(join(root, dir, f));
        return [value.id, value];
      }),
  );

const profiles = byId<Profile>("profiles");
const groups = byId<Group>("groups");

describe("examples/matchbox", () => {
  test("every JSON file parses", () => {
    const files = jsonFiles(root);
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) expect(() => readJson(file), relative(root, file)).not.toThrow();
  });

  test("profile and group ids are their file names", () => {
    for (const dir of ["profiles", "groups"]) {
      for (const f of readdirSync(join(root, dir)).filter((name) => name.endsWith(".json"))) {
        expect(readJson<{ id: string }>(join(root, dir, f)).id, `${dir}/${f}`).toBe(basename(f, ".json"));
      }
    }
  });

  test("three nodes selected by MAC and one default group", () => {
    const macs = [...groups.values()].filter((g) => g.selector).map((g) => g.selector!.mac);
    expect(macs).toHaveLength(3);
    expect(new Set(macs).size).toBe(3);
    for (const mac of macs) expect(mac).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
    expect([...groups.values()].filter((g) => !g.selector).map((g) => g.id)).toEqual(["default"]);
  });

  test("each group's profile exists; each profile's config exists and its target is a known one", () => {
    for (const group of groups.values()) expect(profiles.has(group.profile), `group ${group.id} → ${group.profile}`).toBe(true);
    for (const profile of profiles.values()) {
      expect(profile.ignition_id, profile.id).toBeTypeOf("string");
      expect(existsSync(join(root, "ignition", profile.ignition_id!)), `${profile.id} → ignition/${profile.ignition_id}`).toBe(true);
      if (profile.target !== undefined) expect(["ignition", "cloud-config", "cloud-init", "script"]).toContain(profile.target);
    }
  });

  test("every profile gives an iPXE script and a GRUB config", () => {
    for (const profile of profiles.values()) {
      expect(ipxeScript(profile)).toMatch(/^#!ipxe\nkernel \/assets\/.*\ninitrd .*\nboot\n$/);
      expect(grubScript(profile)).toContain(`menuentry "${profile.name} (EFI)" {`);
    }
  });

  /**
   * The templates a group must render: its own profile's; and, for a node
   * (a group with a selector), every profile's, since any node may be
   * switched to any profile by editing its group.
   */
  const cases: [string, string, Record<string, unknown>][] = [];
  for (const group of groups.values()) {
    const reachable = group.selector ? [...profiles.values()] : [profiles.get(group.profile)!];
    for (const id of new Set(reachable.map((p) => p.ignition_id!))) cases.push([group.id, id, group.metadata ?? {}]);
  }

  test("every Butane template is reached by some group", () => {
    const templates = readdirSync(join(root, "ignition")).filter((f) => f.endsWith(".bu"));
    expect(templates.length).toBeGreaterThanOrEqual(3);
    expect(new Set(cases.map(([, id]) => id))).toEqual(new Set(templates));
  });

  test.each(cases)("group %s renders ignition/%s into Ignition without errors or warnings", (groupId, template, metadata) => {
    const text = readFileSync(join(root, "ignition", template), "utf8");
    const butane = Handlebars.compile(text, { strict: true, noEscape: true })(metadata);
    const result = transpile(butane);
    expect(result.failure, groupId).toBeUndefined();
    expect(result.diagnostics, groupId).toEqual([]);
    const ignition = JSON.parse(result.output!) as { ignition: { version: string }; storage?: { files?: { path: string }[] } };
    expect(ignition.ignition.version).toMatch(/^3\.\d\.0$/);
    if (text.includes("path: /etc/hostname")) {
      expect(butane).toContain(`inline: ${String(metadata.hostname)}\n`);
      expect(ignition.storage?.files?.map((f) => f.path)).toContain("/etc/hostname");
    }
  });
});
