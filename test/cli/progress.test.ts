import { describe, expect, test } from "vitest";
import { progressLine } from "../../src/cli/progress.js";
import { memoryIO } from "../helpers/io.js";

describe("progress lines", () => {
  test("off a terminal: a plain line each time the state changes, repeats dropped", () => {
    const m = memoryIO();
    const p = progressLine(m.io, "launch ec2");
    for (const s of ["pending", "pending", "running"]) p.step(s);
    p.end();
    expect(m.stderr()).toBe("launch ec2: pending\nlaunch ec2: running\n");
  });

  test("on a terminal: one line rewritten in place, ended with a newline", () => {
    const m = memoryIO();
    m.io.stderrIsTTY = true;
    const p = progressLine(m.io, "launch gce");
    p.step("PROVISIONING");
    p.step("RUNNING");
    p.end();
    expect(m.stderr()).toBe("\r\x1b[Klaunch gce: PROVISIONING\r\x1b[Klaunch gce: RUNNING\n");
  });
});
