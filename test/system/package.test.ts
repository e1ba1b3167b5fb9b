// The package as users install it: `npm pack`, install the tarball into an
// empty project, run the `kindling` bin it provides; and `npm install` from
// a git checkout (npm clones it and runs its prepare script, the build).
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, test } from "vitest";

const root = resolve(import.meta.dirname, "../..");
let bin = "";

// npm runs for tens of seconds: asynchronously, so vitest's worker keeps
// answering its RPC meanwhile (a synchronous wait of a minute times it out).
const run = promisify(execFile);

beforeAll(async () => {
  const work = mkdtempSync(join(tmpdir(), "kindling-pack-"));
  await run("npm", ["pack", "--silent", "--pack-destination", work], { cwd: root });
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball");
  const project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), '{"name":"consumer","version":"1.0.0","private":true}\n');
  await run("npm", ["install", "--silent", "--no-audit", "--no-fund", join(work, tarball)], { cwd: project });
  bin = join(project, "node_modules", ".bin", "kindling");
});

describe("installed package", () => {
  test("the kindling bin validates configs with the schemas it ships", () => {
    const ok = spawnSync(bin, ["validate", join(root, "examples/raid-luks.ign")], { encoding: "utf8" });
    expect({ status: ok.status, stdout: ok.stdout, stderr: ok.stderr }).toEqual({ status: 0, stdout: "", stderr: "" });
    for (const version of ["3.0.0", "3.3.0", "3.7.0-experimental"]) {
      const input = `{"ignition":{"version":"${version}"},"storage":{"files":[{"path":"x"}]}}`;
      const r = spawnSync(bin, ["validate", "-"], { input, encoding: "utf8" });
      expect(r.status).toBe(1);
      const column = input.indexOf('"x"') + 1;
      expect(r.stdout).toBe(`error at $.storage.files.0.path, line 1 col ${column}: path not absolute\n`);
    }
  });

  test("the kindling bin transpiles Butane from its bundle, as the repository build does", () => {
    const args = ["transpile", "--files-dir", join(root, "examples"), join(root, "examples/webserver.bu")];
    const installed = spawnSync(bin, args, { encoding: "utf8" });
    const built = spawnSync(process.execPath, [join(root, "dist/cli.js"), ...args], { encoding: "utf8" });
    expect(installed.stderr).toBe("");
    expect(installed.status).toBe(0);
    expect(JSON.parse(installed.stdout).ignition.version).toBe("3.5.0");
    expect(installed.stdout).toBe(built.stdout);
  });

  test("the kindling bin writes every legacy target, the script from the template it ships", () => {
    for (const target of ["cloud-config", "cloud-init", "script"]) {
      const args = ["transpile", "--target", target, "--files-dir", join(root, "examples"), join(root, "examples/container-host.bu")];
      const installed = spawnSync(bin, args, { encoding: "utf8" });
      const built = spawnSync(process.execPath, [join(root, "dist/cli.js"), ...args], { encoding: "utf8" });
      expect(installed.stderr).toBe("");
      expect(installed.status).toBe(0);
      expect(installed.stdout).toMatch(target === "script" ? /^#!\/bin\/sh\n/ : /^#cloud-config\n/);
      expect(installed.stdout).toBe(built.stdout);
    }
    const validated = spawnSync(bin, ["validate", "--target", "cloud-config", "-"], {
      input: spawnSync(
        bin,
        ["transpile", "--target", "cloud-config", "--files-dir", join(root, "examples"), join(root, "examples/container-host.bu")],
        { encoding: "utf8" },
      ).stdout,
      encoding: "utf8",
    });
    expect({ status: validated.status, stdout: validated.stdout, stderr: validated.stderr }).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  test("the library entry point imports", () => {
    const script =
      "import('kindling').then(k => { const r = k.transpile('variant: fcos\\nversion: 1.4.0\\n'); " +
      "console.log(typeof k.validateIgnition, k.SPEC_VERSIONS.length, r.output, r.diagnostics.length) })";
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: resolve(bin, "../../.."),
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe('function 8 {"ignition":{"version":"3.3.0"}} 0');
  });
});

describe("installed from a git checkout", () => {
  test("npm install git+file://… builds dist/ through prepare, so the kindling bin runs", async () => {
    const project = mkdtempSync(join(tmpdir(), "kindling-git-install-"));
    writeFileSync(join(project, "package.json"), '{"name":"consumer","version":"1.0.0","private":true}\n');
    // npm clones the committed tree (HEAD), as it would from a remote.
    await run("npm", ["install", "--silent", "--no-audit", "--no-fund", `git+file://${root}`], { cwd: project });
    const installed = join(project, "node_modules", ".bin", "kindling");
    expect(existsSync(join(project, "node_modules", "kindling", "dist", "cli.js"))).toBe(true);
    const version = spawnSync(installed, ["--version"], { encoding: "utf8" });
    expect({ status: version.status, stderr: version.stderr }).toEqual({ status: 0, stderr: "" });
    expect(version.stdout).toMatch(/^kindling \d+\.\d+\.\d+ /);
    const args = ["transpile", "--files-dir", join(root, "examples"), join(root, "examples/webserver.bu")];
    const got = spawnSync(installed, args, { encoding: "utf8" });
    expect(got.stderr).toBe("");
    expect(got.stdout).toBe(spawnSync(process.execPath, [join(root, "dist/cli.js"), ...args], { encoding: "utf8" }).stdout);
  }, 240_000);
});
