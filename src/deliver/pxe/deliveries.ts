/**
 * "Delivered at": when a machine of a profile with verification was last
 * served its config, kept in the store so `kindling status` can tell a
 * machine that never reported from one that was never delivered. A machine
 * fetching the same config again within a minute (a retrying boot loader)
 * is not written again.
 */
import type { Delivery, ReportStore } from "./reports.js";

export const REWRITE_AFTER_MS = 60_000;

export class DeliveryLog {
  private last = new Map<string, { group: string; profile: string; at: number }>();

  constructor(
    private readonly store: Pick<ReportStore, "putDelivery">,
    private readonly onError: (err: Error) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  record(d: Omit<Delivery, "deliveredAt">): void {
    const at = this.now();
    const key = d.machine || `group=${d.group}`;
    const seen = this.last.get(key);
    if (seen && seen.group === d.group && seen.profile === d.profile && at - seen.at < REWRITE_AFTER_MS) return;
    this.last.set(key, { group: d.group, profile: d.profile, at });
    this.store.putDelivery({ ...d, deliveredAt: new Date(at).toISOString() }).catch(this.onError);
  }
}
