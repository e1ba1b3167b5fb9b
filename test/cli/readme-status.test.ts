// The README's `kindling status` example, run as written: each "$ " line in
// a fresh folder holding the examples, with `kindling` on PATH being this
// build; a line ending in "&" keeps running in the background (the server),
// and each other line must print exactly the lines the README shows under it.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "../helpers/wait-for.js";

const root = join(import.meta.dirname, "../..");
const MARKER = "<!-- example: status";

interface Step {
  command: string;
  output: string;
}

function example(): Step[] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const at = readme.indexOf(MARKER);
  if (at < 0) throw new Error(`README.md has no "${MARKER}" block`);
  const block = /```console\n([\s\S]*?)```/.exec(readme.slice(at))![1]!;
  const steps: Step[] = [];
  for (const line of block.split("\n").slice(0, -1)) {
    if (line.startsWith("$ ")) steps.push({ command: line.slice(2), output: "" });
    else steps[steps.length - 1]!.output += line + "\n";
  }
  return steps;
}

const background: ChildProcess[] = [];
const work = mkdtempSync(join(tmpdir(), "kindling-readme-"));
afterAll(() => {
  // The whole process group: sh may not exec the server, and killing only
  // sh would leave the server running, holding its port, after the tests.
  for (const child of background) if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
  rmSync(work, { recursive: true, force: true });
});

describe("the README's status example", () => {
  it("runs as written and prints what the README shows", async () => {
    cpSync(join(root, "examples"), join(work, "examples"), { recursive: true });
    const bin = join(work, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "kindling"), `#!/bin/sh\nexec "${process.execPath}" "${join(root, "dist", "cli.js")}" "$@"\n`);
    chmodSync(join(bin, "kindling"), 0o755);
    // As a user's shell: none of kindling's variables set.
    const env: Record<string, string | undefined> = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    for (const name of Object.keys(env)) if (name.startsWith("KINDLING_")) delete env[name];

    const steps = example();
    expect(steps.map((s) => s.command.split(" ")[0])).toContain("kindling");
    for (const step of steps) {
      if (/&\s*$/.test(step.command.replace(/\s#.*$/, ""))) {
        const child = spawn("sh", ["-c", step.command.replace(/\s#.*$/, "").replace(/&\s*$/, "")], {
          cwd: work,
          env,
          stdio: ["ignore", "pipe", "pipe"],
          detached: true,
        });
        background.push(child);
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += d));
        child.stdout!.resume();
        await waitFor(
          `"${step.command}" to listen (it said: ${JSON.stringify(stderr)})`,
          () => child.exitCode === null && /listening on/.test(stderr),
        );
        continue;
      }
      const r = spawnSync("sh", ["-c", step.command], { cwd: work, env, encoding: "utf8" });
      expect({ command: step.command, status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
        command: step.command,
        status: 0,
        stdout: step.output,
        stderr: "",
      });
    }
  });
});
