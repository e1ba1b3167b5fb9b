// What one client address may make the server create: a bucket per client,
// refilled over a minute; a bounded number of clients remembered.
import { describe, expect, it } from "vitest";
import { ClientBudget } from "../../../../src/deliver/pxe/http/client-budget.js";

describe("ClientBudget", () => {
  it("grants a client its budget, then says how long to wait, and refills over the minute", () => {
    let now = 0;
    const budget = new ClientBudget(60, () => now);
    for (let i = 0; i < 60; i++) expect(budget.take("10.0.0.1")).toBeUndefined();
    expect(budget.take("10.0.0.1")).toBe(1);
    // Another client has its own budget.
    expect(budget.take("10.0.0.2")).toBeUndefined();
    now += 1000;
    expect(budget.take("10.0.0.1")).toBeUndefined();
    expect(budget.take("10.0.0.1")).toBe(1);
    now += 60_000;
    for (let i = 0; i < 60; i++) expect(budget.take("10.0.0.1")).toBeUndefined();
    expect(budget.take("10.0.0.1")).toBeGreaterThan(0);
  });

  it("is off at 0, and remembers at most maxClients clients", () => {
    const off = new ClientBudget(0);
    for (let i = 0; i < 1000; i++) expect(off.take("10.0.0.1")).toBeUndefined();
    const now = 0;
    const budget = new ClientBudget(10, () => now, 100);
    for (let i = 0; i < 10_000; i++) budget.take(`10.0.${i >> 8}.${i & 255}`);
    expect(budget.clients).toBeLessThanOrEqual(100);
  });
});
