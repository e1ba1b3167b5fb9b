/**
 * What one client address may make the server create (a cached reply keyed
 * by its query, a config with a key of its own, a machine's first report):
 * a bucket of `perMinute` tokens per address, refilled evenly over a minute.
 * At most `maxClients` clients are remembered, the longest idle forgotten
 * first (a forgotten client starts again with a full bucket), so the budget
 * cannot itself grow without limit.
 */
export const DEFAULT_CLIENT_BUDGET = 300;

export class ClientBudget {
  /** Per client: tokens left and when they were counted; in order of last use. */
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    /** Tokens a minute per client; 0 turns the budget off. */
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxClients = 65_536,
  ) {}

  /** Spends one of the client's tokens: undefined when granted, else the whole seconds until one is back. */
  take(client: string): number | undefined {
    if (this.perMinute <= 0) return undefined;
    const now = this.now();
    const rate = this.perMinute / 60_000;
    const bucket = this.buckets.get(client);
    const tokens = bucket ? Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * rate) : this.perMinute;
    if (tokens < 1) {
      this.remember(client, tokens, now);
      return Math.max(1, Math.ceil((1 - tokens) / rate / 1000));
    }
    this.remember(client, tokens - 1, now);
    return undefined;
  }

  /** Clients remembered. */
  get clients(): number {
    return this.buckets.size;
  }

  private remember(client: string, tokens: number, at: number): void {
    this.buckets.delete(client);
    this.buckets.set(client, { tokens, at });
    // The longest idle goes first: its bucket is the likeliest to have refilled.
    if (this.buckets.size > this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
  }
}
