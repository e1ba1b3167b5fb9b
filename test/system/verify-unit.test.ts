// The agent's unit as systemd reads it: Debian's systemd-analyze verify
// finds nothing wrong with it (a missing systemd-analyze fails the test).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AGENT_UNIT, renderAgentUnit } from "../../src/verify/agent.js";

describe("kindling-verify.service", () => {
  it("passes systemd-analyze verify", () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-unit-"));
    const unit = join(dir, AGENT_UNIT);
    writeFileSync(unit, renderAgentUnit());
    const r = spawnSync("systemd-analyze", ["verify", unit], { encoding: "utf8" });
    if (r.error) throw new Error("systemd-analyze is needed for this test: apt-get install systemd");
    expect(r.stderr + r.stdout).toBe("");
    expect(r.status).toBe(0);
  });

  it("would be reported by systemd-analyze verify if it were malformed", () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-unit-"));
    const unit = join(dir, AGENT_UNIT);
    writeFileSync(unit, renderAgentUnit().replace("Type=oneshot", "Type=oneshot-ish"));
    const r = spawnSync("systemd-analyze", ["verify", unit], { encoding: "utf8" });
    expect(r.stderr).toContain("Failed to parse service type");
  });
});
