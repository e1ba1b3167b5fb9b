/**
 * "Delivered at": when a config with the verification agent went out, kept
 * in the store so `kindling status` can tell a machine that never reported
 * from one that was never delivered.
 *
 * - A machine's own delivery (a group that names the machine) carries the
 *   nonce its report key derives from, so it is written before the config
 *   goes out, every time: a second delivery replaces the first one's nonce
 *   (its key stops verifying), and one that follows a delivery no report
 *   came back for counts as a repeat ("delivered twice" in status).
 * - A delivery of a group's shared config is written in the background, and
 *   a fetch of the same config within a minute (a retrying boot loader, the
 *   group's other machines) is not written again.
 */
import type { Delivery, Records } from "./records.js";

export const REWRITE_AFTER_MS = 60_000;

type Delivered = Pick<Delivery, "machine" | "group" | "profile" | "endpoint" | "nonce">;

export class DeliveryLog {
  /** Shared deliveries written lately, by label: as many as there are groups. */
  private last = new Map<string, { group: string; profile: string; at: number }>();

  constructor(
    private readonly store: Pick<Records, "getDelivery" | "putDelivery">,
    private readonly onError: (err: Error) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves once a machine's own delivery is written (rejects when it cannot be); a shared one resolves at once. */
  record(d: Delivered): Promise<void> {
    const at = this.now();
    if (d.nonce) return this.recordOwn(d, at);
    const key = d.machine || `group=${d.group}`;
    const seen = this.last.get(key);
    if (seen && seen.group === d.group && seen.profile === d.profile && at - seen.at < REWRITE_AFTER_MS) return Promise.resolve();
    this.last.set(key, { group: d.group, profile: d.profile, at });
    this.store.putDelivery({ ...d, deliveredAt: new Date(at).toISOString() }).catch(this.onError);
    return Promise.resolve();
  }

  private async recordOwn(d: Delivered, at: number): Promise<void> {
    const earlier = await this.store.getDelivery(d.machine);
    // Only a delivery this version wrote (with a nonce) can say whether a report came back for it.
    const repeat = earlier?.nonce && !earlier.reportedAt;
    await this.store.putDelivery({
      ...d,
      deliveredAt: new Date(at).toISOString(),
      times: repeat ? (earlier.times ?? 1) + 1 : 1,
      ...(repeat ? { earlierAt: earlier.deliveredAt } : {}),
    });
  }
}
